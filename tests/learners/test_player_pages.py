"""The test player's pages: one question at a time, never a lost or duplicated answer, checkpoints."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment
from assessments.selectors import scorecard_of
from assessments.services import ChallengeAlreadyAnswered
from challenges.checking import SKIP_VALUE
from tests.assessments.conftest import RIGHT, WRONG
from tests.factories import UserFactory
from tests.learners.player_helpers import (
    answer,
    answer_many,
    answers_of,
    challenge_url,
    change_challenge,
    current_challenge_id,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client, learner):
    client.force_login(learner)
    return client


# -- Starting and finding one's place ---------------------------------------------------------------


def test_evaluer_starts_the_competence_test_and_goes_to_question_1(small_release, learner, client_of):
    response = client_of.get("/competences/1.1/evaluer")
    assessment = Assessment.objects.get(user=learner)
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/challenges/1"
    assert assessment.type == Assessment.Type.COMPETENCE_EVALUATION and assessment.competence.code == "1.1"


def test_evaluer_resumes_at_the_question_after_the_last_answer(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, WRONG])
    response = client_of.get("/competences/1.1/evaluer")
    assert response["Location"] == challenge_url(assessment, 3)
    assert Assessment.objects.count() == 1


def test_evaluer_sends_a_finished_test_to_its_results(small_release, learner, client_of):
    assessment = start(client_of)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    response = client_of.get("/competences/1.1/evaluer")
    assert response["Location"] == f"/competences/1.1/resultats/{assessment.pk}"


def test_an_unknown_competence_is_a_404(small_release, client_of):
    assert client_of.get("/competences/9.9/evaluer").status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(small_release, client):
    response = client.get("/competences/1.1/evaluer")
    assert response.status_code == 302 and response["Location"].startswith("/connexion")


def test_resume_and_results_addresses_lead_to_where_the_learner_stands(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT])
    assert client_of.get(f"/assessments/{assessment.pk}/resume")["Location"] == challenge_url(assessment, 2)
    assert client_of.get(f"/assessments/{assessment.pk}/results")["Location"] == challenge_url(assessment, 2)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    results = f"/competences/1.1/resultats/{assessment.pk}"
    assert client_of.get(f"/assessments/{assessment.pk}/resume")["Location"] == results
    assert client_of.get(f"/assessments/{assessment.pk}/results")["Location"] == results


@pytest.mark.parametrize(
    "path",
    [
        "challenges/1",
        "checkpoint",
        "resume",
        "results",
        "signalement",
    ],
)
def test_another_learners_test_is_a_404(small_release, client, path):
    owner, other = UserFactory(), UserFactory()
    client.force_login(owner)
    assessment = start(client)
    client.force_login(other)
    assert client.get(f"/assessments/{assessment.pk}/{path}").status_code == 404
    assert client.post(f"/assessments/{assessment.pk}/{path}", {"action": "skip"}).status_code in (404, 405)
    assert client.get(f"/competences/1.1/resultats/{assessment.pk}").status_code == 404


# -- One question at a time ---------------------------------------------------------------------------


def test_the_question_page_shows_the_question_its_number_and_the_block_progress(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, RIGHT])
    response = client_of.get(challenge_url(assessment, 3))
    html = response.content.decode()
    assessment.refresh_from_db()
    challenge = assessment.last_challenge
    assert response.status_code == 200
    assert ">Question 3</h1>" in html
    assert "3 sur 5 avant le prochain bilan" in html
    assert html.count("block-progress__step is-done") == 2 and html.count("is-current") == 1
    assert "Mener une recherche et une veille d&#x27;information" in html
    assert 'class="player area-1"' in html
    assert challenge.instruction in html
    assert "Je valide" in html and "Je passe" in html
    assert f'name="challenge" value="{challenge.pk}"' in html
    assert "Signaler un problème" in html


def test_the_progress_starts_again_after_each_checkpoint(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT] * 5)
    html = client_of.get(challenge_url(assessment, 6)).content.decode()
    assert ">Question 6</h1>" in html and "1 sur 5 avant le prochain bilan" in html


def test_a_question_number_ahead_of_the_test_redirects_to_the_current_question(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT])
    response = client_of.get(challenge_url(assessment, 7))
    assert response["Location"] == challenge_url(assessment, 2)


def test_an_answered_question_redirects_to_the_current_one_back_button_and_reload(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, WRONG])
    for n in (1, 2):
        assert client_of.get(challenge_url(assessment, n))["Location"] == challenge_url(assessment, 3)


def test_the_same_question_is_asked_again_on_reload(small_release, client_of):
    assessment = start(client_of)
    first = current_challenge_id(client_of, assessment, 1)
    assert current_challenge_id(client_of, assessment, 1) == first
    assert not Answer.objects.exists()


def test_submitting_twice_stores_one_answer(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    data = {"challenge": challenge_id, "answer": RIGHT, "action": "answer"}
    first = client_of.post(challenge_url(assessment, 1), data)
    second = client_of.post(challenge_url(assessment, 1), {**data, "answer": WRONG})
    assert first["Location"] == challenge_url(assessment, 2)
    assert second["Location"] == challenge_url(assessment, 2)
    assert [(a.challenge_id, a.result) for a in answers_of(assessment)] == [(challenge_id, "ok")]


def test_a_form_of_an_earlier_question_cannot_answer_the_current_one(small_release, client_of):
    assessment = start(client_of)
    first = current_challenge_id(client_of, assessment, 1)
    answer_many(client_of, assessment, [RIGHT])
    current_challenge_id(client_of, assessment, 2)
    # A second tab still showing question 1, posted to question 2's address.
    response = client_of.post(challenge_url(assessment, 2), {"challenge": first, "answer": RIGHT})
    assert response["Location"] == challenge_url(assessment, 2)
    assert len(answers_of(assessment)) == 1


def test_an_answer_already_given_in_another_tab_just_redirects(small_release, client_of, monkeypatch):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)

    def answered_elsewhere(**kwargs):
        raise ChallengeAlreadyAnswered()

    monkeypatch.setattr("learners.player.views.answer_save", answered_elsewhere)
    response = client_of.post(challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT})
    assert response.status_code == 302 and response["Location"] == challenge_url(assessment, 1)


def test_an_empty_answer_shows_a_french_error_and_stores_nothing(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(challenge_url(assessment, 1), {"challenge": challenge_id, "action": "answer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Pour valider, sélectionnez une réponse. Sinon, passez." in html
    assert 'aria-invalid="true"' in html
    assert "<title>Erreur – Question 1" in html
    assert not Answer.objects.exists()


def test_a_choice_outside_the_proposals_is_refused(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(challenge_url(assessment, 1), {"challenge": challenge_id, "answer": "9"})
    assert "Cette réponse ne fait pas partie des propositions." in response.content.decode()
    assert not Answer.objects.exists()


def test_je_passe_stores_a_skipped_answer(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    response = client_of.post(challenge_url(assessment, 1), {"challenge": challenge_id, "action": "skip"})
    assert response["Location"] == challenge_url(assessment, 2)
    stored = Answer.objects.get()
    assert (stored.value, stored.result) == (SKIP_VALUE, "aband")


def test_answers_are_checked_right_and_wrong(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, WRONG])
    assert [a.result for a in answers_of(assessment)] == ["ok", "ko"]


# -- Timed questions -------------------------------------------------------------------------------


def timed_question(client, assessment, n: int = 1, timer: int = 30) -> str:
    response = client.get(challenge_url(assessment, n))
    assert response.status_code == 200
    assessment.refresh_from_db()
    change_challenge(assessment.last_challenge_id, timer=timer)
    return assessment.last_challenge_id


def test_a_timed_question_starts_with_a_warning_page(small_release, client_of):
    assessment = start(client_of)
    timed_question(client_of, assessment)
    html = client_of.get(challenge_url(assessment, 1)).content.decode()
    assert "Cette question est chronométrée : vous aurez 30 secondes pour y répondre." in html
    assert 'value="start"' in html and "Commencer" in html
    assert 'name="answer"' not in html  # the question is not shown yet


def test_commencer_starts_the_timer_and_shows_the_question_with_its_countdown(small_release, client_of):
    assessment = start(client_of)
    timed_question(client_of, assessment)
    Assessment.objects.filter(pk=assessment.pk).update(last_question_date=timezone.now() - timedelta(hours=1))
    before = timezone.now()
    response = client_of.post(challenge_url(assessment, 1), {"action": "start"})
    assert response["Location"] == challenge_url(assessment, 1)
    assessment.refresh_from_db()
    assert assessment.last_question_date >= before
    html = client_of.get(challenge_url(assessment, 1)).content.decode()
    assert "data-timer" in html
    assert 'data-remaining="30"' in html or 'data-remaining="29"' in html
    assert 'name="timeout"' in html


def test_a_reload_after_commencer_neither_restarts_the_timer_nor_shows_the_warning(small_release, client_of):
    assessment = start(client_of)
    timed_question(client_of, assessment)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    started_at = timezone.now() - timedelta(seconds=20)
    Assessment.objects.filter(pk=assessment.pk).update(last_question_date=started_at)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})  # "Commencer" pressed again
    html = client_of.get(challenge_url(assessment, 1)).content.decode()
    assessment.refresh_from_db()
    assert assessment.last_question_date == started_at
    assert 'value="start"' not in html
    assert 'data-remaining="10"' in html or 'data-remaining="9"' in html


def test_an_answer_after_the_time_limit_is_timed_out_even_if_the_browser_says_time_is_left(
    small_release, client_of
):
    assessment = start(client_of)
    challenge_id = timed_question(client_of, assessment)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    Assessment.objects.filter(pk=assessment.pk).update(
        last_question_date=timezone.now() - timedelta(minutes=2)
    )
    response = client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT, "timeout": "12"}
    )
    assert response.status_code == 302
    assert Answer.objects.get().result == "timedout"
    page = client_of.get(response["Location"]).content.decode()
    assert "Le temps de la question 1 était écoulé" in page


def test_an_answer_in_time_is_checked_and_keeps_the_remaining_seconds(small_release, client_of):
    assessment = start(client_of)
    challenge_id = timed_question(client_of, assessment)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT, "timeout": "21"}
    )
    stored = Answer.objects.get()
    assert (stored.result, stored.timeout) == ("ok", 21)


def test_the_countdown_reaching_zero_sends_an_empty_answer_which_is_stored(small_release, client_of):
    assessment = start(client_of)
    challenge_id = timed_question(client_of, assessment)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    response = client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "action": "answer", "timeout": "-1"}
    )
    assert response["Location"] == challenge_url(assessment, 2)
    stored = Answer.objects.get()
    assert (stored.value, stored.result, stored.timeout) == ("", "ko", -1)


def test_a_browser_timeout_on_an_untimed_question_is_ignored(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT, "timeout": "-5"}
    )
    stored = Answer.objects.get()
    assert (stored.result, stored.timeout) == ("ok", None)


# -- Focused questions -------------------------------------------------------------------------------


def test_a_focused_question_is_explained_first_then_a_focus_out_is_stored_with_the_answer(
    small_release, client_of
):
    assessment = start(client_of)
    client_of.get(challenge_url(assessment, 1))
    assessment.refresh_from_db()
    challenge_id = assessment.last_challenge_id
    change_challenge(challenge_id, focused=True)
    intro = client_of.get(challenge_url(assessment, 1)).content.decode()
    assert "Restez sur cette page" in intro and 'value="start"' in intro
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    page = client_of.get(challenge_url(assessment, 1)).content.decode()
    assert "data-focused" in page and 'name="focused_out"' in page and "data-focus-notice" in page
    client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT, "focused_out": "1"}
    )
    stored = Answer.objects.get()
    assert stored.focused_out is True
    assert stored.result == "ok"  # no effect on a competence test's result (pix-engine.md §4.3)


def test_a_focus_out_flag_is_ignored_on_a_question_that_is_not_focused(small_release, client_of):
    assessment = start(client_of)
    challenge_id = current_challenge_id(client_of, assessment, 1)
    client_of.post(
        challenge_url(assessment, 1), {"challenge": challenge_id, "answer": RIGHT, "focused_out": "1"}
    )
    assert Answer.objects.get().focused_out is False


# -- Checkpoints -------------------------------------------------------------------------------------


def test_the_fifth_answer_leads_to_a_checkpoint_of_the_block(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, WRONG, RIGHT, RIGHT])
    response = answer(client_of, assessment, 5, WRONG)
    assert response["Location"] == f"/assessments/{assessment.pk}/checkpoint"
    html = client_of.get(response["Location"]).content.decode()
    assert "Vos résultats" in html
    assert html.count('class="answer-row ') == 5
    assert html.count("Bonne réponse") == 3 and html.count("Mauvaise réponse") == 2
    assert html.count("✓") == 3 and html.count("✗") == 2
    assert "3 bonnes réponses sur 5" in html
    first = answers_of(assessment)[0]
    assert f"/assessments/{assessment.pk}/answers/{first.pk}/correction" in html
    assert first.challenge.instruction.rstrip(" ?") in html
    assert f'href="{challenge_url(assessment, 6)}"' in html and "Continuer le test" in html


def test_the_second_checkpoint_shows_only_its_own_block(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT] * 3 + [WRONG] * 7)  # a path of 12 questions
    html = client_of.get(f"/assessments/{assessment.pk}/checkpoint").content.decode()
    assert html.count('class="answer-row ') == 5
    assert "Le point sur les questions 6 à 10" in html
    assert html.count("Mauvaise réponse") == 5 and "Bonne réponse" not in html


def test_there_is_no_checkpoint_in_the_middle_of_a_block(small_release, client_of):
    assessment = start(client_of)
    answer_many(client_of, assessment, [RIGHT, RIGHT])
    response = client_of.get(f"/assessments/{assessment.pk}/checkpoint")
    assert response["Location"] == challenge_url(assessment, 3)


def play_to_the_end(client, assessment, value: str = RIGHT) -> int:
    """Answer until the test ends; returns the number of answers."""
    n = 1
    while True:
        response = client.get(challenge_url(assessment, n))
        if response.status_code == 302:
            assert response["Location"] == f"/assessments/{assessment.pk}/checkpoint"
            return n - 1
        answer_many(client, assessment, [value], first=n)
        n += 1


def test_the_end_of_the_test_leads_to_a_final_checkpoint_with_every_answer(small_release, client_of):
    assessment = start(client_of, "1.2")
    answered = play_to_the_end(client_of, assessment, WRONG)
    html = client_of.get(f"/assessments/{assessment.pk}/checkpoint").content.decode()
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED
    assert html.count('class="answer-row ') == answered
    assert "Vous avez terminé ce test" in html
    assert f'href="/competences/1.2/resultats/{assessment.pk}"' in html and "Voir mon résultat" in html


def test_a_test_ending_on_a_fifth_answer_goes_straight_to_the_final_checkpoint(small_release, client_of):
    assessment = start(client_of, "1.2")
    answer_many(client_of, assessment, [WRONG, RIGHT, RIGHT, RIGHT])
    response = answer(client_of, assessment, 5, RIGHT)  # on this path, the 5th answer is the last one
    assert response["Location"] == f"/assessments/{assessment.pk}/checkpoint"
    html = client_of.get(response["Location"]).content.decode()
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED
    assert "Voir mon résultat" in html and "Continuer le test" not in html
    assert html.count('class="answer-row ') == 5


# -- Level-up -----------------------------------------------------------------------------------------


def test_the_level_up_is_announced_once_on_the_next_page(small_release, learner, client_of):
    assessment = start(client_of)
    for n in range(1, 30):
        level_before = scorecard_of(user=learner, competence_code="1.1").level
        response = answer(client_of, assessment, n, RIGHT)
        level_after = scorecard_of(user=learner, competence_code="1.1").level
        page = client_of.get(response["Location"], follow=True).content.decode()
        if level_after > level_before:
            notice = re.search(
                r'<ul class="messages" role="status">\s*<li class="alert alert--level-up[^"]*">([^<]*)</li>',
                page,
            )
            assert notice and notice.group(1) == f"Vous avez atteint le niveau {level_after} !"
            again = client_of.get(response["Location"], follow=True).content.decode()
            assert "Vous avez atteint le niveau" not in again
            return
        assert "Vous avez atteint le niveau" not in page
    raise AssertionError("no level was ever reached")


def test_another_browser_neither_restarts_the_timer_nor_shows_the_warning(small_release, client_of, learner):
    from django.test import Client

    assessment = start(client_of)
    timed_question(client_of, assessment)
    client_of.post(challenge_url(assessment, 1), {"action": "start"})
    started_at = timezone.now() - timedelta(seconds=20)
    Assessment.objects.filter(pk=assessment.pk).update(
        last_question_date=started_at, timer_started_at=started_at
    )
    other_browser = Client()
    other_browser.force_login(learner)
    html = other_browser.get(challenge_url(assessment, 1)).content.decode()
    assert 'value="start"' not in html  # no warning page: the countdown already runs
    other_browser.post(challenge_url(assessment, 1), {"action": "start"})
    assessment.refresh_from_db()
    assert assessment.last_question_date == started_at
