"""The question page and the answer cost a small, fixed number of queries, whatever the learner's history."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.assessments.conftest import RIGHT, WRONG
from tests.assessments.test_query_budget import long_history
from tests.learners.player_helpers import answer_many, challenge_url, current_challenge_id, start

pytestmark = pytest.mark.django_db

BUDGET = 15


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def costs_of_question_and_answer(client, assessment, n: int) -> tuple[int, int]:
    current_challenge_id(client, assessment, n)  # the question is picked once, outside the measure
    page = count_queries(lambda: client.get(challenge_url(assessment, n)))
    assessment.refresh_from_db()
    data = {"challenge": assessment.last_challenge_id, "answer": RIGHT if n % 2 else WRONG}
    post = count_queries(lambda: client.post(challenge_url(assessment, n), data))
    return page, post


@pytest.mark.parametrize("history", [0, 600])
def test_the_question_page_and_the_answer_stay_within_budget(
    small_release, learner, client, history, django_assert_max_num_queries
):
    long_history(learner, rows=history)
    client.force_login(learner)
    assessment = start(client)
    for n in range(1, 6):
        page, post = costs_of_question_and_answer(client, assessment, n)
        assert page <= BUDGET and post <= BUDGET, (n, page, post)


def test_the_cost_does_not_grow_with_the_history(small_release, learner, client):
    from tests.factories import UserFactory

    client.force_login(learner)
    short = start(client)
    short_costs = [costs_of_question_and_answer(client, short, n) for n in (1, 2, 3)]

    veteran = UserFactory()
    long_history(veteran, rows=800)
    client.force_login(veteran)
    long = start(client)
    long_costs = [costs_of_question_and_answer(client, long, n) for n in (1, 2, 3)]
    assert long_costs == short_costs


def test_checkpoint_and_results_pages_cost_the_same_for_5_or_12_answers(small_release, learner, client):
    client.force_login(learner)
    assessment = start(client)
    answer_many(client, assessment, [RIGHT] * 3 + [WRONG] * 2)
    checkpoint = f"/assessments/{assessment.pk}/checkpoint"
    client.get(checkpoint)  # picks the next question once
    after_5 = count_queries(lambda: client.get(checkpoint))
    answer_many(client, assessment, [WRONG] * 5, first=6)
    client.get(checkpoint)
    after_10 = count_queries(lambda: client.get(checkpoint))
    assert after_5 == after_10 <= BUDGET
    answer_many(client, assessment, [WRONG] * 2, first=11)
    client.get(challenge_url(assessment, 13))  # the test ends
    results = f"/competences/1.1/resultats/{assessment.pk}"
    assert count_queries(lambda: client.get(results)) <= BUDGET
