"""Certification v3: the next question of a course and its scoring (pix-engine.md §13).

`next_challenge_for_v3_course` is a pure function of the pool, the answers so far, the validated
live alerts and a seed: the Django service calls it for every question without keeping any state.
`score_v3_course` turns the answers into a capacity, a score 0–895, a mesh level, competence levels
and a result status with its automatic jury comment.

The result enums (abort reasons, statuses, jury comment keys) are shared with certification v2.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.engine.calibration import (
    CALIBRATED_GLOBAL_INTERVALS,
    CapacityInterval,
    capacity_score,
    competence_intervals_for,
    competence_levels,
)
from assessments.engine.flash import (
    DEFAULT_FLASH_CONFIGURATION,
    FlashChallenge,
    FlashConfiguration,
    FlashPool,
    eligible_challenges,
    estimate_capacity_from_answers,
    most_informative,
    pick_challenge,
    prepare_flash_pool,
)
from assessments.engine.types import AnsweredChallenge, Challenge

SKIPPED_STATUS = "aband"


class AbortReason(StrEnum):
    CANDIDATE = "candidate"
    TECHNICAL = "technical"


class AssessmentResultStatus(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    ERROR = "error"
    CANCELLED = "cancelled"


class JuryCommentKey(StrEnum):
    CANCELLED_DUE_TO_NEUTRALIZATION = "CANCELLED_DUE_TO_NEUTRALIZATION"
    CANCELLED_BY_JURY = "CANCELLED_BY_JURY"
    FRAUD = "FRAUD"
    REJECTED_DUE_TO_LACK_OF_ANSWERS = "REJECTED_DUE_TO_LACK_OF_ANSWERS"
    CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON = (
        "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    )
    REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS = "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"
    REJECTED_EDU_NOT_ELIGIBLE = "REJECTED_EDU_NOT_ELIGIBLE"
    REJECTED_PIX_PLUS_NOT_OBTAINED = "REJECTED_PIX_PLUS_NOT_OBTAINED"
    REJECTED_DUE_TO_ZERO_PIX_SCORE = "REJECTED_DUE_TO_ZERO_PIX_SCORE"


class TooManyAnswersError(ValueError):
    """More answers than the course length: the data are inconsistent."""


def _as_pool(
    challenges: Sequence[Challenge] | FlashPool,
    *,
    tube_by_skill_id: Mapping[str, str] | None,
    locale: str | None,
) -> FlashPool:
    if isinstance(challenges, FlashPool):
        return challenges
    return prepare_flash_pool(challenges=challenges, tube_by_skill_id=tube_by_skill_id, locale=locale)


def _answers_counted(
    answers: Sequence[AnsweredChallenge], live_alert_challenge_ids: Collection[str]
) -> list[AnsweredChallenge]:
    """The answers that count, in order: those to challenges without a validated live alert."""
    seen: set[str] = set()
    counted: list[AnsweredChallenge] = []
    for answer in answers:
        if answer.challenge_id in seen:
            raise ValueError(f"challenge {answer.challenge_id} is answered twice")
        seen.add(answer.challenge_id)
        if answer.challenge_id not in live_alert_challenge_ids:
            counted.append(answer)
    return counted


def _excluded_skill_ids(pool: FlashPool, live_alert_challenge_ids: Collection[str]) -> frozenset[str]:
    # A validated live alert removes every challenge of the same skill, not just the one reported.
    return frozenset(
        pool.known[challenge_id].skill_id
        for challenge_id in live_alert_challenge_ids
        if challenge_id in pool.known
    )


@dataclass(frozen=True, slots=True)
class NextChallenge:
    """The question to ask, with the calibration to store beside it and the capacity that chose it."""

    challenge_id: str
    skill_id: str
    competence: str
    alpha: float
    delta: float
    capacity: float
    error_rate: float


def next_challenge_for_v3_course(
    *,
    challenges: Sequence[Challenge] | FlashPool,
    answers: Sequence[AnsweredChallenge],
    seed: int | str,
    live_alert_challenge_ids: Collection[str] = frozenset(),
    pending_challenge_id: str | None = None,
    config: FlashConfiguration = DEFAULT_FLASH_CONFIGURATION,
    tube_by_skill_id: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> NextChallenge | None:
    """The next question of a v3 course, or None when the course is over (§13.3).

    `challenges` is the course's pool (a prepared `FlashPool`, or challenges to prepare): it must
    also hold the challenges already answered, with the calibration used when they were asked.
    `answers` are in chronological order. `pending_challenge_id` is a question already served but
    not answered yet: it is served again. The draw among the best five uses a `random.Random`
    seeded with the seed, the number of answers that count and the number of validated live
    alerts, so a course (say, seeded with its id) always gets the same question at the same point.
    """
    pool = _as_pool(challenges, tube_by_skill_id=tube_by_skill_id, locale=locale)
    counted = _answers_counted(answers, live_alert_challenge_ids)
    answered_ids = {answer.challenge_id for answer in answers}

    if (
        pending_challenge_id is not None
        and pending_challenge_id not in answered_ids
        and pending_challenge_id not in live_alert_challenge_ids
    ):
        pending = pool.get(pending_challenge_id)
        estimate = estimate_capacity_from_answers(pool=pool, answers=counted, config=config)
        return _next(pending, capacity=estimate.capacity, error_rate=estimate.error_rate)

    if len(counted) > config.maximum_assessment_length:
        raise TooManyAnswersError(
            f"{len(counted)} answers for a course of {config.maximum_assessment_length} questions"
        )
    if len(counted) == config.maximum_assessment_length:
        return None

    estimate = estimate_capacity_from_answers(pool=pool, answers=counted, config=config)
    candidates = eligible_challenges(
        pool=pool,
        answered=[pool.get(answer.challenge_id) for answer in counted],
        excluded_skill_ids=_excluded_skill_ids(pool, live_alert_challenge_ids),
        config=config,
    )
    # Answers to live-alerted challenges are not in `counted`; never serve those challenges again either.
    candidates = [challenge for challenge in candidates if challenge.id not in answered_ids]
    rng = random.Random(f"{seed}:{len(counted)}:{len(live_alert_challenge_ids)}")
    chosen = pick_challenge(challenges=candidates, capacity=estimate.capacity, config=config, rng=rng)
    if chosen is None:
        return None
    return _next(chosen, capacity=estimate.capacity, error_rate=estimate.error_rate)


def _next(challenge: FlashChallenge, *, capacity: float, error_rate: float) -> NextChallenge:
    return NextChallenge(
        challenge_id=challenge.id,
        skill_id=challenge.skill_id,
        competence=challenge.competence,
        alpha=challenge.alpha,
        delta=challenge.delta,
        capacity=capacity,
        error_rate=error_rate,
    )


# --- Scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompetenceMark:
    competence: str
    level: int
    score: int = 0  # v3 competence marks carry no pix, only a level


@dataclass(frozen=True, slots=True)
class V3CertificationResult:
    status: AssessmentResultStatus
    jury_comment_key: JuryCommentKey | None
    # None only when a technical abort before the minimum of answers cancels the course.
    capacity: float | None
    error_rate: float | None
    pix_score: int | None
    mesh_level: int | None
    competence_marks: tuple[CompetenceMark, ...]
    answers_count: int  # answers that count (validated live alerts excluded), before degradation
    simulated_skipped_answers: int  # questions added as skipped by the degradation of §13.6
    capacity_history: tuple[float, ...]


def degraded_answers(
    *,
    pool: FlashPool,
    answers: Sequence[AnsweredChallenge],
    excluded_skill_ids: frozenset[str],
    config: FlashConfiguration,
) -> list[AnsweredChallenge]:
    """`answers` followed by skipped answers up to the course length (§13.6).

    Each added question is the most informative one at the current capacity (no draw), chosen by
    the same rules as during the test; the padding stops early if the pool runs out.
    """
    padded = list(answers)
    answered = [pool.get(answer.challenge_id) for answer in padded]
    while len(padded) < config.maximum_assessment_length:
        estimate = estimate_capacity_from_answers(pool=pool, answers=padded, config=config)
        candidates = eligible_challenges(
            pool=pool, answered=answered, excluded_skill_ids=excluded_skill_ids, config=config
        )
        best = most_informative(challenges=candidates, capacity=estimate.capacity, count=1)
        if not best:
            break
        padded.append(AnsweredChallenge(challenge_id=best[0].id, status=SKIPPED_STATUS))
        answered.append(best[0])
    return padded


def score_v3_course(
    *,
    challenges: Sequence[Challenge] | FlashPool,
    answers: Sequence[AnsweredChallenge],
    live_alert_challenge_ids: Collection[str] = frozenset(),
    abort_reason: AbortReason | None = None,
    is_cancelled: bool = False,
    is_rejected_for_fraud: bool = False,
    config: FlashConfiguration = DEFAULT_FLASH_CONFIGURATION,
    global_intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
    competence_intervals: Mapping[str, Sequence[CapacityInterval]] | None = None,
    tube_by_skill_id: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> V3CertificationResult:
    """Score a v3 course (§13.5–13.7).

    `challenges` must hold every answered challenge with the calibration used when it was asked.
    `competence_intervals` defaults to the calibrated intervals for every competence of the pool.
    """
    pool = _as_pool(challenges, tube_by_skill_id=tube_by_skill_id, locale=locale)
    counted = _answers_counted(answers, live_alert_challenge_ids)
    answers_count = len(counted)
    lacks_answers = answers_count < config.minimum_answers_required

    if (
        lacks_answers
        and abort_reason is AbortReason.TECHNICAL
        and not is_cancelled
        and not is_rejected_for_fraud
    ):
        # The course is cancelled: no capacity, no score, no competence mark.
        return V3CertificationResult(
            status=AssessmentResultStatus.CANCELLED,
            jury_comment_key=JuryCommentKey.CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON,
            capacity=None,
            error_rate=None,
            pix_score=None,
            mesh_level=None,
            competence_marks=(),
            answers_count=answers_count,
            simulated_skipped_answers=0,
            capacity_history=(),
        )

    scored_answers = counted
    if (
        abort_reason is AbortReason.CANDIDATE
        and not lacks_answers
        and answers_count < config.maximum_assessment_length
    ):
        scored_answers = degraded_answers(
            pool=pool,
            answers=counted,
            excluded_skill_ids=_excluded_skill_ids(pool, live_alert_challenge_ids),
            config=config,
        )

    estimate = estimate_capacity_from_answers(pool=pool, answers=scored_answers, config=config)
    score = capacity_score(
        capacity=estimate.capacity, intervals=global_intervals, max_reachable_level=config.max_reachable_level
    )
    if competence_intervals is None:
        competence_intervals = competence_intervals_for(
            competence_codes=(challenge.competence for challenge in pool.known.values())
        )
    levels = competence_levels(capacity=estimate.capacity, competence_intervals=competence_intervals)
    status, comment = _v3_status(
        is_cancelled=is_cancelled,
        is_rejected_for_fraud=is_rejected_for_fraud,
        lacks_answers=lacks_answers,
        abort_reason=abort_reason,
        pix_score=score.score,
        mesh_level=score.mesh_level,
    )
    return V3CertificationResult(
        status=status,
        jury_comment_key=comment,
        capacity=estimate.capacity,
        error_rate=estimate.error_rate,
        pix_score=score.score,
        mesh_level=score.mesh_level,
        competence_marks=tuple(
            CompetenceMark(competence=code, level=level) for code, level in levels.items()
        ),
        answers_count=answers_count,
        simulated_skipped_answers=len(scored_answers) - len(counted),
        capacity_history=estimate.history,
    )


def _v3_status(
    *,
    is_cancelled: bool,
    is_rejected_for_fraud: bool,
    lacks_answers: bool,
    abort_reason: AbortReason | None,
    pix_score: int,
    mesh_level: int | None,
) -> tuple[AssessmentResultStatus, JuryCommentKey | None]:
    """The first rule that applies, in the order of §13.7."""
    if is_cancelled:
        return AssessmentResultStatus.CANCELLED, None
    if is_rejected_for_fraud:
        return AssessmentResultStatus.REJECTED, JuryCommentKey.FRAUD
    if lacks_answers:
        if abort_reason is AbortReason.TECHNICAL:
            return (
                AssessmentResultStatus.CANCELLED,
                JuryCommentKey.CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON,
            )
        return AssessmentResultStatus.REJECTED, JuryCommentKey.REJECTED_DUE_TO_LACK_OF_ANSWERS
    if pix_score == 0 or mesh_level is None:
        return AssessmentResultStatus.REJECTED, JuryCommentKey.REJECTED_DUE_TO_ZERO_PIX_SCORE
    return AssessmentResultStatus.VALIDATED, None
