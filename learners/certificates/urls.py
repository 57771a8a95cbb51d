"""Certificates on the learner site (pix-certif.md §5): "Mes certifications", and the public pages."""

from django.urls import path

from learners.certificates import views

urlpatterns = [
    path("mes-certifications", views.my_certifications, name="my_certifications"),
    path("mes-certifications/<int:course_id>", views.my_certificate, name="my_certificate"),
    path(
        "mes-certifications/<int:course_id>/attestation.pdf",
        views.my_certificate_pdf,
        name="my_certificate_pdf",
    ),
    path("verification-certificat", views.certificate_verification, name="certificate_verification"),
    path("partage-certificat/<str:code>", views.certificate_share, name="certificate_share"),
    path("resultats-session/<str:token>", views.session_results_download, name="session_results_download"),
]
