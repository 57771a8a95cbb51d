"""Each learner page costs a fixed, small number of queries, whatever the learner's history."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, CompetenceEvaluation
from learners.models import SavedTutorial
from referential.models import Competence, Tutorial
from tests.learners.conftest import bulk_history

pytestmark = pytest.mark.django_db

BUDGET = 15
PAGES = [
    "/accueil",
    "/competences",
    "/competences/2.3/details",
    "/competences/2.3/remise-a-zero",
    "/mes-tutos/recommandes",
    "/mes-tutos/enregistres",
]


def history(learner, *, rows: int) -> None:
    bulk_history(learner, rows=rows)
    if not rows:
        return
    for competence in Competence.objects.all()[:8]:
        assessment = Assessment.objects.create(
            user=learner,
            type=Assessment.Type.COMPETENCE_EVALUATION,
            competence=competence,
            state=Assessment.State.COMPLETED,
        )
        CompetenceEvaluation.objects.create(user=learner, competence=competence, assessment=assessment)
    SavedTutorial.objects.bulk_create(
        SavedTutorial(user=learner, tutorial=tutorial) for tutorial in Tutorial.objects.all()[: rows // 100]
    )


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("rows", [0, 2000])
def test_every_page_stays_within_budget(
    profile_release, learner, client, url, rows, django_assert_max_num_queries
):
    history(learner, rows=rows)
    client.force_login(learner)
    client.get(url)  # builds the referential snapshot, once per process
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_the_number_of_queries_does_not_grow_with_the_history(profile_release, client, url):
    from tests.factories import UserFactory

    counts = []
    for rows in (200, 2000):
        learner = UserFactory()
        history(learner, rows=rows)
        client.force_login(learner)
        client.get(url)
        counts.append(queries_of(client, url))
    assert counts[0] == counts[1] <= BUDGET
