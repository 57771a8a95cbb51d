from django.urls import path

from learners import views

app_name = "learners"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil", views.home, name="home"),
]
