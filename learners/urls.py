from django.urls import path

from learners import views

app_name = "learners"

# Each part of the learner site has its own module; they share this namespace ("learners:").
urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil", views.home, name="home"),
]
