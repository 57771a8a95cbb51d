"""Simulated v3 certifications: how often a candidate of known level is certified at that level.

A simulated candidate has a true capacity (by default the middle of their level's interval) and
answers each question with the 2PL probability at that capacity. They go through the real
`next_challenge_for_v3_course` and `score_v3_course`, so the figures measure the engine as it runs.
Everything is seeded: the same arguments always give the same figures.

`synthetic_content` builds a pool shaped like our referential (16 competences, a few tubes each,
skills at levels 1..7, two challenges per skill) with the initial IRT parameters of
`calibration`; a management command can pass the real content instead.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assessments.engine.calibration import (
    CALIBRATED_GLOBAL_INTERVALS,
    CapacityInterval,
    initial_irt_parameters,
    level_capacity,
)
from assessments.engine.certification_v2 import PlacementCompetence, pick_v2_challenges, score_v2_course
from assessments.engine.certification_v3 import (
    V3CertificationResult,
    next_challenge_for_v3_course,
    score_v3_course,
)
from assessments.engine.flash import (
    DEFAULT_FLASH_CONFIGURATION,
    FlashConfiguration,
    FlashPool,
    success_probability,
)
from assessments.engine.types import AnsweredChallenge, Challenge, Skill

PIX_COMPETENCE_CODES: tuple[str, ...] = (
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyntheticContent:
    challenges: tuple[Challenge, ...]
    tube_by_skill_id: dict[str, str]
    level_by_skill_id: dict[str, int]


def synthetic_content(
    *,
    competence_codes: Sequence[str] = PIX_COMPETENCE_CODES,
    tubes_per_competence: int = 3,
    levels: Sequence[int] = (1, 2, 3, 4, 5, 6, 7),
    challenges_per_skill: int = 2,
) -> SyntheticContent:
    """Each competence has `tubes_per_competence` tubes with one skill per level (3 × 7 = 21 skills)."""
    challenges: list[Challenge] = []
    tube_by_skill_id: dict[str, str] = {}
    level_by_skill_id: dict[str, int] = {}
    for code in competence_codes:
        for tube_number in range(1, tubes_per_competence + 1):
            tube = f"@c{code.replace('.', '')}t{tube_number}"
            for level in levels:
                skill_id = f"{tube}{level}"
                tube_by_skill_id[skill_id] = tube
                level_by_skill_id[skill_id] = level
                parameters = initial_irt_parameters(level=level)
                for number in range(1, challenges_per_skill + 1):
                    challenges.append(
                        Challenge(
                            id=f"{skill_id}-{number}",
                            skill_id=skill_id,
                            competence=code,
                            alpha=parameters.alpha,
                            delta=parameters.delta,
                        )
                    )
    return SyntheticContent(
        challenges=tuple(challenges), tube_by_skill_id=tube_by_skill_id, level_by_skill_id=level_by_skill_id
    )


def simulate_candidate(
    *,
    pool: FlashPool,
    true_capacity: float,
    seed: str,
    config: FlashConfiguration = DEFAULT_FLASH_CONFIGURATION,
    global_intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
) -> V3CertificationResult:
    """One complete course: ask until the engine stops, answer with the 2PL law, then score."""
    answering = random.Random(f"{seed}:answers")
    answers: list[AnsweredChallenge] = []
    while True:
        question = next_challenge_for_v3_course(challenges=pool, answers=answers, seed=seed, config=config)
        if question is None:
            break
        probability = success_probability(capacity=true_capacity, alpha=question.alpha, delta=question.delta)
        status = "ok" if answering.random() < probability else "ko"
        answers.append(AnsweredChallenge(challenge_id=question.challenge_id, status=status))
    return score_v3_course(challenges=pool, answers=answers, config=config, global_intervals=global_intervals)


@dataclass(frozen=True, slots=True)
class LevelFigures:
    level: int
    candidates: int
    exact_share: float
    within_one_share: float
    mean_questions: float
    mean_capacity: float
    mean_score: float
    # How many candidates got each certified mesh level (None: below every interval).
    certified_levels: tuple[tuple[int | None, int], ...]


@dataclass(frozen=True, slots=True)
class SimulationFigures:
    candidates: int
    exact_share: float
    within_one_share: float
    mean_questions: float
    per_level: tuple[LevelFigures, ...]


def _distance(certified: int | None, level: int) -> int:
    # Below every interval counts as one under the pre-beginner level 0.
    return abs((-1 if certified is None else certified) - level)


def simulate_certifications(
    *,
    pool: FlashPool,
    levels: Sequence[int] = (1, 2, 3, 4, 5, 6, 7),
    candidates_per_level: int = 60,
    seed: int | str = 0,
    config: FlashConfiguration = DEFAULT_FLASH_CONFIGURATION,
    global_intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
    true_capacity_of_level: Callable[[int], float] | None = None,
) -> SimulationFigures:
    """Certify `candidates_per_level` simulated candidates of each level and aggregate the outcome.

    A candidate of level L answers at `true_capacity_of_level(L)`, by default the midpoint of
    level L's interval in `global_intervals`.
    """
    if candidates_per_level < 1 or not levels:
        raise ValueError("simulate at least one candidate of one level")

    def midpoint(level: int) -> float:
        return level_capacity(level=level, intervals=global_intervals)

    capacity_of = true_capacity_of_level or midpoint
    per_level: list[LevelFigures] = []
    for level in levels:
        results = [
            simulate_candidate(
                pool=pool,
                true_capacity=capacity_of(level),
                seed=f"{seed}:{level}:{index}",
                config=config,
                global_intervals=global_intervals,
            )
            for index in range(candidates_per_level)
        ]
        certified = [result.mesh_level for result in results]
        counts: dict[int | None, int] = {}
        for mesh_level in certified:
            counts[mesh_level] = counts.get(mesh_level, 0) + 1
        per_level.append(
            LevelFigures(
                level=level,
                candidates=len(results),
                exact_share=sum(_distance(c, level) == 0 for c in certified) / len(results),
                within_one_share=sum(_distance(c, level) <= 1 for c in certified) / len(results),
                mean_questions=sum(result.answers_count for result in results) / len(results),
                mean_capacity=sum(result.capacity or 0.0 for result in results) / len(results),
                mean_score=sum(result.pix_score or 0 for result in results) / len(results),
                certified_levels=tuple(
                    sorted(counts.items(), key=lambda item: -1 if item[0] is None else item[0])
                ),
            )
        )
    total = sum(figures.candidates for figures in per_level)
    return SimulationFigures(
        candidates=total,
        exact_share=sum(f.exact_share * f.candidates for f in per_level) / total,
        within_one_share=sum(f.within_one_share * f.candidates for f in per_level) / total,
        mean_questions=sum(f.mean_questions * f.candidates for f in per_level) / total,
        per_level=tuple(per_level),
    )


# --- Certification v2 ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class V2SimulationFigures:
    candidates: int
    exact_share: float  # certified competence levels equal to the true level
    within_one_share: float
    mean_questions: float
    rejected_share: float
    share_exact_by_level: dict[int, float]


def simulate_v2_certifications(
    *,
    challenges: Sequence[Challenge],
    skills: Sequence[Skill],
    levels: Sequence[int] = (1, 2, 3, 4, 5, 6, 7),
    candidates_per_level: int = 60,
    seed: int | str = 0,
    global_intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
) -> V2SimulationFigures:
    """Certify candidates of each level with v2 (3 challenges per certifiable competence).

    A candidate of level L holds a profile at level L in every competence (the skills up to L
    directly validated, 8 pix per level) and answers with the 2PL law at the middle of level L's
    capacity interval. We compare each certified competence level with L.
    """
    by_competence: dict[str, list[Skill]] = {}
    for skill in skills:
        by_competence.setdefault(skill.competence, []).append(skill)
    by_id = {challenge.id: challenge for challenge in challenges}
    compared = exact = within_one = rejected = questions = 0
    exact_by_level: dict[int, float] = {}
    for level in levels:
        capacity = level_capacity(level=level, intervals=global_intervals)
        level_exact = level_compared = 0
        for index in range(candidates_per_level):
            candidate_seed = f"{seed}:v2:{level}:{index}"
            placement = [
                PlacementCompetence(
                    competence=code,
                    estimated_level=level,
                    pix_score=8 * level,
                    directly_validated_skills=tuple(s for s in competence_skills if s.level <= level),
                )
                for code, competence_skills in sorted(by_competence.items())
            ]
            course = pick_v2_challenges(placement=placement, challenges=challenges, seed=candidate_seed)
            answering = random.Random(f"{candidate_seed}:answers")
            answers = []
            for item in course:
                asked = by_id[item.challenge_id]
                probability = success_probability(
                    capacity=capacity, alpha=asked.alpha or 1.0, delta=asked.delta or 0.0
                )
                answers.append(
                    AnsweredChallenge(
                        challenge_id=item.challenge_id,
                        status="ok" if answering.random() < probability else "ko",
                    )
                )
            result = score_v2_course(placement=placement, challenges=course, answers=answers)
            questions += len(course)
            rejected += result.status.value == "rejected"
            for mark in result.competence_marks:
                distance = abs(max(mark.level, -1) - level)
                compared += 1
                level_compared += 1
                exact += distance == 0
                level_exact += distance == 0
                within_one += distance <= 1
        exact_by_level[level] = level_exact / level_compared if level_compared else 0.0
    candidates = candidates_per_level * len(levels)
    return V2SimulationFigures(
        candidates=candidates,
        exact_share=exact / compared if compared else 0.0,
        within_one_share=within_one / compared if compared else 0.0,
        mean_questions=questions / candidates,
        rejected_share=rejected / candidates,
        share_exact_by_level=exact_by_level,
    )
