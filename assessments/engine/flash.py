"""The "flash" adaptive algorithm of certification v3 (pix-engine.md §13.1–13.3).

* Item model: two-parameter logistic (2PL), P(correct | θ) = 1 / (1 + e^{α(δ − θ)}).
* Capacity: the posterior mean on an 81-point grid from −9 to 9, with a *moving* prior: before each
  answer the prior is a normal law of variance 1.5 centred on the previous estimate, while the
  likelihood accumulates every answer so far.
* Selection: the challenges left by the rules (one question per skill or per tube, two questions
  between the same competence, skills of validated live alerts removed) are ranked by Fisher
  information at the current capacity; one of the five best is drawn with the "binary tree" law
  (51 %, then 51 % of the rest, ...).

Everything here is pure: the randomness comes from the `random.Random` the caller passes in.
`FlashPool` precomputes each challenge's success curve on the grid once, so estimating a capacity
costs a few multiplications per answer and a whole test over ~700 challenges stays in milliseconds.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assessments.engine.types import AnsweredChallenge, Challenge

OK_STATUS = "ok"

GRID_START = -9.0
GRID_END = 9.0
GRID_INTERVALS = 80
PRIOR_VARIANCE = 1.5
# §13.2 subtracts Sheppard's correction with a class interval of 9/80 (half the real step, 18/80):
# kept as the reference states it.
SHEPPARD_CORRECTION = (9 / 80) ** 2 / 12
ERROR_RATE_WITHOUT_ANSWERS = 5.0
SUCCESS_PROBABILITY_THRESHOLD = 0.95
# Beyond this exponent e^x overflows a float; the probability is then 0 or 1 for all practical purposes.
_MAX_EXPONENT = 700.0


def _capacity_grid() -> tuple[float, ...]:
    # The reference accumulates the step in floating point while x < 9, which yields 81 points
    # (the last one is 8.99999...). The same loop is kept so estimates match it bit for bit.
    step = (GRID_END - GRID_START) / GRID_INTERVALS
    points: list[float] = []
    x = GRID_START
    while x < GRID_END:
        points.append(x)
        x += step
    return tuple(points)


CAPACITY_GRID: tuple[float, ...] = _capacity_grid()


@dataclass(frozen=True, slots=True)
class FlashConfiguration:
    """The knobs of a v3 course, with the defaults of pix-engine.md §2 and §13.3."""

    maximum_assessment_length: int = 32
    challenges_between_same_competence: int = 2
    limit_to_one_question_per_tube: bool = False
    enable_passage_by_all_competences: bool = False
    # When set, each answer may move the capacity by at most this share of |θ| (§13.2 step 5).
    variation_percent: float | None = None
    default_candidate_capacity: float = -3.0
    pick_probability_percent: float = 51.0
    challenges_to_draw_from: int = 5
    minimum_answers_required: int = 20
    max_reachable_level: int = 7

    def __post_init__(self) -> None:
        if self.maximum_assessment_length < 1:
            raise ValueError("maximum_assessment_length must be at least 1")
        if self.challenges_between_same_competence < 0:
            raise ValueError("challenges_between_same_competence cannot be negative")
        if not 0 < self.pick_probability_percent <= 100:
            raise ValueError("pick_probability_percent must be in (0, 100]")
        if self.challenges_to_draw_from < 1:
            raise ValueError("challenges_to_draw_from must be at least 1")
        if self.variation_percent is not None and self.variation_percent <= 0:
            raise ValueError("variation_percent must be positive when set")

    @property
    def pick_probability(self) -> float:
        return self.pick_probability_percent / 100


DEFAULT_FLASH_CONFIGURATION = FlashConfiguration()


# --- The 2PL item model -------------------------------------------------------------------------


def _logistic(exponent: float) -> float:
    """1 / (1 + e^exponent), without overflow."""
    if exponent > _MAX_EXPONENT:
        return 0.0
    if exponent < -_MAX_EXPONENT:
        return 1.0
    return 1.0 / (1.0 + math.exp(exponent))


def success_probability(*, capacity: float, alpha: float, delta: float) -> float:
    """P(correct answer | capacity) under the 2PL model."""
    return _logistic(alpha * (delta - capacity))


def fisher_information(*, capacity: float, alpha: float, delta: float) -> float:
    """Information an answer brings at this capacity, α² P (1 − P); the "reward" of the reference."""
    probability = success_probability(capacity=capacity, alpha=alpha, delta=delta)
    return alpha * alpha * probability * (1.0 - probability)


def minimum_capability(
    *, alpha: float, delta: float, threshold: float = SUCCESS_PROBABILITY_THRESHOLD
) -> float:
    """The capacity at which the success probability reaches `threshold` (§1)."""
    if not 0 < threshold < 1:
        raise ValueError("threshold must be strictly between 0 and 1")
    return delta - math.log(1 / threshold - 1) / alpha


# --- Challenges prepared for the algorithm ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlashChallenge:
    """A calibrated challenge with its success and failure curves on the capacity grid."""

    id: str
    skill_id: str
    competence: str
    tube: str | None
    alpha: float
    delta: float
    success_on_grid: tuple[float, ...] = field(repr=False, compare=False)
    failure_on_grid: tuple[float, ...] = field(repr=False, compare=False)

    def information_at(self, capacity: float) -> float:
        return fisher_information(capacity=capacity, alpha=self.alpha, delta=self.delta)


def flash_challenge(*, challenge: Challenge, tube: str | None = None) -> FlashChallenge:
    """Prepare one calibrated challenge; raise ValueError when α or δ is missing."""
    if challenge.alpha is None or challenge.delta is None:
        raise ValueError(f"challenge {challenge.id} has no IRT calibration (alpha and delta are required)")
    alpha, delta = challenge.alpha, challenge.delta
    # Both curves are computed directly rather than as 1 − P, which would round to 0 far from δ.
    success = tuple(_logistic(alpha * (delta - x)) for x in CAPACITY_GRID)
    failure = tuple(_logistic(alpha * (x - delta)) for x in CAPACITY_GRID)
    return FlashChallenge(
        id=challenge.id,
        skill_id=challenge.skill_id,
        competence=challenge.competence,
        tube=tube,
        alpha=alpha,
        delta=delta,
        success_on_grid=success,
        failure_on_grid=failure,
    )


def is_flash_compatible(*, challenge: Challenge, locale: str | None = None) -> bool:
    """Operative (validated or archived), calibrated, and available in the locale when one is given."""
    return (
        challenge.is_operative
        and challenge.alpha is not None
        and challenge.delta is not None
        and (locale is None or locale in challenge.locales)
    )


@dataclass(frozen=True, slots=True)
class FlashPool:
    """The challenges a v3 course may ask, prepared once and reused for every question.

    `selectable` keeps the pool's order, which breaks ties between equally informative challenges.
    `known` also holds calibrated challenges that can no longer be asked (obsolete ones, other
    locales) so that answers already given to them still count in the capacity.
    """

    selectable: tuple[FlashChallenge, ...]
    known: Mapping[str, FlashChallenge]

    def get(self, challenge_id: str) -> FlashChallenge:
        try:
            return self.known[challenge_id]
        except KeyError:
            raise ValueError(f"challenge {challenge_id} is not a calibrated challenge of the pool") from None


def prepare_flash_pool(
    *,
    challenges: Iterable[Challenge],
    tube_by_skill_id: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> FlashPool:
    """Keep the flash-compatible challenges as selectable; remember every calibrated one."""
    tubes = tube_by_skill_id or {}
    selectable: list[FlashChallenge] = []
    known: dict[str, FlashChallenge] = {}
    for challenge in challenges:
        if challenge.alpha is None or challenge.delta is None or challenge.id in known:
            continue
        prepared = flash_challenge(challenge=challenge, tube=tubes.get(challenge.skill_id))
        known[challenge.id] = prepared
        if is_flash_compatible(challenge=challenge, locale=locale):
            selectable.append(prepared)
    return FlashPool(selectable=tuple(selectable), known=known)


# --- Capacity estimation (§13.2) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemResponse:
    """One answer reduced to what the estimate needs."""

    alpha: float
    delta: float
    is_correct: bool


@dataclass(frozen=True, slots=True)
class CapacityEstimate:
    capacity: float
    error_rate: float
    # The capacity after each answer, in order (the reference's assessment history).
    history: tuple[float, ...] = ()


def _clamped(*, raw: float, previous: float, variation_percent: float | None) -> float:
    if variation_percent is None:
        return raw
    gap = variation_percent if abs(previous) < variation_percent else abs(previous * variation_percent)
    if raw > previous:
        return min(raw, previous + gap)
    return max(raw, previous - gap)


def _estimate_from_curves(
    curves: Iterable[Sequence[float]],
    *,
    initial_capacity: float,
    variation_percent: float | None,
) -> CapacityEstimate:
    """Run §13.2 over answers given as their likelihood curve on the grid (P or 1 − P)."""
    grid = CAPACITY_GRID
    two_variances = 2 * PRIOR_VARIANCE
    likelihood = [1.0] * len(grid)
    capacity = initial_capacity
    error_rate = ERROR_RATE_WITHOUT_ANSWERS
    history: list[float] = []
    for curve in curves:
        likelihood = [value * outcome for value, outcome in zip(likelihood, curve, strict=True)]
        # Rescaling by the maximum changes no posterior, and keeps 32 small factors from underflowing.
        peak = max(likelihood)
        if peak > 0:
            likelihood = [value / peak for value in likelihood]
        posterior = [
            value * math.exp(-((x - capacity) ** 2) / two_variances)
            for value, x in zip(likelihood, grid, strict=True)
        ]
        total = sum(posterior)
        if total <= 0:  # only reachable with absurd calibrations; keep the previous estimate
            history.append(capacity)
            continue
        raw = sum(x * weight for x, weight in zip(grid, posterior, strict=True)) / total
        capacity = _clamped(raw=raw, previous=capacity, variation_percent=variation_percent)
        variance = (
            sum(weight * (x - capacity) ** 2 for x, weight in zip(grid, posterior, strict=True)) / total
        )
        error_rate = math.sqrt(max(variance - SHEPPARD_CORRECTION, 0.0))
        history.append(capacity)
    return CapacityEstimate(capacity=capacity, error_rate=error_rate, history=tuple(history))


def estimate_capacity(
    *,
    responses: Sequence[ItemResponse],
    initial_capacity: float = -3.0,
    variation_percent: float | None = None,
) -> CapacityEstimate:
    """Posterior-mean capacity after `responses`, in chronological order (§13.2)."""
    curves = (
        tuple(
            _logistic(response.alpha * (response.delta - x))
            if response.is_correct
            else _logistic(response.alpha * (x - response.delta))
            for x in CAPACITY_GRID
        )
        for response in responses
    )
    return _estimate_from_curves(
        curves, initial_capacity=initial_capacity, variation_percent=variation_percent
    )


def estimate_capacity_from_answers(
    *,
    pool: FlashPool,
    answers: Sequence[AnsweredChallenge],
    config: FlashConfiguration,
) -> CapacityEstimate:
    """Capacity after these answers; only `ok` is a success (skipped, timed out, focused out fail)."""
    curves = []
    for answer in answers:
        challenge = pool.get(answer.challenge_id)
        curves.append(challenge.success_on_grid if answer.status == OK_STATUS else challenge.failure_on_grid)
    return _estimate_from_curves(
        curves,
        initial_capacity=config.default_candidate_capacity,
        variation_percent=config.variation_percent,
    )


# --- Selection (§13.3) --------------------------------------------------------------------------


def eligible_challenges(
    *,
    pool: FlashPool,
    answered: Sequence[FlashChallenge],
    excluded_skill_ids: frozenset[str] = frozenset(),
    config: FlashConfiguration,
) -> list[FlashChallenge]:
    """Apply the rules of §13.3 step 5, in order, to the selectable challenges.

    `answered` is in chronological order. An empty result means no challenge is left to ask.
    """
    answered_ids = {challenge.id for challenge in answered}
    candidates = [
        challenge
        for challenge in pool.selectable
        if challenge.skill_id not in excluded_skill_ids and challenge.id not in answered_ids
    ]

    if config.limit_to_one_question_per_tube:
        if any(challenge.tube is None for challenge in candidates) or any(c.tube is None for c in answered):
            raise ValueError(
                "limit_to_one_question_per_tube needs the tube of every skill (tube_by_skill_id)"
            )
        answered_tubes = {challenge.tube for challenge in answered}
        candidates = [challenge for challenge in candidates if challenge.tube not in answered_tubes]
    else:
        answered_skills = {challenge.skill_id for challenge in answered}
        candidates = [challenge for challenge in candidates if challenge.skill_id not in answered_skills]

    if config.enable_passage_by_all_competences:
        # The reference computes this from the whole pool; a competence without any answer has no
        # answered skill or tube either, so filtering the current list gives the same set.
        answered_competences = {challenge.competence for challenge in answered}
        unseen = [challenge for challenge in candidates if challenge.competence not in answered_competences]
        if unseen:
            candidates = unseen

    spacing = config.challenges_between_same_competence
    if spacing > 0 and answered:
        recent_competences = {challenge.competence for challenge in answered[-spacing:]}
        spaced = [challenge for challenge in candidates if challenge.competence not in recent_competences]
        if spaced:
            candidates = spaced

    return candidates


def most_informative(
    *,
    challenges: Sequence[FlashChallenge],
    capacity: float,
    count: int = 5,
) -> list[FlashChallenge]:
    """The `count` challenges of highest Fisher information, best first; ties keep the input order."""
    # heapq.nlargest is documented as sorted(..., reverse=True)[:n], which is stable.
    return heapq.nlargest(count, challenges, key=lambda challenge: challenge.information_at(capacity))


def pick_probabilities(*, count: int, pick_probability: float = 0.51) -> tuple[float, ...]:
    """The chance of each rank under the binary-tree draw: p, p(1 − p), ..., the last takes the rest."""
    if count < 1:
        return ()
    probabilities = [pick_probability * (1 - pick_probability) ** rank for rank in range(count - 1)]
    probabilities.append((1 - pick_probability) ** (count - 1))
    return tuple(probabilities)


def binary_tree_pick_index(*, count: int, pick_probability: float, rng: random.Random) -> int:
    """Walk down the ranks, stopping at each with probability `pick_probability`."""
    if count < 1:
        raise ValueError("cannot pick among no challenge")
    for rank in range(count - 1):
        if rng.random() < pick_probability:
            return rank
    return count - 1


def pick_challenge(
    *,
    challenges: Sequence[FlashChallenge],
    capacity: float,
    config: FlashConfiguration,
    rng: random.Random,
) -> FlashChallenge | None:
    """Rank by information at `capacity`, keep the best few and draw one of them.

    Challenges are shuffled before the (stable) ranking so that equally informative ones, such as
    all the challenges of one level while they carry the initial parameters of their level, are
    served in a random order rather than always in the pool's.
    """
    shuffled = list(challenges)
    rng.shuffle(shuffled)
    best = most_informative(challenges=shuffled, capacity=capacity, count=config.challenges_to_draw_from)
    if not best:
        return None
    index = binary_tree_pick_index(count=len(best), pick_probability=config.pick_probability, rng=rng)
    return best[index]
