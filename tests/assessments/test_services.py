from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from assessments import services
from assessments.models import Answer, Assessment, CompetenceEvaluation, KnowledgeElement
from assessments.selectors import scorecard_of
from challenges.checking import SKIP_VALUE
from challenges.models import Challenge
from tests.assessments.conftest import RIGHT, WRONG

pytestmark = pytest.mark.django_db


def play(assessment, *, true_level: int, now=None) -> list[Answer]:
    """A deterministic learner: right exactly on the skills up to their level."""
    answers = []
    while (challenge := services.assessment_next_challenge(assessment=assessment, now=now)) is not None:
        value = RIGHT if challenge.skill.level <= true_level else WRONG
        answers.append(
            services.answer_save(
                assessment=assessment, challenge_id=challenge.id, value=value, now=now
            ).answer
        )
    return answers


def test_starting_twice_resumes_the_same_assessment(small_release, learner):
    first = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    again = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    assert first == again
    assert CompetenceEvaluation.objects.get(user=learner).assessment == first


def test_an_unknown_competence_is_refused(small_release, learner):
    with pytest.raises(services.UnknownCompetence):
        services.competence_evaluation_start_or_resume(user=learner, competence_code="9.9")


@pytest.mark.parametrize("true_level", [0, 1, 2, 3, 4, 5])
def test_a_deterministic_learner_ends_at_their_true_level(small_release, learner, true_level):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    answers = play(assessment, true_level=true_level)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED
    scorecard = scorecard_of(user=learner, competence_code="1.1")
    assert scorecard.level == true_level
    assert scorecard.status == "COMPLETED"
    assert len(answers) < 2 * 19  # adaptive: far fewer questions than challenges


def test_the_question_asked_is_asked_again_until_answered(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    first = services.assessment_next_challenge(assessment=assessment)
    assert services.assessment_next_challenge(assessment=assessment) == first


def test_answering_another_challenge_than_the_one_asked_is_refused(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    other = Challenge.objects.exclude(pk=asked.pk).first()
    with pytest.raises(services.ChallengeNotAsked):
        services.answer_save(assessment=assessment, challenge_id=other.id, value=RIGHT)
    assert not Answer.objects.exists()


def test_a_challenge_cannot_be_answered_twice(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    services.answer_save(assessment=assessment, challenge_id=asked.id, value=RIGHT)
    with pytest.raises(services.ChallengeAlreadyAnswered):
        services.answer_save(assessment=assessment, challenge_id=asked.id, value=WRONG)
    assert Answer.objects.get().result == "ok"


def test_an_empty_answer_is_refused_but_skipping_is_allowed(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    with pytest.raises(services.EmptyAnswer, match="Je passe"):
        services.answer_save(assessment=assessment, challenge_id=asked.id, value="  ")
    outcome = services.answer_save(assessment=assessment, challenge_id=asked.id, value=SKIP_VALUE)
    assert outcome.answer.result == "aband"
    assert KnowledgeElement.objects.filter(status="invalidated", source="direct").count() == 1


def test_a_completed_assessment_accepts_no_answer(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.2")
    play(assessment, true_level=7)
    some_challenge = Challenge.objects.filter(competence__code="1.2").exclude(answers__isnull=False).first()
    with pytest.raises(services.AssessmentEnded):
        services.answer_save(assessment=assessment, challenge_id=some_challenge.id, value=RIGHT)


def test_a_right_answer_validates_the_skill_and_the_easier_ones_of_its_tube(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    services.answer_save(assessment=assessment, challenge_id=asked.id, value=RIGHT)
    elements = KnowledgeElement.objects.filter(user=learner)
    direct = elements.get(source="direct")
    assert direct.skill == asked.skill and direct.status == "validated" and direct.earned_pix > 0
    inferred = sorted(e.skill.name for e in elements.filter(source="inferred"))
    easier = sorted(
        asked.skill.tube.skills.filter(level__lt=asked.skill.level).values_list("name", flat=True)
    )
    assert inferred == easier
    assert all(e.status == "validated" for e in elements)


def test_the_level_up_is_announced_with_the_answer_that_earns_it(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    level_ups = []
    while (challenge := services.assessment_next_challenge(assessment=assessment)) is not None:
        outcome = services.answer_save(assessment=assessment, challenge_id=challenge.id, value=RIGHT)
        if outcome.level_up:
            level_ups.append(outcome.level_up)
    assert (
        level_ups == sorted(level_ups)
        and level_ups[-1] == scorecard_of(user=learner, competence_code="1.1").level
    )


def test_a_timed_challenge_answered_after_its_timer_is_timed_out_even_if_the_browser_says_otherwise(
    small_release, learner
):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    timed = Challenge.objects.filter(timer__isnull=False).first()
    asked_at = timezone.now() - timedelta(minutes=5)
    Assessment.objects.filter(pk=assessment.pk).update(last_challenge=timed, last_question_date=asked_at)
    assessment.refresh_from_db()
    outcome = services.answer_save(assessment=assessment, challenge_id=timed.id, value=RIGHT, timeout=12)
    assert outcome.answer.result == "timedout"
    assert outcome.answer.time_spent >= 300


def test_a_timed_challenge_answered_in_time_is_ok(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    timed = Challenge.objects.filter(timer__isnull=False).first()
    Assessment.objects.filter(pk=assessment.pk).update(
        last_challenge=timed, last_question_date=timezone.now()
    )
    assessment.refresh_from_db()
    assert (
        services.answer_save(
            assessment=assessment, challenge_id=timed.id, value=RIGHT, timeout=10
        ).answer.result
        == "ok"
    )


def test_the_browser_saying_the_time_ran_out_is_believed(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    timed = Challenge.objects.filter(timer__isnull=False).first()
    Assessment.objects.filter(pk=assessment.pk).update(
        last_challenge=timed, last_question_date=timezone.now()
    )
    assessment.refresh_from_db()
    assert (
        services.answer_save(
            assessment=assessment, challenge_id=timed.id, value=RIGHT, timeout=-2
        ).answer.result
        == "timedout"
    )


def test_a_focus_out_does_not_change_a_competence_evaluation_result(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    outcome = services.answer_save(
        assessment=assessment, challenge_id=asked.id, value=RIGHT, focused_out=True
    )
    assert outcome.answer.result == "ok" and outcome.answer.focused_out


def test_reset_is_refused_before_seven_days_and_says_when(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    play(assessment, true_level=2)
    with pytest.raises(services.CompetenceResetTooEarly) as error:
        services.scorecard_reset(user=learner, competence_code="1.1", now=timezone.now() + timedelta(days=4))
    assert error.value.days == 3
    assert "dans 3 jour(s)" in error.value.detail
    assert scorecard_of(user=learner, competence_code="1.1").level == 2


def test_reset_after_seven_days_forgets_the_competence_and_a_new_test_can_start(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    play(assessment, true_level=3)
    later = timezone.now() + timedelta(days=7, minutes=1)
    assert services.scorecard_reset(user=learner, competence_code="1.1", now=later) > 0
    card = scorecard_of(user=learner, competence_code="1.1", now=later)
    assert (card.level, card.earned_pix, card.status) == (0, 0, "NOT_STARTED")
    fresh = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    assert fresh != assessment and fresh.is_started


def test_reset_with_nothing_to_reset_does_nothing(small_release, learner):
    assert services.scorecard_reset(user=learner, competence_code="1.1") == 0


def test_improving_waits_four_days_then_asks_again_what_was_failed(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    play(assessment, true_level=2)
    with pytest.raises(services.ImproveForbidden, match="dans 4 jour"):
        services.competence_evaluation_improve(user=learner, competence_code="1.1")
    later = timezone.now() + timedelta(days=4, minutes=1)
    improving = services.competence_evaluation_improve(user=learner, competence_code="1.1", now=later)
    assert improving.is_improving and improving != assessment
    Assessment.objects.filter(pk=improving.pk).update(created_at=later)
    improving.refresh_from_db()
    play(improving, true_level=4, now=later + timedelta(minutes=1))
    assert scorecard_of(user=learner, competence_code="1.1", now=later + timedelta(hours=1)).level == 4


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_store_one_answer_and_one_set_of_knowledge(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        barrier.wait()
        try:
            services.answer_save(assessment=assessment, challenge_id=asked.id, value=RIGHT)
            outcomes.append("stored")
        except services.ChallengeAlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Answer.objects.count() == 1
    assert KnowledgeElement.objects.filter(source="direct").count() == 1


def test_a_timer_starts_once_per_question_and_again_for_the_next_one(small_release, learner):
    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    asked = services.assessment_next_challenge(assessment=assessment)
    first = timezone.now() - timedelta(seconds=30)
    assert services.assessment_timer_start(assessment=assessment, now=first)
    assert not services.assessment_timer_start(assessment=assessment, now=timezone.now())
    assessment.refresh_from_db()
    assert assessment.last_question_date == first == assessment.timer_started_at
    services.answer_save(assessment=assessment, challenge_id=asked.id, value=RIGHT)
    services.assessment_next_challenge(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.timer_started_at is None
