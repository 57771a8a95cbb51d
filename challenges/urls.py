from django.urls import path

from challenges import views

app_name = "challenges"

urlpatterns = [
    path("<str:challenge_id>/preview", views.challenge_preview, name="preview"),
]
