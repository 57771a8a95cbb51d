"""Certification v3: next question of a course, scoring, degradation and result status."""

from __future__ import annotations

import pytest

from assessments.engine.calibration import PIX_SEED_GLOBAL_INTERVALS, capacity_score
from assessments.engine.certification_simulation import synthetic_content
from assessments.engine.certification_v3 import (
    AbortReason,
    AssessmentResultStatus,
    JuryCommentKey,
    TooManyAnswersError,
    degraded_answers,
    next_challenge_for_v3_course,
    score_v3_course,
)
from assessments.engine.flash import (
    FlashConfiguration,
    FlashPool,
    estimate_capacity_from_answers,
    most_informative,
    prepare_flash_pool,
)
from assessments.engine.types import AnsweredChallenge, Challenge

CONTENT = synthetic_content()
POOL = prepare_flash_pool(challenges=CONTENT.challenges, tube_by_skill_id=CONTENT.tube_by_skill_id)
CONFIG = FlashConfiguration()


def run_course(
    *,
    pool: FlashPool = POOL,
    seed: str = "course",
    answer: str = "ok",
    length: int | None = None,
    config: FlashConfiguration = CONFIG,
) -> list[AnsweredChallenge]:
    """Ask questions until the engine stops (or `length` answers), answering each with `answer`."""
    answers: list[AnsweredChallenge] = []
    while length is None or len(answers) < length:
        question = next_challenge_for_v3_course(challenges=pool, answers=answers, seed=seed, config=config)
        if question is None:
            break
        answers.append(AnsweredChallenge(challenge_id=question.challenge_id, status=answer))
    return answers


def alternating(answers: list[AnsweredChallenge], *, every: int = 2) -> list[AnsweredChallenge]:
    return [
        AnsweredChallenge(challenge_id=a.challenge_id, status="ok" if index % every == 0 else "ko")
        for index, a in enumerate(answers)
    ]


# --- Next challenge -----------------------------------------------------------------------------


def test_the_first_question_is_chosen_at_the_start_capacity_among_the_five_most_informative() -> None:
    question = next_challenge_for_v3_course(challenges=POOL, answers=[], seed=1)
    assert question is not None
    assert question.capacity == -3.0
    assert question.error_rate == 5.0
    best = most_informative(challenges=POOL.selectable, capacity=-3.0, count=5)
    assert question.delta == best[0].delta == -2.0  # level-1 challenges are the most informative at −3


def test_the_question_carries_its_calibration() -> None:
    question = next_challenge_for_v3_course(challenges=POOL, answers=[], seed=1)
    assert question is not None
    known = POOL.get(question.challenge_id)
    assert (question.alpha, question.delta, question.skill_id, question.competence) == (
        known.alpha,
        known.delta,
        known.skill_id,
        known.competence,
    )


def test_a_course_has_32_questions_then_ends() -> None:
    answers = run_course()
    assert len(answers) == 32
    assert next_challenge_for_v3_course(challenges=POOL, answers=answers, seed="course") is None


def test_more_answers_than_the_course_length_is_an_error() -> None:
    answers = run_course(config=FlashConfiguration(maximum_assessment_length=33))
    with pytest.raises(TooManyAnswersError):
        next_challenge_for_v3_course(challenges=POOL, answers=answers, seed="course")


def test_the_course_ends_early_when_the_pool_runs_out() -> None:
    small = [
        Challenge(id=f"c{i}", skill_id=f"s{i}", competence=f"{i}.1", alpha=1.5, delta=0.0) for i in range(5)
    ]
    assert len(run_course(pool=prepare_flash_pool(challenges=small))) == 5


def test_an_empty_pool_gives_no_question() -> None:
    assert next_challenge_for_v3_course(challenges=[], answers=[], seed=1) is None


def test_a_plain_list_of_challenges_can_be_given_instead_of_a_prepared_pool() -> None:
    from_list = next_challenge_for_v3_course(
        challenges=CONTENT.challenges, answers=[], seed=3, tube_by_skill_id=CONTENT.tube_by_skill_id
    )
    assert from_list == next_challenge_for_v3_course(challenges=POOL, answers=[], seed=3)


def test_the_same_seed_and_answers_give_the_same_question() -> None:
    answers = run_course(length=10)
    first = next_challenge_for_v3_course(challenges=POOL, answers=answers, seed="other")
    assert first == next_challenge_for_v3_course(challenges=POOL, answers=answers, seed="other")


def test_different_seeds_give_different_courses() -> None:
    openings = [next_challenge_for_v3_course(challenges=POOL, answers=[], seed=seed) for seed in range(30)]
    assert len({opening.challenge_id for opening in openings if opening is not None}) > 5


def test_a_question_already_served_is_served_again_until_answered() -> None:
    answers = run_course(length=4)
    pending = next_challenge_for_v3_course(challenges=POOL, answers=answers, seed="x")
    assert pending is not None
    again = next_challenge_for_v3_course(
        challenges=POOL, answers=answers, seed="another seed", pending_challenge_id=pending.challenge_id
    )
    assert again is not None and again.challenge_id == pending.challenge_id


def test_a_pending_question_already_answered_is_not_served_again() -> None:
    answers = run_course(length=4)
    question = next_challenge_for_v3_course(
        challenges=POOL, answers=answers, seed="course", pending_challenge_id=answers[-1].challenge_id
    )
    assert question is not None
    assert question.challenge_id not in {a.challenge_id for a in answers}


def test_no_skill_is_asked_twice() -> None:
    answers = run_course()
    skills = [POOL.get(a.challenge_id).skill_id for a in answers]
    assert len(set(skills)) == len(skills)


def test_a_competence_waits_two_questions_before_coming_back() -> None:
    competences = [POOL.get(a.challenge_id).competence for a in run_course(seed="spacing")]
    for index in range(2, len(competences)):
        assert competences[index] not in competences[index - 2 : index]


def test_a_candidate_who_succeeds_climbs_to_the_hardest_challenges() -> None:
    answers = run_course(answer="ok")
    assert POOL.get(answers[-1].challenge_id).delta == 4.0


def test_a_validated_live_alert_removes_its_skill_and_does_not_count() -> None:
    answers = run_course(length=6)
    alerted = answers[-1].challenge_id
    alerted_skill = POOL.get(alerted).skill_id
    remaining = run_course(length=6)[:5]
    # Whether the alerted challenge got an answer or not, the course goes on as if it had not been asked.
    with_answer = next_challenge_for_v3_course(
        challenges=POOL, answers=answers, seed="course", live_alert_challenge_ids={alerted}
    )
    without_answer = next_challenge_for_v3_course(
        challenges=POOL, answers=remaining, seed="course", live_alert_challenge_ids={alerted}
    )
    assert with_answer == without_answer
    assert with_answer is not None
    assert with_answer.skill_id != alerted_skill
    assert (
        with_answer.capacity
        == estimate_capacity_from_answers(pool=POOL, answers=remaining, config=CONFIG).capacity
    )


def test_no_challenge_of_a_live_alerted_skill_is_ever_served() -> None:
    first = next_challenge_for_v3_course(challenges=POOL, answers=[], seed="alert")
    assert first is not None
    answers: list[AnsweredChallenge] = []
    alerts = {first.challenge_id}
    for _ in range(32):
        question = next_challenge_for_v3_course(
            challenges=POOL, answers=answers, seed="alert", live_alert_challenge_ids=alerts
        )
        if question is None:
            break
        assert question.skill_id != first.skill_id
        answers.append(AnsweredChallenge(challenge_id=question.challenge_id, status="ok"))
    assert len(answers) == 32


def test_two_answers_to_one_challenge_are_an_error() -> None:
    answers = run_course(length=2)
    with pytest.raises(ValueError, match="answered twice"):
        next_challenge_for_v3_course(challenges=POOL, answers=[*answers, answers[0]], seed=1)


# --- Scoring ------------------------------------------------------------------------------------


def test_a_candidate_who_answers_everything_right_gets_the_top_level() -> None:
    result = score_v3_course(challenges=POOL, answers=run_course(answer="ok"))
    assert result.status is AssessmentResultStatus.VALIDATED
    assert result.jury_comment_key is None
    assert result.mesh_level == 7
    assert result.pix_score is not None and 768 <= result.pix_score <= 895
    assert result.answers_count == 32
    assert result.simulated_skipped_answers == 0
    assert len(result.capacity_history) == 32


def test_a_candidate_who_answers_everything_wrong_is_rejected_for_a_zero_score() -> None:
    result = score_v3_course(challenges=POOL, answers=run_course(answer="ko"))
    assert result.pix_score == 0
    assert result.mesh_level is None
    assert result.status is AssessmentResultStatus.REJECTED
    assert result.jury_comment_key is JuryCommentKey.REJECTED_DUE_TO_ZERO_PIX_SCORE


def test_the_score_comes_from_the_capacity_and_the_given_intervals() -> None:
    answers = alternating(run_course())
    result = score_v3_course(challenges=POOL, answers=answers, global_intervals=PIX_SEED_GLOBAL_INTERVALS)
    assert result.capacity is not None
    expected = capacity_score(capacity=result.capacity, intervals=PIX_SEED_GLOBAL_INTERVALS)
    assert (result.pix_score, result.mesh_level) == (expected.score, expected.mesh_level)


def test_every_competence_of_the_pool_gets_a_level_and_no_pix() -> None:
    result = score_v3_course(challenges=POOL, answers=alternating(run_course()))
    assert [mark.competence for mark in result.competence_marks] == sorted(
        {c.competence for c in CONTENT.challenges}
    )
    assert all(mark.score == 0 for mark in result.competence_marks)
    assert {mark.level for mark in result.competence_marks} == {result.mesh_level}


def test_answers_to_live_alerted_challenges_do_not_count() -> None:
    answers = run_course()
    alerted = answers[3].challenge_id
    flipped = [
        a if a.challenge_id != alerted else AnsweredChallenge(challenge_id=alerted, status="ko")
        for a in answers
    ]
    with_alert = score_v3_course(challenges=POOL, answers=flipped, live_alert_challenge_ids={alerted})
    without_that_answer = score_v3_course(
        challenges=POOL, answers=[a for a in answers if a.challenge_id != alerted]
    )
    assert with_alert.capacity == without_that_answer.capacity
    assert with_alert.answers_count == 31


@pytest.mark.parametrize("fraud", [False, True])
def test_a_cancelled_course_is_cancelled_first(fraud: bool) -> None:
    result = score_v3_course(
        challenges=POOL,
        answers=run_course(length=5),
        is_cancelled=True,
        is_rejected_for_fraud=fraud,
        abort_reason=AbortReason.TECHNICAL,
    )
    assert result.status is AssessmentResultStatus.CANCELLED
    assert result.jury_comment_key is None


def test_fraud_rejects_even_a_complete_course() -> None:
    result = score_v3_course(challenges=POOL, answers=run_course(), is_rejected_for_fraud=True)
    assert result.status is AssessmentResultStatus.REJECTED
    assert result.jury_comment_key is JuryCommentKey.FRAUD
    assert result.pix_score is not None and result.pix_score > 0


def test_fraud_comes_before_the_lack_of_answers() -> None:
    result = score_v3_course(
        challenges=POOL,
        answers=run_course(length=5),
        is_rejected_for_fraud=True,
        abort_reason=AbortReason.TECHNICAL,
    )
    assert (result.status, result.jury_comment_key) == (AssessmentResultStatus.REJECTED, JuryCommentKey.FRAUD)


def test_too_few_answers_after_a_technical_abort_cancel_the_course_without_a_score() -> None:
    result = score_v3_course(
        challenges=POOL, answers=run_course(length=19), abort_reason=AbortReason.TECHNICAL
    )
    assert result.status is AssessmentResultStatus.CANCELLED
    assert result.jury_comment_key is JuryCommentKey.CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON
    assert (result.capacity, result.pix_score, result.mesh_level, result.competence_marks) == (
        None,
        None,
        None,
        (),
    )
    assert result.answers_count == 19


@pytest.mark.parametrize("abort_reason", [AbortReason.CANDIDATE, None])
def test_too_few_answers_otherwise_reject_the_course(abort_reason: AbortReason | None) -> None:
    result = score_v3_course(challenges=POOL, answers=run_course(length=19), abort_reason=abort_reason)
    assert result.status is AssessmentResultStatus.REJECTED
    assert result.jury_comment_key is JuryCommentKey.REJECTED_DUE_TO_LACK_OF_ANSWERS
    assert result.simulated_skipped_answers == 0


def test_twenty_answers_are_enough() -> None:
    result = score_v3_course(
        challenges=POOL, answers=run_course(length=20), abort_reason=AbortReason.TECHNICAL
    )
    assert result.status is AssessmentResultStatus.VALIDATED


def test_a_candidate_who_leaves_after_20_answers_gets_the_missing_questions_as_skipped() -> None:
    answers = alternating(run_course(length=25), every=1)  # all right
    degraded = score_v3_course(challenges=POOL, answers=answers, abort_reason=AbortReason.CANDIDATE)
    kept = score_v3_course(challenges=POOL, answers=answers, abort_reason=AbortReason.TECHNICAL)
    assert degraded.simulated_skipped_answers == 7
    assert kept.simulated_skipped_answers == 0
    assert degraded.capacity is not None and kept.capacity is not None
    assert degraded.capacity < kept.capacity
    assert len(degraded.capacity_history) == 32
    assert degraded.answers_count == 25


def test_a_complete_course_is_not_degraded() -> None:
    result = score_v3_course(challenges=POOL, answers=run_course(), abort_reason=AbortReason.CANDIDATE)
    assert result.simulated_skipped_answers == 0


def test_the_degradation_asks_the_most_informative_question_each_time() -> None:
    answers = run_course(length=20)
    padded = degraded_answers(pool=POOL, answers=answers, excluded_skill_ids=frozenset(), config=CONFIG)
    assert len(padded) == 32
    assert padded[:20] == answers
    assert all(a.status == "aband" for a in padded[20:])
    for index in range(20, 32):
        capacity = estimate_capacity_from_answers(pool=POOL, answers=padded[:index], config=CONFIG).capacity
        asked = POOL.get(padded[index].challenge_id)
        best = most_informative(challenges=list(POOL.selectable), capacity=capacity, count=1)[0]
        assert asked.information_at(capacity) == pytest.approx(best.information_at(capacity))
    assert len({a.challenge_id for a in padded}) == 32


def test_the_degradation_stops_when_the_pool_runs_out() -> None:
    small = [
        Challenge(id=f"c{i}", skill_id=f"s{i}", competence=f"{i % 4}.1", alpha=1.5, delta=0.0)
        for i in range(22)
    ]
    pool = prepare_flash_pool(challenges=small)
    answers = run_course(pool=pool, length=20)
    result = score_v3_course(challenges=pool, answers=answers, abort_reason=AbortReason.CANDIDATE)
    assert result.simulated_skipped_answers == 2


def test_the_capacity_is_computed_with_the_calibration_used_when_asked() -> None:
    answers = run_course(length=24)
    recalibrated = [
        Challenge(
            id=c.id, skill_id=c.skill_id, competence=c.competence, alpha=c.alpha, delta=(c.delta or 0) + 1
        )
        for c in CONTENT.challenges
    ]
    assert (
        score_v3_course(challenges=recalibrated, answers=answers).capacity
        != score_v3_course(challenges=POOL, answers=answers).capacity
    )
