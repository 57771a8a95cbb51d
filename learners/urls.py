from django.urls import include, path

from learners import views

app_name = "learners"

# Each part of the learner site has its own module; they share this namespace ("learners:").
urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil", views.home, name="home"),
    # Profile and competences
    path("competences", views.competences, name="competences"),
    path("competences/<str:code>/details", views.competence_details, name="competence_details"),
    path("competences/<str:code>/retenter", views.competence_improve, name="competence_improve"),
    path("competences/<str:code>/remise-a-zero", views.competence_reset, name="competence_reset"),
    # Tutorials ("Mes tutos")
    path("mes-tutos", views.tutorials, name="tutorials"),
    path("mes-tutos/recommandes", views.tutorials_tab, {"tab": "recommandes"}, name="tutorials_recommended"),
    path("mes-tutos/enregistres", views.tutorials_tab, {"tab": "enregistres"}, name="tutorials_saved"),
    path("mes-tutos/<int:tutorial_id>/enregistrer", views.tutorial_save, name="tutorial_save"),
    path("mes-tutos/<int:tutorial_id>/retirer", views.tutorial_unsave, name="tutorial_unsave"),
    # The test player: questions, checkpoints, corrections, results
    path("", include("learners.player.urls")),
    path("", include("learners.campaigns.urls")),  # campaigns ("parcours"), from a code to the results
    path("", include("learners.certification.urls")),  # the day of the certification exam
    path("", include("learners.certificates.urls")),  # "Mes certifications", verification, sharing
]
