"""The test player's addresses (pix-orga-learner.md §3.1), included in the "learners:" namespace."""

from django.urls import path

from learners.player import views

urlpatterns = [
    path("competences/<str:code>/evaluer", views.competence_evaluate, name="competence_evaluate"),
    path(
        "competences/<str:code>/resultats/<int:assessment_id>",
        views.competence_results,
        name="competence_results",
    ),
    path("assessments/<int:assessment_id>/resume", views.assessment_resume, name="assessment_resume"),
    path("assessments/<int:assessment_id>/results", views.assessment_results, name="assessment_results"),
    path(
        "assessments/<int:assessment_id>/challenges/<int:n>",
        views.assessment_challenge,
        name="assessment_challenge",
    ),
    path(
        "assessments/<int:assessment_id>/checkpoint",
        views.assessment_checkpoint,
        name="assessment_checkpoint",
    ),
    path(
        "assessments/<int:assessment_id>/answers/<int:answer_id>/correction",
        views.answer_correction,
        name="answer_correction",
    ),
    path("assessments/<int:assessment_id>/signalement", views.challenge_report, name="challenge_report"),
]
