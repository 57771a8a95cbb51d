"""Answering and getting the next challenge cost a fixed number of queries, whatever the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import KnowledgeElement
from referential.models import Competence, Skill
from tests.assessments.conftest import RIGHT

pytestmark = pytest.mark.django_db

BUDGET = 12


def long_history(learner, *, rows: int) -> None:
    skills = list(Skill.objects.filter(competence__code="1.2"))
    competence = Competence.objects.get(code="1.2")
    start = timezone.now() - timedelta(days=30)
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user=learner,
            skill=skills[i % len(skills)],
            competence=competence,
            status="invalidated",
            source="direct",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(rows)
    )


@pytest.mark.parametrize("history", [0, 500])
def test_next_and_answer_stay_within_budget_whatever_the_history(
    small_release, learner, history, django_assert_max_num_queries
):
    long_history(learner, rows=history)
    api = APIClient()
    api.force_authenticate(learner)
    assessment_id = api.post(
        "/api/competence-evaluations/start-or-resume", {"competence": "1.1"}, format="json"
    ).json()["id"]
    api.get(f"/api/assessments/{assessment_id}/next")  # builds the referential snapshot, outside the budget
    for _ in range(4):
        with django_assert_max_num_queries(BUDGET):
            challenge = api.get(f"/api/assessments/{assessment_id}/next").json()
        with django_assert_max_num_queries(BUDGET):
            response = api.post(
                f"/api/assessments/{assessment_id}/answers",
                {"challenge": challenge["id"], "value": RIGHT},
                format="json",
            )
        assert response.status_code == 201
