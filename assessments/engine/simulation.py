"""Simulated learners run through the real engine, to measure how well smart random finds a known level.

A learner of true level L answers the challenges of a skill of level d according to a model; each run
goes through `next_challenge` and `knowledge_elements_for_answer` exactly as the answer service does,
until the engine ends the assessment. Results are deterministic for a given seed (except the timings).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from assessments.engine.knowledge import (
    ANSWER_STATUS_OK,
    knowledge_elements_for_answer,
    skill_ids_assessed_in_assessment,
    validated_skill_ids,
)
from assessments.engine.scoring import (
    DEFAULT_MAX_REACHABLE_LEVEL,
    PIX_PER_LEVEL,
    earned_pix,
    mastery_percentage,
)
from assessments.engine.smart_random import SmartRandomSituation, next_challenge
from assessments.engine.types import AnsweredChallenge, Challenge, KnowledgeElement, Skill

ANSWER_STATUS_KO = "ko"
SLIP_PROBABILITY = 0.1
GUESS_PROBABILITY = 0.1
LOGISTIC_ABILITY_OFFSET = 0.5  # θ = true level + 0.5: a learner succeeds at their level more often than not

_SIMULATION_START = datetime(2024, 1, 1, tzinfo=UTC)


class LearnerModel(StrEnum):
    DETERMINISTIC = "deterministic"  # correct iff the skill's level ≤ the true level
    SLIP_GUESS = "slip_guess"  # the same, with 10 % slips and 10 % lucky guesses
    LOGISTIC = "logistic"  # P(correct) = 1 / (1 + e^−(θ − level)), θ = true level + 0.5


def answers_correctly(*, model: LearnerModel, true_level: int, skill_level: int, rng: random.Random) -> bool:
    """Whether a learner of `true_level` answers a challenge of a skill of `skill_level` correctly."""
    masters_the_skill = skill_level <= true_level
    if model == LearnerModel.DETERMINISTIC:
        return masters_the_skill
    if model == LearnerModel.SLIP_GUESS:
        draw = rng.random()
        return draw >= SLIP_PROBABILITY if masters_the_skill else draw < GUESS_PROBABILITY
    ability = true_level + LOGISTIC_ABILITY_OFFSET
    return rng.random() < 1 / (1 + math.exp(-(ability - skill_level)))


@dataclass(frozen=True, slots=True)
class SimulatedRun:
    true_level: int
    questions: int
    exact_pix: Fraction  # over every skill given (one competence: that competence's pix)
    pix_score: int
    level: int  # from the exact pix, capped at max_reachable_level
    mastery_percentage: int  # of the skills given (the campaign view)
    selection_seconds: tuple[float, ...]  # one per call of next_challenge, the final one included


def simulate_assessment(
    *,
    skills: Sequence[Skill],
    challenges: Sequence[Challenge],
    true_level: int,
    model: LearnerModel,
    seed: int,
    assessment_id: int = 1,
    is_campaign: bool = False,
    locale: str = "fr",
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    prior_knowledge_elements: Iterable[KnowledgeElement] = (),
) -> SimulatedRun:
    """One competence evaluation (or campaign assessment, with the campaign skills) until the engine ends.

    `skills` are the target skills; for a competence evaluation the pix and level are those of the
    competence, so pass one competence's skills.
    """
    rng = random.Random(seed)
    target_skills = tuple(skills)
    all_challenges = tuple(challenges)
    skills_by_id = {skill.id: skill for skill in target_skills}
    assessment_created_at = _SIMULATION_START
    knowledge_elements: list[KnowledgeElement] = list(prior_knowledge_elements)
    answers: list[AnsweredChallenge] = []
    selection_seconds: list[float] = []

    while True:
        situation = SmartRandomSituation(
            target_skills=target_skills,
            challenges=all_challenges,
            knowledge_elements=tuple(knowledge_elements),
            answers=tuple(answers),
            assessment_id=assessment_id,
            assessment_created_at=assessment_created_at,
            locale=locale,
            is_campaign=is_campaign,
        )
        started = time.perf_counter()
        choice = next_challenge(situation=situation)
        selection_seconds.append(time.perf_counter() - started)
        if choice.challenge is None:
            break

        challenge = choice.challenge
        is_correct = answers_correctly(
            model=model, true_level=true_level, skill_level=skills_by_id[challenge.skill_id].level, rng=rng
        )
        status = ANSWER_STATUS_OK if is_correct else ANSWER_STATUS_KO
        answer_id = len(answers) + 1
        answers.append(
            AnsweredChallenge(
                challenge_id=challenge.id,
                status=status,
                timeout=challenge.timer if challenge.is_timed else None,
            )
        )
        knowledge_elements.extend(
            knowledge_elements_for_answer(
                answer_status=status,
                challenge=challenge,
                target_skills=target_skills,
                already_assessed_skill_ids=skill_ids_assessed_in_assessment(
                    knowledge_elements=knowledge_elements, assessment_id=assessment_id
                ),
                created_at=assessment_created_at + timedelta(minutes=answer_id),
                assessment_id=assessment_id,
                answer_id=answer_id,
            )
        )

    exact_pix = earned_pix(knowledge_elements=(e for e in knowledge_elements if e.skill_id in skills_by_id))
    return SimulatedRun(
        true_level=true_level,
        questions=len(answers),
        exact_pix=exact_pix,
        pix_score=min(math.floor(exact_pix), max_reachable_level * PIX_PER_LEVEL),
        level=min(math.floor(exact_pix / PIX_PER_LEVEL), max_reachable_level),
        mastery_percentage=mastery_percentage(
            validated_skill_ids=validated_skill_ids(knowledge_elements=knowledge_elements),
            skill_ids=skills_by_id.keys(),
        ),
        selection_seconds=tuple(selection_seconds),
    )


@dataclass(frozen=True, slots=True)
class SimulationSummary:
    runs: int
    mean_questions: float
    max_questions: int
    share_exact: float  # final level == expected level
    share_within_one_level: float
    mean_absolute_error: float  # in levels
    median_selection_ms: float
    p95_selection_ms: float
    mean_questions_by_true_level: dict[int, float]
    share_exact_by_true_level: dict[int, float]


def simulate_population(
    *,
    skills: Sequence[Skill],
    challenges: Sequence[Challenge],
    model: LearnerModel,
    learners_per_level: int,
    seed: int,
    true_levels: Iterable[int] = range(0, 8),
    is_campaign: bool = False,
    locale: str = "fr",
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> SimulationSummary:
    """N learners of each true level; the expected level is min(true level, max_reachable_level).

    Every run draws its own learner seed and assessment id from `seed`, so the pick varies between
    learners as it does between real assessments.
    """
    seeds = random.Random(seed)
    runs: list[SimulatedRun] = []
    for true_level in true_levels:
        for _ in range(learners_per_level):
            runs.append(
                simulate_assessment(
                    skills=skills,
                    challenges=challenges,
                    true_level=true_level,
                    model=model,
                    seed=seeds.getrandbits(64),
                    assessment_id=seeds.randrange(1, 2**31),
                    is_campaign=is_campaign,
                    locale=locale,
                    max_reachable_level=max_reachable_level,
                )
            )
    return summarize_runs(runs=runs, max_reachable_level=max_reachable_level)


def summarize_runs(
    *, runs: Sequence[SimulatedRun], max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL
) -> SimulationSummary:
    if not runs:
        raise ValueError("no simulated run to summarize")
    errors = [abs(run.level - min(run.true_level, max_reachable_level)) for run in runs]
    timings_ms = sorted(seconds * 1000 for run in runs for seconds in run.selection_seconds)
    true_levels = sorted({run.true_level for run in runs})
    return SimulationSummary(
        runs=len(runs),
        mean_questions=statistics.fmean(run.questions for run in runs),
        max_questions=max(run.questions for run in runs),
        share_exact=sum(1 for error in errors if error == 0) / len(runs),
        share_within_one_level=sum(1 for error in errors if error <= 1) / len(runs),
        mean_absolute_error=statistics.fmean(errors),
        median_selection_ms=statistics.median(timings_ms),
        p95_selection_ms=_nearest_rank_percentile(timings_ms, 95),
        mean_questions_by_true_level={
            level: statistics.fmean(run.questions for run in runs if run.true_level == level)
            for level in true_levels
        },
        share_exact_by_true_level={
            level: statistics.fmean(
                1.0 if error == 0 else 0.0
                for run, error in zip(runs, errors, strict=True)
                if run.true_level == level
            )
            for level in true_levels
        },
    )


def _nearest_rank_percentile(sorted_values: Sequence[float], percent: int) -> float:
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]
