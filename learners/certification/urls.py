"""The candidate's addresses on the day of the exam (pix-orga-learner.md §3.1), in the "learners:" namespace."""

from django.urls import path

from learners.certification import views

urlpatterns = [
    path("certifications", views.certification_start, name="certification_start"),
    path(
        "certifications/sessions/<int:session_id>/instructions",
        views.certification_instructions,
        name="certification_instructions",
    ),
    path(
        "certifications/sessions/<int:session_id>/entree",
        views.certification_enter,
        name="certification_enter",
    ),
    path(
        "certifications/sessions/<int:session_id>/autorisation",
        views.certification_authorization,
        name="certification_authorization",
    ),
    path("certifications/<int:course_id>", views.certification_test, name="certification_test"),
    path(
        "certifications/<int:course_id>/signalement", views.certification_report, name="certification_report"
    ),
    path("certifications/<int:course_id>/etat", views.certification_status, name="certification_status"),
    path(
        "certifications/<int:course_id>/focus",
        views.certification_focus_lost,
        name="certification_focus_lost",
    ),
    path("certifications/<int:course_id>/fin", views.certification_end, name="certification_end"),
]
