from django.urls import path

from orga import campaign_views, certification_views, views

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

# Campaigns (orga/campaign_views.py)
_campaign = "<int:org_id>/campagnes/<int:campaign_id>"
urlpatterns += [
    path("<int:org_id>/campagnes", campaign_views.campaign_list, {"scope": "mine"}, name="campaigns"),
    path(
        "<int:org_id>/campagnes/toutes", campaign_views.campaign_list, {"scope": "all"}, name="campaigns_all"
    ),
    path("<int:org_id>/campagnes/creation", campaign_views.campaign_new, name="campaign_new"),
    path(_campaign, campaign_views.campaign_activity, name="campaign"),
    path(f"{_campaign}/modification", campaign_views.campaign_edit, name="campaign_edit"),
    path(f"{_campaign}/parametres", campaign_views.campaign_settings, name="campaign_settings"),
    path(f"{_campaign}/archiver", campaign_views.campaign_archive_view, name="campaign_archive"),
    path(f"{_campaign}/desarchiver", campaign_views.campaign_unarchive_view, name="campaign_unarchive"),
    path(f"{_campaign}/suppression", campaign_views.campaign_delete_view, name="campaign_delete"),
    path(f"{_campaign}/resultats-evaluation", campaign_views.campaign_results, name="campaign_results"),
    path(
        f"{_campaign}/evaluations/<int:participation_id>/resultats",
        campaign_views.participant_results,
        name="participant_results",
    ),
    path(f"{_campaign}/analyse", campaign_views.campaign_analysis, name="campaign_analysis"),
    path(f"{_campaign}/profils", campaign_views.campaign_profiles, name="campaign_profiles"),
    path(
        f"{_campaign}/profils/<int:participation_id>",
        campaign_views.participant_profile,
        name="participant_profile",
    ),
    path(f"{_campaign}/exports", campaign_views.export_start, name="campaign_export_start"),
    path(f"{_campaign}/exports/<int:job_id>", campaign_views.export_job, name="campaign_export"),
    path(
        f"{_campaign}/exports/<int:job_id>/statut",
        campaign_views.export_job_status,
        name="campaign_export_status",
    ),
    path(
        f"{_campaign}/exports/<int:job_id>/telecharger",
        campaign_views.export_download,
        name="campaign_export_download",
    ),
    # Certification attestations of a class (SCO managing students)
    path("<int:org_id>/certifications", certification_views.class_attestations, name="class_attestations"),
]
