"""Pix Certif addresses, after Pix Certif's own French routes (pix-certif.md §0)."""

from django.urls import path

from certif import views

app_name = "certif"

urlpatterns = [
    path("", views.index, name="index"),
    path("centres/<int:center_id>/", views.sessions, name="sessions"),
    path("centres/<int:center_id>/cgu", views.terms, name="terms"),
    path("centres/<int:center_id>/sessions/creation", views.session_create, name="session_create"),
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
]
