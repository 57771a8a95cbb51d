"""Pix Certif addresses, after Pix Certif's own French routes (pix-certif.md §0)."""

from django.urls import path

from certif import finalisation_views, invigilator_views, team_views, views

app_name = "certif"

urlpatterns = [
    path("", views.index, name="index"),
    path("centres/<int:center_id>/", views.sessions, name="sessions"),
    path("centres/<int:center_id>/cgu", views.terms, name="terms"),
    path("centres/<int:center_id>/sessions/creation", views.session_create, name="session_create"),
    # The centre's team and invitations (certif/team_views.py)
    path("centres/<int:center_id>/equipe", team_views.team, name="team"),
    path("centres/<int:center_id>/equipe/invitation", team_views.team_invite, name="team_invite"),
    path(
        "centres/<int:center_id>/equipe/invitations/<int:invitation_id>/renvoyer",
        team_views.team_invitation_resend,
        name="team_invitation_resend",
    ),
    path(
        "centres/<int:center_id>/equipe/invitations/<int:invitation_id>/annuler",
        team_views.team_invitation_cancel,
        name="team_invitation_cancel",
    ),
    path(
        "centres/<int:center_id>/equipe/membres/<int:membership_id>/role",
        team_views.team_member_role,
        name="team_member_role",
    ),
    path(
        "centres/<int:center_id>/equipe/membres/<int:membership_id>/retirer",
        team_views.team_member_remove,
        name="team_member_remove",
    ),
    path("centres/<int:center_id>/quitter", team_views.team_leave, name="team_leave"),
    path("invitations/<int:invitation_id>", team_views.team_invitation, name="invitation"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/modification", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/suppression", views.session_delete, name="session_delete"),
    path("sessions/<int:session_id>/candidats/ajout", views.candidate_add, name="candidate_add"),
    path("sessions/<int:session_id>/candidats/import", views.candidates_import, name="candidates_import"),
    path(
        "sessions/<int:session_id>/candidats/modele.ods",
        views.candidates_template,
        name="candidates_template",
    ),
    path(
        "sessions/<int:session_id>/candidats/<int:candidate_id>/retrait",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path("sessions/<int:session_id>/inscription-eleves", views.students_enrol, name="students_enrol"),
    path("sessions/<int:session_id>/feuille-emargement.pdf", views.attendance_sheet, name="attendance_sheet"),
    path("sessions/<int:session_id>/kit-surveillant.pdf", views.invigilator_kit, name="invigilator_kit"),
    # The invigilator's space: one session, with its number and password, while it is open (§3.4)
    path("surveillance", invigilator_views.invigilator_login, name="invigilator_login"),
    path("surveillance/<int:session_id>", invigilator_views.invigilator_session, name="invigilator"),
    path(
        "surveillance/<int:session_id>/candidats.json",
        invigilator_views.invigilator_poll,
        name="invigilator_poll",
    ),
    path(
        "surveillance/<int:session_id>/deconnexion",
        invigilator_views.invigilator_logout,
        name="invigilator_logout",
    ),
    path(
        "surveillance/<int:session_id>/candidats/<int:candidate_id>/presence",
        invigilator_views.invigilator_presence,
        name="invigilator_presence",
    ),
    path(
        "surveillance/<int:session_id>/candidats/<int:candidate_id>/reprise",
        invigilator_views.invigilator_resume,
        name="invigilator_resume",
    ),
    path(
        "surveillance/<int:session_id>/candidats/<int:candidate_id>/fin",
        invigilator_views.invigilator_end,
        name="invigilator_end",
    ),
    path(
        "surveillance/<int:session_id>/signalements/<int:alert_id>/validation",
        invigilator_views.invigilator_alert_validate,
        name="invigilator_alert_validate",
    ),
    path(
        "surveillance/<int:session_id>/signalements/<int:alert_id>/refus",
        invigilator_views.invigilator_alert_dismiss,
        name="invigilator_alert_dismiss",
    ),
    # After the exam: finalisation and results (certif/finalisation_views.py)
    path(
        "sessions/<int:session_id>/finalisation",
        finalisation_views.session_finalisation,
        name="session_finalisation",
    ),
    path(
        "sessions/<int:session_id>/finalisation/candidats/<int:course_id>/signalement",
        finalisation_views.issue_report_add,
        name="issue_report_add",
    ),
    path(
        "sessions/<int:session_id>/finalisation/signalements/<int:report_id>/suppression",
        finalisation_views.issue_report_delete,
        name="issue_report_delete",
    ),
    path("sessions/<int:session_id>/resultats", finalisation_views.session_results, name="session_results"),
    path(
        "sessions/<int:session_id>/resultats.csv",
        finalisation_views.session_results_download,
        name="session_results_csv",
    ),
]
