from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from assessments.models import KnowledgeElement
from challenges.models import Challenge
from tests.assessments.conftest import RIGHT, WRONG
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(learner) -> APIClient:
    client = APIClient()
    client.force_authenticate(learner)
    return client


def start(api: APIClient, competence: str = "1.1") -> int:
    response = api.post(
        "/api/competence-evaluations/start-or-resume", {"competence": competence}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["id"]


def test_the_api_carries_a_learner_through_a_whole_evaluation_to_the_scorecard(small_release, api):
    assessment_id = start(api)
    questions = 0
    while (response := api.get(f"/api/assessments/{assessment_id}/next")).status_code == 200:
        challenge = response.json()
        assert "solution" not in challenge and "explanation" not in challenge
        level = Challenge.objects.get(pk=challenge["id"]).skill.level
        answer = api.post(
            f"/api/assessments/{assessment_id}/answers",
            {"challenge": challenge["id"], "value": RIGHT if level <= 3 else WRONG},
            format="json",
        )
        assert answer.status_code == 201, answer.content
        questions += 1
    assert response.status_code == 204
    assert api.get(f"/api/assessments/{assessment_id}").json()["state"] == "completed"
    cards = {card["competence"]: card for card in api.get("/api/scorecards").json()}
    assert len(cards) == 16
    assert cards["1.1"]["level"] == 3 and cards["1.1"]["status"] == "COMPLETED"
    assert cards["1.2"]["status"] == "NOT_STARTED"
    assert 0 < questions < 20


def test_an_answer_returns_its_result_and_the_correction_comes_after(small_release, api):
    assessment_id = start(api)
    challenge = api.get(f"/api/assessments/{assessment_id}/next").json()
    answer = api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": WRONG},
        format="json",
    ).json()
    assert answer["result"] == "ko"
    correction = api.get(f"/api/answers/{answer['id']}/correction").json()
    assert correction["solution"] == "1"
    assert correction["explanation"]
    assert correction["tutorials"][0]["url"].startswith("https://")


def test_a_learner_never_reaches_another_learners_assessment_or_answer(small_release, api):
    other = APIClient()
    other.force_authenticate(UserFactory())
    assessment_id = start(api)
    challenge = api.get(f"/api/assessments/{assessment_id}/next").json()
    answer_id = api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": RIGHT},
        format="json",
    ).json()["id"]
    assert other.get(f"/api/assessments/{assessment_id}").status_code == 404
    assert other.get(f"/api/assessments/{assessment_id}/next").status_code == 404
    assert (
        other.post(
            f"/api/assessments/{assessment_id}/answers",
            {"challenge": challenge["id"], "value": RIGHT},
            format="json",
        ).status_code
        == 404
    )
    assert other.get(f"/api/answers/{answer_id}/correction").status_code == 404


def test_anonymous_requests_are_refused(small_release):
    client = APIClient()
    assert client.get("/api/scorecards").status_code in (401, 403)
    assert client.post("/api/competence-evaluations/start-or-resume", {"competence": "1.1"}).status_code in (
        401,
        403,
    )


def test_refusals_carry_a_stable_code_and_a_french_message(small_release, api):
    assessment_id = start(api)
    challenge = api.get(f"/api/assessments/{assessment_id}/next").json()
    empty = api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": ""},
        format="json",
    )
    assert empty.status_code == 400 and empty.json()["code"] == "empty_answer"
    api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": RIGHT},
        format="json",
    )
    twice = api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": RIGHT},
        format="json",
    )
    assert twice.status_code == 409 and twice.json()["code"] == "challenge_already_answered"
    assert "déjà répondu" in twice.json()["detail"]


def test_reset_too_early_is_refused_with_the_days_left(small_release, api):
    assessment_id = start(api)
    challenge = api.get(f"/api/assessments/{assessment_id}/next").json()
    api.post(
        f"/api/assessments/{assessment_id}/answers",
        {"challenge": challenge["id"], "value": RIGHT},
        format="json",
    )
    response = api.post("/api/scorecards/1.1/reset")
    assert response.status_code == 409
    assert response.json()["code"] == "competence_reset_too_early"
    assert KnowledgeElement.objects.filter(status="reset").count() == 0


def test_improving_a_competence_not_started_is_refused(small_release, api):
    response = api.post("/api/competence-evaluations/improve", {"competence": "1.2"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "improve_forbidden"


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/competence-evaluations/start-or-resume",
        "/api/assessments/{assessment_id}/next",
        "/api/assessments/{assessment_id}/answers",
        "/api/answers/{answer_id}/correction",
        "/api/scorecards",
        "/api/scorecards/{competence}/reset",
        "/api/competence-evaluations/improve",
    ):
        assert path in paths
