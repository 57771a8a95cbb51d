"""API addresses of certification (included under /api/)."""

from django.urls import path

from certification import api

urlpatterns = [
    path(
        "organizations/<str:uai>/certifications",
        api.LivretScolaireView.as_view(),
        name="api-livret-scolaire",
    ),
]
