from django.urls import path

from orga import views

app_name = "orga"

# Every page under <org_id>/ goes through orga.access.orga_member_required (members only, 404 for others).
urlpatterns = [
    path("", views.index, name="index"),
    path("invitations/<int:invitation_id>", views.invitation, name="invitation"),
    path("<int:org_id>/", views.home, name="home"),
    # Team
    path("<int:org_id>/equipe", views.team, name="team"),
    path("<int:org_id>/equipe/inviter", views.invite, name="invite"),
    path(
        "<int:org_id>/equipe/invitations/<int:invitation_id>/renvoyer",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:org_id>/equipe/invitations/<int:invitation_id>/annuler",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("<int:org_id>/equipe/membres/<int:membership_id>/role", views.member_role, name="member_role"),
    path(
        "<int:org_id>/equipe/membres/<int:membership_id>/retirer", views.member_remove, name="member_remove"
    ),
    path("<int:org_id>/quitter", views.leave, name="leave"),
    # Students: /eleves for schools (SCO), /etudiants for universities (SUP)
    path("<int:org_id>/eleves", views.students, {"kind": "sco"}, name="students"),
    path("<int:org_id>/eleves/import", views.students_import, {"kind": "sco"}, name="students_import"),
    path(
        "<int:org_id>/eleves/modele.csv", views.students_template, {"kind": "sco"}, name="students_template"
    ),
    path("<int:org_id>/eleves/identifiants", views.usernames, name="usernames"),
    path("<int:org_id>/etudiants", views.students, {"kind": "sup"}, name="sup_students"),
    path("<int:org_id>/etudiants/import", views.students_import, {"kind": "sup"}, name="sup_students_import"),
    path(
        "<int:org_id>/etudiants/modele.csv",
        views.students_template,
        {"kind": "sup"},
        name="sup_students_template",
    ),
    path("<int:org_id>/imports/<int:job_id>", views.import_job, name="import_job"),
    path("<int:org_id>/imports/<int:job_id>/statut", views.import_job_status, name="import_job_status"),
]
