from django.urls import path

from certif import views

app_name = "certif"

urlpatterns = [
    path("", views.index, name="index"),
]
