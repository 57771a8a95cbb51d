"""Calibration: the one place where capacities, difficulties, levels and scores meet.

Until answer data calibrate a challenge (2PL, pix-engine.md §13.1), it gets *initial* IRT
parameters from its skill level, and certification scoring turns a capacity into levels with
*capacity intervals*. Both are derived here from the same three numbers, so they agree.

Initial parameters (for a skill of level L = 1..8)
    α = 1.5                 (INITIAL_ALPHA)
    δ(L) = −3 + 1.0 × L     (DELTA_AT_LEVEL_ZERO, DELTA_PER_LEVEL): level 1 at −2, level 7 at 4.

    * One capacity unit per level, the order of magnitude of the reference's seed intervals
      (§13.5: 0.75 to 1.1 per level), with level 1 just above the start capacity −3 so a course
      opens on level-1 challenges and climbs, and level 8 (δ = 5) well inside the grid's ±9.
    * α = 1.5 is a moderate discrimination: a candidate's success probability is 0.82, 0.50 and
      0.18 on three consecutive levels. Multiple-choice guessing and imperfect wording make real
      challenges less discriminating than a textbook item, so we do not credit an uncalibrated
      challenge with more (α = 2 would make the simulation below look better than content will
      be: 97 % exact). If candidates really answer with α = 1.0 while the engine assumes 1.5, our
      runs still certify 78 % at their exact level and 100 % within one.

Capacity intervals
    Level L is reached from b(L) = δ(L + ½) = L − 2.5, for L = 0..8:
    pre-beginner [−2.5, −1.5), level 1 [−1.5, −0.5), 2 [−0.5, 0.5), 3 [0.5, 1.5), 4 [1.5, 2.5),
    5 [2.5, 3.5), 6 [3.5, 4.5), 7 [4.5, 5.5); 5.5 and above score 895; below −2.5 scores 0.

    * Why half a level above δ(L): a candidate who answered one challenge of every skill would
      expect 8 pix per level times S = Σ_k P(success on level k), so their profile shows level L
      when S ≥ L (pix-engine.md §7.1). At b(L) the logistic curve is symmetric about the gap
      between levels L and L+1, so levels L and L+1, L−1 and L+2, ... pair up to 1 each: S = L,
      plus what levels above 2L add (0.12 at L = 1, under 0.03 from L = 2). Near the top the
      content stops (a sum of 7 needs levels above 7), so we keep the regular ladder there.
    * The middle of level L, b(L) + ½ = δ(L + 1), is the "typical" level-L candidate: they succeed
      on 95 % of level L−1 challenges (the §1 threshold, minimumCapability), 82 % of level L,
      50 % of level L+1 and 18 % of level L+2, i.e. they hold level L and work on L+1.
    * The pre-beginner and level-7 intervals keep the same width as the others, so every level
      is measured with the same precision; the start capacity −3 lies below them all.
    * Competence levels 0..7 use the same bounds, the outer ones extended to ±∞ (§13.5): with one
      mapping for every competence, a competence's level is the global level of the capacity.

Check (tests/engine_certification/test_calibration_simulation.py, `certification_simulation`):
simulated candidates answer with the 2PL law at the middle of their level's interval, through the
real v3 selection and scoring (32 questions, default configuration), on a pool of 16 competences
× 3 tubes × levels 1..7 × 2 challenges. With 300 candidates per level:

    level            1     2     3     4     5     6     7    all
    exact level    94 %  94 %  90 %  92 %  92 %  89 %  96 %  93 %
    within one    100 % 100 % 100 % 100 % 100 % 100 % 100 % 100 %

The required floor is 70 % exact and 98 % within one level.

Also here: the mesh table of §13.5 and the capacity → score (0–895) → mesh level functions,
which take the intervals as a parameter (the reference's seed intervals are kept for its worked
examples).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments.engine.types import Challenge

COMPETENCES_COUNT = 16
PIX_COUNT_BY_LEVEL = 8
DEFAULT_MAX_REACHABLE_LEVEL = 7

# --- Initial IRT parameters from the skill level ------------------------------------------------

# See the module docstring for why these three numbers.
INITIAL_ALPHA = 1.5
DELTA_PER_LEVEL = 1.0
DELTA_AT_LEVEL_ZERO = -3.0


@dataclass(frozen=True, slots=True)
class IrtParameters:
    alpha: float  # discriminant
    delta: float  # difficulty


def initial_delta(*, level: float) -> float:
    """Difficulty of a level-`level` challenge before answer data calibrate it: affine in the level."""
    return DELTA_AT_LEVEL_ZERO + DELTA_PER_LEVEL * level


def initial_irt_parameters(*, level: int) -> IrtParameters:
    """α and δ of a challenge whose skill has this level, until answers calibrate it."""
    if level < 1:
        raise ValueError("skill levels start at 1")
    return IrtParameters(alpha=INITIAL_ALPHA, delta=initial_delta(level=level))


def with_initial_irt_parameters(*, challenge: Challenge, skill_level: int) -> Challenge:
    """The challenge, with α and δ filled from its skill level where they are missing."""
    if challenge.alpha is not None and challenge.delta is not None:
        return challenge
    initial = initial_irt_parameters(level=skill_level)
    return dataclasses.replace(
        challenge,
        alpha=initial.alpha if challenge.alpha is None else challenge.alpha,
        delta=initial.delta if challenge.delta is None else challenge.delta,
    )


# --- Capacity intervals -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CapacityInterval:
    """Capacities in [lower, upper) give this level (a mesh index, or a competence level)."""

    level: int
    lower: float
    upper: float

    def __post_init__(self) -> None:
        if not self.lower < self.upper:
            raise ValueError(f"interval of level {self.level} is empty: [{self.lower}, {self.upper})")

    @property
    def midpoint(self) -> float:
        return (self.lower + self.upper) / 2

    def contains(self, capacity: float) -> bool:
        return self.lower <= capacity < self.upper


def intervals_from_bounds(*, bounds: Sequence[float], first_level: int = 0) -> tuple[CapacityInterval, ...]:
    """Contiguous intervals [b0, b1), [b1, b2), ... numbered from `first_level`."""
    if len(bounds) < 2:
        raise ValueError("at least two bounds are needed")
    return tuple(
        CapacityInterval(level=first_level + index, lower=lower, upper=upper)
        for index, (lower, upper) in enumerate(zip(bounds, bounds[1:], strict=False))
    )


def level_lower_bound(*, level: int) -> float:
    """The capacity from which level `level` is reached: half a level above δ(level)."""
    return initial_delta(level=level + 0.5)


def _mapping_bounds() -> tuple[float, ...]:
    return tuple(level_lower_bound(level=level) for level in range(DEFAULT_MAX_REACHABLE_LEVEL + 2))


# The 8 mesh intervals of the global score (index 0 = pre-beginner ... 7 = expert 7).
CALIBRATED_GLOBAL_INTERVALS: tuple[CapacityInterval, ...] = intervals_from_bounds(bounds=_mapping_bounds())

# Competence levels 0..7: the same bounds, the lowest and highest extended to infinity.
CALIBRATED_COMPETENCE_INTERVALS: tuple[CapacityInterval, ...] = intervals_from_bounds(
    bounds=(-math.inf, *_mapping_bounds()[1:-1], math.inf)
)

# The example of pix-engine.md §13.5 (seed/test values of the reference), kept to check the score
# function against its worked examples.
PIX_SEED_GLOBAL_INTERVALS: tuple[CapacityInterval, ...] = intervals_from_bounds(
    bounds=(-8.0, -1.4, -0.519, 0.6, 1.5, 2.25, 3.1, 4.0, 8.0)
)
PIX_SEED_COMPETENCE_INTERVALS: tuple[CapacityInterval, ...] = intervals_from_bounds(
    bounds=(-math.inf, -2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0, math.inf)
)


def competence_intervals_for(
    *,
    competence_codes: Iterable[str],
    intervals: tuple[CapacityInterval, ...] = CALIBRATED_COMPETENCE_INTERVALS,
) -> dict[str, tuple[CapacityInterval, ...]]:
    """The per-competence scoring configuration: every competence shares the mapping's intervals."""
    return dict.fromkeys(sorted(set(competence_codes)), intervals)


def check_intervals(*, intervals: Sequence[CapacityInterval]) -> None:
    """Raise ValueError unless the intervals are contiguous, increasing and numbered in order."""
    if not intervals:
        raise ValueError("no interval")
    for previous, current in zip(intervals, intervals[1:], strict=False):
        if current.level != previous.level + 1:
            raise ValueError("interval levels must follow each other")
        if current.lower != previous.upper:
            raise ValueError(f"intervals of levels {previous.level} and {current.level} are not contiguous")


def competence_level(*, capacity: float, intervals: Sequence[CapacityInterval]) -> int:
    """The competence level of this capacity; the outer intervals extend to infinity (§13.5)."""
    check_intervals(intervals=intervals)
    if capacity < intervals[0].upper:
        return intervals[0].level
    for interval in intervals[1:-1]:
        if interval.contains(capacity):
            return interval.level
    return intervals[-1].level


def level_capacity(
    *, level: int, intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS
) -> float:
    """The capacity in the middle of a level's interval: the "typical" candidate of that level."""
    for interval in intervals:
        if interval.level == level:
            return interval.midpoint
    raise ValueError(f"no interval for level {level}")


# --- Mesh and score (§13.5) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeshLevel:
    index: int
    key: str
    weight: int
    coefficient: int

    @property
    def first_score(self) -> int:
        return self.weight * self.coefficient


MESH_LEVELS: tuple[MeshLevel, ...] = (
    MeshLevel(index=0, key="LEVEL_PRE_BEGINNER", weight=64, coefficient=0),
    MeshLevel(index=1, key="LEVEL_BEGINNER_1", weight=64, coefficient=1),
    MeshLevel(index=2, key="LEVEL_BEGINNER_2", weight=128, coefficient=1),
    MeshLevel(index=3, key="LEVEL_INDEPENDENT_3", weight=128, coefficient=2),
    MeshLevel(index=4, key="LEVEL_INDEPENDENT_4", weight=128, coefficient=3),
    MeshLevel(index=5, key="LEVEL_ADVANCED_5", weight=128, coefficient=4),
    MeshLevel(index=6, key="LEVEL_ADVANCED_6", weight=128, coefficient=5),
    MeshLevel(index=7, key="LEVEL_EXPERT_7", weight=128, coefficient=6),
    MeshLevel(index=8, key="LEVEL_EXPERT_8", weight=128, coefficient=7),
)


def max_score(*, max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    """The highest certification score: 7 × 16 × 8 − 1 = 895 while level 7 is the ceiling."""
    return max_reachable_level * COMPETENCES_COUNT * PIX_COUNT_BY_LEVEL - 1


@dataclass(frozen=True, slots=True)
class CapacityScore:
    score: int
    # None when the capacity is below every interval (the score is then 0).
    mesh_level: int | None


def mesh_level_from_score(*, score: int, max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL) -> int:
    """Walk the cumulative weights 64, 128, 256, ... ; the index never exceeds the reachable level."""
    cumulative = 0
    for mesh in MESH_LEVELS:
        cumulative += mesh.weight
        if score < cumulative or mesh.index >= max_reachable_level:
            return min(mesh.index, max_reachable_level)
    return min(MESH_LEVELS[-1].index, max_reachable_level)


def capacity_score(
    *,
    capacity: float,
    intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> CapacityScore:
    """Score (0–895) and mesh level of a capacity, given the 8 global intervals (§13.5)."""
    check_intervals(intervals=intervals)
    if len(intervals) > len(MESH_LEVELS):
        raise ValueError("more capacity intervals than mesh levels")
    ceiling = max_score(max_reachable_level=max_reachable_level)
    if capacity < intervals[0].lower:
        return CapacityScore(score=0, mesh_level=None)
    if capacity >= intervals[-1].upper:
        return CapacityScore(
            score=ceiling,
            mesh_level=mesh_level_from_score(score=ceiling, max_reachable_level=max_reachable_level),
        )
    for position, interval in enumerate(intervals):
        if interval.contains(capacity):
            mesh = MESH_LEVELS[position]
            progression = 1 - (interval.upper - capacity) / (interval.upper - interval.lower)
            score = min(math.floor(mesh.weight * (mesh.coefficient + progression)), ceiling)
            return CapacityScore(
                score=score,
                mesh_level=mesh_level_from_score(score=score, max_reachable_level=max_reachable_level),
            )
    raise AssertionError("contiguous intervals cover every capacity between their bounds")


def score_from_capacity(
    *,
    capacity: float,
    intervals: Sequence[CapacityInterval] = CALIBRATED_GLOBAL_INTERVALS,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> int:
    """The certification score (0–895) of a capacity."""
    return capacity_score(
        capacity=capacity, intervals=intervals, max_reachable_level=max_reachable_level
    ).score


def competence_levels(
    *,
    capacity: float,
    competence_intervals: Mapping[str, Sequence[CapacityInterval]],
) -> dict[str, int]:
    """Level 0..7 of each competence, from its own intervals."""
    return {
        code: competence_level(capacity=capacity, intervals=intervals)
        for code, intervals in sorted(competence_intervals.items())
    }
