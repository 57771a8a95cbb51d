from django.urls import path

from orga import views

app_name = "orga"

urlpatterns = [
    path("", views.index, name="index"),
]
