"""A candidate's answer costs a fixed number of queries, whatever the size of the room or the test's progress."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments.models import Assessment
from tests.certification.exam_fixtures import (
    RIGHT,
    enter_with_client,
    exam_release,  # noqa: F401
    make_candidate,
    make_session,
    start_course,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exam_release")]

ANSWER_BUDGET = 13
QUESTION_BUDGET = 13


@pytest.mark.parametrize("room", [1, 40])
def test_answering_stays_within_budget_whatever_the_room(room, django_assert_max_num_queries):
    session = make_session()
    for index in range(room - 1):
        start_course(make_candidate(session, user=UserFactory(), last_name=f"Voisin{index}"))
    candidate = make_candidate(session, user=UserFactory())
    client = Client()
    client.force_login(candidate.user)
    course_id = enter_with_client(client, candidate)
    client.get(f"/certifications/{course_id}")  # builds the referential snapshot and the flash pool
    for _ in range(6):
        with django_assert_max_num_queries(QUESTION_BUDGET):
            assert client.get(f"/certifications/{course_id}").status_code == 200
        challenge_id = Assessment.objects.get(certification_course_id=course_id).last_challenge_id
        with django_assert_max_num_queries(ANSWER_BUDGET):
            response = client.post(
                f"/certifications/{course_id}",
                {"challenge": challenge_id, "answer": RIGHT, "action": "answer"},
            )
        assert response.status_code == 302
