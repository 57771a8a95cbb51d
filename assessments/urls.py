from django.urls import path

from assessments import api

urlpatterns = [
    path(
        "competence-evaluations/start-or-resume", api.StartOrResumeView.as_view(), name="api-start-or-resume"
    ),
    path("competence-evaluations/improve", api.ImproveView.as_view(), name="api-improve"),
    path("assessments/<int:assessment_id>", api.AssessmentView.as_view(), name="api-assessment"),
    path("assessments/<int:assessment_id>/next", api.NextChallengeView.as_view(), name="api-next-challenge"),
    path("assessments/<int:assessment_id>/answers", api.AnswerView.as_view(), name="api-answers"),
    path("answers/<int:answer_id>/correction", api.CorrectionView.as_view(), name="api-correction"),
    path("scorecards", api.ScorecardsView.as_view(), name="api-scorecards"),
    path("scorecards/<str:competence>/reset", api.ScorecardResetView.as_view(), name="api-scorecard-reset"),
]
