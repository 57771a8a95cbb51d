"""The learner's side of campaigns (pix-orga-learner.md §3.1), included in the "learners:" namespace."""

from django.urls import path

from learners.campaigns import views

urlpatterns = [
    path("campagnes", views.campaign_code, name="campaign_code"),
    path("campagnes/<str:code>", views.campaign_landing, name="campaign_landing"),
    path("campagnes/<str:code>/oups", views.campaign_oups, name="campaign_oups"),
    path(
        "campagnes/<str:code>/rejoindre/identification", views.campaign_reconcile, name="campaign_reconcile"
    ),
    path(
        "campagnes/<str:code>/prescrit/identifiant", views.campaign_external_id, name="campaign_external_id"
    ),
    path("campagnes/<str:code>/evaluation", views.campaign_evaluation, name="campaign_evaluation"),
    path("campagnes/<str:code>/evaluation/resultats", views.campaign_results, name="campaign_results"),
    path(
        "campagnes/<str:code>/collecte/envoi-profil",
        views.campaign_profile_send,
        name="campaign_profile_send",
    ),
    path(
        "campagnes/<str:code>/collecte/deja-envoye", views.campaign_profile_sent, name="campaign_profile_sent"
    ),
]
