"""The end page of a competence test: level, pix, the pix this test brought, every answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment, KnowledgeElement
from assessments.selectors import scorecard_of
from referential.models import Skill
from tests.assessments.conftest import RIGHT, WRONG
from tests.learners.player_helpers import answer_many, answers_of, challenge_url, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client, learner):
    client.force_login(learner)
    return client


def play_to_the_end(client, assessment, values) -> None:
    answer_many(client, assessment, values)
    ended = client.get(challenge_url(assessment, len(values) + 1))
    assert ended["Location"] == f"/assessments/{assessment.pk}/checkpoint", "the path is longer than expected"
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED


def results_of(client, assessment) -> str:
    response = client.get(f"/competences/{assessment.competence.code}/resultats/{assessment.pk}")
    assert response.status_code == 200
    return response.content.decode()


def validate_level_one_elsewhere(learner) -> None:
    """Level 1 of 1.1 validated earlier, in another test (a campaign): 8 pix that this test did not bring."""
    campaign = Assessment.objects.create(
        user=learner, type=Assessment.Type.CAMPAIGN, created_at=timezone.now() - timedelta(days=3)
    )
    for skill in Skill.objects.filter(competence__code="1.1", level=1):
        KnowledgeElement.objects.create(
            user=learner,
            skill=skill,
            competence=skill.competence,
            assessment=campaign,
            status="validated",
            source="direct",
            earned_pix_numerator=skill.pix_numerator,
            earned_pix_denominator=skill.pix_denominator,
            created_at=timezone.now() - timedelta(days=3),
        )


def test_the_end_page_congratulates_with_the_level_and_the_pix_earned(small_release, learner, client_of):
    assessment = start(client_of)
    play_to_the_end(client_of, assessment, [RIGHT] * 3 + [WRONG] * 9)
    scorecard = scorecard_of(user=learner, competence_code="1.1")
    assert scorecard.level >= 1
    html = results_of(client_of, assessment)
    assert "Félicitations !" in html
    assert (
        f"Vous avez obtenu le niveau {scorecard.level} pour cette compétence "
        f"et avez gagné {scorecard.earned_pix} pix." in html
    )
    assert 'href="/competences"' in html and 'href="/accueil"' in html
    assert html.count('class="answer-row ') == 12
    assert '<dd>3<span class="result-figures__unit"> / 12</span></dd>' in html  # right answers
    first = answers_of(assessment)[0]
    correction = f"/assessments/{assessment.pk}/answers/{first.pk}/correction"
    assert f'href="{correction}"' in html
    back = client_of.get(correction).content.decode()
    assert f'href="/competences/1.1/resultats/{assessment.pk}"' in back  # back to the end page


def test_pix_earned_before_the_test_are_not_counted_as_earned_in_it(small_release, learner, client_of):
    validate_level_one_elsewhere(learner)
    before = scorecard_of(user=learner, competence_code="1.1").earned_pix
    assert before == 8
    assessment = start(client_of)
    values = [RIGHT] * 3 + [WRONG] * 9
    answer_many(client_of, assessment, values[:1])
    n = 2
    while client_of.get(challenge_url(assessment, n)).status_code == 200:
        answer_many(client_of, assessment, [values[min(n - 1, len(values) - 1)]], first=n)
        n += 1
    now = scorecard_of(user=learner, competence_code="1.1")
    html = results_of(client_of, assessment)
    assert now.earned_pix > before
    assert f"avez gagné {now.earned_pix - before} pix." in html
    assert f"<dd>+{now.earned_pix - before}</dd>" in html and f"<dd>{now.earned_pix}</dd>" in html


def test_a_test_with_no_right_answer_says_so_gently(small_release, learner, client_of):
    assessment = start(client_of)
    play_to_the_end(client_of, assessment, [WRONG] * 6)
    html = results_of(client_of, assessment)
    assert "Félicitations" not in html
    assert "Test terminé" in html
    assert "Vous n'avez pas encore gagné de pix pour cette compétence." in html


def test_a_level_kept_without_new_pix_is_not_congratulated(small_release, learner, client_of):
    validate_level_one_elsewhere(learner)
    assessment = start(client_of)
    n = 1
    while client_of.get(challenge_url(assessment, n)).status_code == 200:
        answer_many(client_of, assessment, [WRONG], first=n)
        n += 1
    html = results_of(client_of, assessment)
    assert "Félicitations" not in html
    assert "Vous gardez le niveau 1 pour cette compétence. Ce test ne vous a pas fait gagner de pix" in html


def test_pix_below_level_one_are_told_with_encouragement(small_release, learner, client_of):
    assessment = start(client_of)
    play_to_the_end(client_of, assessment, [RIGHT] + [WRONG] * 8)
    scorecard = scorecard_of(user=learner, competence_code="1.1")
    assert scorecard.level == 0 and scorecard.earned_pix > 0
    html = results_of(client_of, assessment)
    assert f"Vous avez gagné {scorecard.earned_pix} pix pour cette compétence." in html
    assert "Félicitations" not in html


def test_the_end_page_of_a_running_test_sends_back_to_the_question(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT])
    response = client_of.get(f"/competences/1.1/resultats/{assessment.pk}")
    assert response["Location"] == challenge_url(assessment, 2)


def test_the_end_page_under_another_competence_is_a_404(small_release, client_of):
    assessment = start(client_of)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    assert client_of.get(f"/competences/1.2/resultats/{assessment.pk}").status_code == 404
