"""The flash algorithm: 2PL model, moving-prior capacity estimate, selection rules and the draw."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from assessments.engine.flash import (
    CAPACITY_GRID,
    ERROR_RATE_WITHOUT_ANSWERS,
    FlashConfiguration,
    ItemResponse,
    binary_tree_pick_index,
    eligible_challenges,
    estimate_capacity,
    estimate_capacity_from_answers,
    fisher_information,
    minimum_capability,
    most_informative,
    pick_challenge,
    pick_probabilities,
    prepare_flash_pool,
    success_probability,
)
from assessments.engine.types import AnsweredChallenge, Challenge, ChallengeStatus

CONFIG = FlashConfiguration()


def challenge(
    challenge_id: str,
    *,
    competence: str = "1.1",
    skill_id: str | None = None,
    alpha: float | None = 1.5,
    delta: float | None = 0.0,
    status: ChallengeStatus = ChallengeStatus.VALIDATED,
    locales: tuple[str, ...] = ("fr",),
) -> Challenge:
    return Challenge(
        id=challenge_id,
        skill_id=skill_id or f"skill-{challenge_id}",
        competence=competence,
        alpha=alpha,
        delta=delta,
        status=status,
        locales=locales,
    )


def reference_estimate(responses: list[ItemResponse], *, initial: float = -3.0) -> tuple[float, float]:
    """§13.2 written out literally: normalised prior, cumulative likelihood, normalised posterior."""
    likelihood = [1.0] * len(CAPACITY_GRID)
    capacity, error_rate = initial, 5.0
    for response in responses:
        prior = [
            math.exp(-((x - capacity) ** 2) / (2 * 1.5)) / math.sqrt(2 * math.pi * 1.5) for x in CAPACITY_GRID
        ]
        prior_total = sum(prior)
        prior = [value / prior_total for value in prior]
        for index, x in enumerate(CAPACITY_GRID):
            probability = 1 / (1 + math.exp(response.alpha * (response.delta - x)))
            likelihood[index] *= probability if response.is_correct else 1 - probability
        unnormalised = [value * weight for value, weight in zip(likelihood, prior, strict=True)]
        total = sum(unnormalised)
        posterior = [value / total for value in unnormalised]
        capacity = sum(x * weight for x, weight in zip(CAPACITY_GRID, posterior, strict=True))
        error_rate = math.sqrt(
            sum(weight * (x - capacity) ** 2 for x, weight in zip(CAPACITY_GRID, posterior, strict=True))
            - (9 / 80) ** 2 / 12
        )
    return capacity, error_rate


# --- The grid and the item model ----------------------------------------------------------------


def test_the_grid_has_81_points_from_minus_9_to_just_under_9() -> None:
    assert len(CAPACITY_GRID) == 81
    assert CAPACITY_GRID[0] == -9.0
    assert 8.9999 < CAPACITY_GRID[-1] < 9.0
    assert CAPACITY_GRID[1] - CAPACITY_GRID[0] == pytest.approx(0.225)


def test_success_probability_is_one_half_at_the_difficulty() -> None:
    assert success_probability(capacity=1.2, alpha=2.0, delta=1.2) == 0.5


def test_success_probability_follows_the_2pl_formula() -> None:
    assert success_probability(capacity=1.0, alpha=1.5, delta=0.0) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert success_probability(capacity=-1.0, alpha=1.5, delta=0.0) == pytest.approx(1 / (1 + math.exp(1.5)))


def test_success_probability_does_not_overflow_far_from_the_difficulty() -> None:
    assert success_probability(capacity=-9.0, alpha=100.0, delta=9.0) == 0.0
    assert success_probability(capacity=9.0, alpha=100.0, delta=-9.0) == 1.0


def test_fisher_information_is_alpha_squared_p_times_one_minus_p() -> None:
    probability = success_probability(capacity=0.7, alpha=1.8, delta=0.2)
    assert fisher_information(capacity=0.7, alpha=1.8, delta=0.2) == pytest.approx(
        1.8**2 * probability * (1 - probability)
    )


def test_fisher_information_peaks_at_the_difficulty() -> None:
    assert fisher_information(capacity=2.0, alpha=2.0, delta=2.0) == pytest.approx(1.0)
    assert fisher_information(capacity=1.5, alpha=2.0, delta=2.0) < 1.0


def test_minimum_capability_is_where_success_reaches_95_percent() -> None:
    capacity = minimum_capability(alpha=1.5, delta=1.0)
    assert capacity == pytest.approx(1.0 + math.log(19) / 1.5)
    assert success_probability(capacity=capacity, alpha=1.5, delta=1.0) == pytest.approx(0.95)


# --- Capacity estimation ------------------------------------------------------------------------


def test_without_answers_the_capacity_is_the_start_capacity_with_error_rate_5() -> None:
    estimate = estimate_capacity(responses=[])
    assert estimate.capacity == -3.0
    assert estimate.error_rate == ERROR_RATE_WITHOUT_ANSWERS == 5.0
    assert estimate.history == ()


def test_an_initial_capacity_can_be_given() -> None:
    assert estimate_capacity(responses=[], initial_capacity=1.0).capacity == 1.0


def test_a_correct_first_answer_raises_the_capacity_and_a_wrong_one_lowers_it() -> None:
    right = estimate_capacity(responses=[ItemResponse(alpha=1.5, delta=-3.0, is_correct=True)])
    wrong = estimate_capacity(responses=[ItemResponse(alpha=1.5, delta=-3.0, is_correct=False)])
    assert right.capacity > -3.0 > wrong.capacity


def test_the_estimate_matches_the_rules_of_13_2_written_out_literally() -> None:
    responses = [
        ItemResponse(alpha=1.5, delta=-2.0, is_correct=True),
        ItemResponse(alpha=2.2, delta=-1.0, is_correct=True),
        ItemResponse(alpha=0.9, delta=0.5, is_correct=False),
        ItemResponse(alpha=1.5, delta=0.0, is_correct=True),
        ItemResponse(alpha=1.1, delta=1.3, is_correct=False),
    ]
    estimate = estimate_capacity(responses=responses)
    capacity, error_rate = reference_estimate(responses)
    assert estimate.capacity == pytest.approx(capacity, abs=1e-12)
    assert estimate.error_rate == pytest.approx(error_rate, abs=1e-12)


def test_the_prior_moves_to_the_previous_estimate_before_each_answer() -> None:
    responses = [ItemResponse(alpha=1.5, delta=-3.0, is_correct=True)] + [
        ItemResponse(alpha=1.5, delta=float(level), is_correct=True) for level in range(-2, 3)
    ]
    moving = estimate_capacity(responses=responses)
    # With a prior kept at −3 the last estimate would be the posterior of all answers under N(−3, 1.5).
    fixed_likelihood = [1.0] * len(CAPACITY_GRID)
    for response in responses:
        for index, x in enumerate(CAPACITY_GRID):
            fixed_likelihood[index] *= success_probability(
                capacity=x, alpha=response.alpha, delta=response.delta
            )
    weights = [
        value * math.exp(-((x + 3.0) ** 2) / 3.0)
        for value, x in zip(fixed_likelihood, CAPACITY_GRID, strict=True)
    ]
    fixed_prior_capacity = sum(x * w for x, w in zip(CAPACITY_GRID, weights, strict=True)) / sum(weights)
    assert moving.capacity > fixed_prior_capacity + 0.5


def test_the_history_holds_the_capacity_after_each_answer() -> None:
    responses = [ItemResponse(alpha=1.5, delta=float(d), is_correct=True) for d in (-3, -2, -1)]
    estimate = estimate_capacity(responses=responses)
    assert len(estimate.history) == 3
    assert estimate.history[-1] == estimate.capacity
    assert estimate.history[0] == estimate_capacity(responses=responses[:1]).capacity


def test_the_error_rate_shrinks_as_answers_accumulate() -> None:
    responses = [ItemResponse(alpha=1.5, delta=0.0, is_correct=index % 2 == 0) for index in range(12)]
    assert (
        estimate_capacity(responses=responses).error_rate
        < estimate_capacity(responses=responses[:2]).error_rate
    )


def test_the_variation_percent_limits_each_move() -> None:
    responses = [ItemResponse(alpha=3.0, delta=2.0, is_correct=True)]
    unclamped = estimate_capacity(responses=responses)
    clamped = estimate_capacity(responses=responses, variation_percent=0.1)
    assert unclamped.capacity > -3.0 + 0.3
    assert clamped.capacity == pytest.approx(-3.0 + 0.3)  # |−3 × 0.1|


def test_the_variation_percent_is_the_gap_itself_near_zero() -> None:
    responses = [ItemResponse(alpha=3.0, delta=-3.0, is_correct=False)]
    clamped = estimate_capacity(responses=responses, initial_capacity=0.2, variation_percent=0.5)
    assert clamped.capacity == pytest.approx(0.2 - 0.5)


@pytest.mark.parametrize("status", ["ko", "aband", "timedout", "focusedOut", "partially", "unimplemented"])
def test_only_ok_counts_as_a_success(status: str) -> None:
    pool = prepare_flash_pool(challenges=[challenge("a", delta=-3.0)])
    failed = estimate_capacity_from_answers(
        pool=pool, answers=[AnsweredChallenge(challenge_id="a", status=status)], config=CONFIG
    )
    wrong = estimate_capacity_from_answers(
        pool=pool, answers=[AnsweredChallenge(challenge_id="a", status="ko")], config=CONFIG
    )
    assert failed.capacity == wrong.capacity < -3.0


def test_estimating_from_answers_uses_the_pool_calibration() -> None:
    pool = prepare_flash_pool(
        challenges=[challenge("a", alpha=2.0, delta=-1.0), challenge("b", alpha=1.0, delta=0.5)]
    )
    answers = [
        AnsweredChallenge(challenge_id="a", status="ok"),
        AnsweredChallenge(challenge_id="b", status="ko"),
    ]
    expected = estimate_capacity(
        responses=[
            ItemResponse(alpha=2.0, delta=-1.0, is_correct=True),
            ItemResponse(alpha=1.0, delta=0.5, is_correct=False),
        ]
    )
    assert estimate_capacity_from_answers(pool=pool, answers=answers, config=CONFIG) == expected


def test_an_answer_to_an_unknown_challenge_is_an_error() -> None:
    pool = prepare_flash_pool(challenges=[challenge("a")])
    with pytest.raises(ValueError, match="not a calibrated challenge"):
        estimate_capacity_from_answers(
            pool=pool, answers=[AnsweredChallenge(challenge_id="zzz", status="ok")], config=CONFIG
        )


# --- The pool -----------------------------------------------------------------------------------


def test_the_pool_keeps_operative_calibrated_challenges_of_the_locale() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("validated"),
            challenge("archived", status=ChallengeStatus.ARCHIVED),
            challenge("obsolete", status=ChallengeStatus.OBSOLETE),
            challenge("uncalibrated", alpha=None),
            challenge("english", locales=("en",)),
        ],
        locale="fr",
    )
    assert [c.id for c in pool.selectable] == ["validated", "archived"]
    # Obsolete or other-locale challenges stay known, so answers already given to them still count.
    assert set(pool.known) == {"validated", "archived", "obsolete", "english"}


# --- Selection rules ----------------------------------------------------------------------------


def test_challenges_of_answered_skills_are_not_eligible() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("a1", skill_id="a", competence="1.1"),
            challenge("a2", skill_id="a", competence="1.1"),
            challenge("b1", skill_id="b", competence="1.2"),
        ]
    )
    eligible = eligible_challenges(pool=pool, answered=[pool.get("a1")], config=CONFIG)
    assert [c.id for c in eligible] == ["b1"]


def test_the_competences_of_the_last_two_answers_are_skipped() -> None:
    pool = prepare_flash_pool(
        challenges=[challenge(f"c{code}", competence=code) for code in ("1.1", "1.2", "1.3", "2.1")]
    )
    answered = [pool.get("c1.1"), pool.get("c1.2")]
    eligible = eligible_challenges(pool=pool, answered=answered, config=CONFIG)
    assert [c.id for c in eligible] == ["c1.3", "c2.1"]


def test_only_the_last_two_answers_count_for_the_spacing() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("x1", competence="1.1"),
            challenge("y1", competence="1.2"),
            challenge("z1", competence="1.3"),
            challenge("x2", competence="1.1"),
        ]
    )
    answered = [pool.get("x1"), pool.get("y1"), pool.get("z1")]
    eligible = eligible_challenges(pool=pool, answered=answered, config=CONFIG)
    assert [c.id for c in eligible] == ["x2"]


def test_the_spacing_is_dropped_when_it_would_leave_nothing() -> None:
    pool = prepare_flash_pool(
        challenges=[challenge("a1", competence="1.1"), challenge("a2", competence="1.1")]
    )
    eligible = eligible_challenges(pool=pool, answered=[pool.get("a1")], config=CONFIG)
    assert [c.id for c in eligible] == ["a2"]


def test_the_spacing_can_be_switched_off() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("a1", competence="1.1"),
            challenge("a2", competence="1.1"),
            challenge("b", competence="1.2"),
        ]
    )
    config = FlashConfiguration(challenges_between_same_competence=0)
    eligible = eligible_challenges(pool=pool, answered=[pool.get("a1")], config=config)
    assert [c.id for c in eligible] == ["a2", "b"]


def test_skills_of_validated_live_alerts_are_excluded() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("s1", skill_id="s"),
            challenge("s2", skill_id="s"),
            challenge("t1", skill_id="t"),
        ]
    )
    eligible = eligible_challenges(pool=pool, answered=[], excluded_skill_ids=frozenset({"s"}), config=CONFIG)
    assert [c.id for c in eligible] == ["t1"]


def test_one_question_per_tube_removes_the_whole_tube() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("a", skill_id="@tube1", competence="1.1"),
            challenge("b", skill_id="@tube2", competence="1.2"),
            challenge("c", skill_id="@other1", competence="1.3"),
        ],
        tube_by_skill_id={"@tube1": "@tube", "@tube2": "@tube", "@other1": "@other"},
    )
    config = FlashConfiguration(limit_to_one_question_per_tube=True)
    eligible = eligible_challenges(pool=pool, answered=[pool.get("a")], config=config)
    assert [c.id for c in eligible] == ["c"]


def test_one_question_per_tube_needs_the_tubes() -> None:
    pool = prepare_flash_pool(challenges=[challenge("a"), challenge("b")])
    with pytest.raises(ValueError, match="tube"):
        eligible_challenges(
            pool=pool, answered=[], config=FlashConfiguration(limit_to_one_question_per_tube=True)
        )


def test_passage_by_all_competences_prefers_competences_without_answers() -> None:
    pool = prepare_flash_pool(
        challenges=[
            challenge("a1", competence="1.1"),
            challenge("b1", competence="1.2"),
            challenge("a2", competence="1.1"),
            challenge("c1", competence="1.3"),
        ]
    )
    config = FlashConfiguration(enable_passage_by_all_competences=True, challenges_between_same_competence=0)
    eligible = eligible_challenges(pool=pool, answered=[pool.get("a1")], config=config)
    assert [c.id for c in eligible] == ["b1", "c1"]


def test_passage_by_all_competences_falls_back_once_every_competence_is_seen() -> None:
    pool = prepare_flash_pool(
        challenges=[challenge("a1", competence="1.1"), challenge("a2", competence="1.1")]
    )
    config = FlashConfiguration(enable_passage_by_all_competences=True)
    assert [c.id for c in eligible_challenges(pool=pool, answered=[pool.get("a1")], config=config)] == ["a2"]


# --- Ranking and drawing ------------------------------------------------------------------------


def test_the_five_most_informative_challenges_are_kept_best_first() -> None:
    deltas = [-4.0, -1.0, 0.0, 0.3, 1.0, 2.0, 5.0, -0.2]
    pool = prepare_flash_pool(challenges=[challenge(f"d{d}", delta=d) for d in deltas])
    best = most_informative(challenges=pool.selectable, capacity=0.0, count=5)
    assert [c.delta for c in best] == [0.0, -0.2, 0.3, 1.0, -1.0]


def test_equally_informative_challenges_keep_their_order() -> None:
    pool = prepare_flash_pool(challenges=[challenge(f"c{i}", delta=0.0) for i in range(8)])
    best = most_informative(challenges=pool.selectable, capacity=0.0, count=5)
    assert [c.id for c in best] == ["c0", "c1", "c2", "c3", "c4"]


def test_pick_probabilities_with_five_candidates_follow_the_binary_tree() -> None:
    probabilities = pick_probabilities(count=5, pick_probability=0.51)
    assert [round(p, 4) for p in probabilities] == [0.51, 0.2499, 0.1225, 0.0600, 0.0576]
    assert sum(probabilities) == pytest.approx(1.0)


def test_pick_probabilities_with_fewer_candidates_give_the_rest_to_the_last() -> None:
    assert pick_probabilities(count=1) == (1.0,)
    assert pick_probabilities(count=2) == pytest.approx((0.51, 0.49))
    assert pick_probabilities(count=0) == ()


def test_the_draw_matches_the_pick_probabilities() -> None:
    rng = random.Random(20240601)
    draws = 200_000
    counts = Counter(binary_tree_pick_index(count=5, pick_probability=0.51, rng=rng) for _ in range(draws))
    for rank, expected in enumerate(pick_probabilities(count=5, pick_probability=0.51)):
        assert counts[rank] / draws == pytest.approx(expected, abs=0.005)


def test_a_pick_probability_of_100_percent_always_takes_the_best() -> None:
    rng = random.Random(1)
    assert {binary_tree_pick_index(count=5, pick_probability=1.0, rng=rng) for _ in range(100)} == {0}


def test_the_pick_is_one_of_the_five_best_and_depends_only_on_the_seed() -> None:
    pool = prepare_flash_pool(challenges=[challenge(f"c{i}", delta=i / 2 - 4) for i in range(16)])
    best_ids = {c.id for c in most_informative(challenges=pool.selectable, capacity=-1.0, count=5)}
    picks = [
        pick_challenge(challenges=pool.selectable, capacity=-1.0, config=CONFIG, rng=random.Random(seed))
        for seed in range(60)
    ]
    assert {pick.id for pick in picks if pick} <= best_ids
    assert len({pick.id for pick in picks if pick}) > 1
    again = pick_challenge(challenges=pool.selectable, capacity=-1.0, config=CONFIG, rng=random.Random(7))
    assert again == picks[7]


def test_equally_informative_challenges_are_served_in_a_random_order() -> None:
    pool = prepare_flash_pool(
        challenges=[challenge(f"c{i}", delta=0.0, competence=f"{i}.1") for i in range(40)]
    )
    picks = [
        pick_challenge(challenges=pool.selectable, capacity=0.0, config=CONFIG, rng=random.Random(seed))
        for seed in range(40)
    ]
    assert len({pick.id for pick in picks if pick is not None}) > 10


def test_nothing_is_picked_from_an_empty_list() -> None:
    assert pick_challenge(challenges=[], capacity=0.0, config=CONFIG, rng=random.Random(0)) is None


def test_the_configuration_rejects_impossible_values() -> None:
    with pytest.raises(ValueError):
        FlashConfiguration(maximum_assessment_length=0)
    with pytest.raises(ValueError):
        FlashConfiguration(pick_probability_percent=0)
    with pytest.raises(ValueError):
        FlashConfiguration(variation_percent=-0.5)


def test_the_default_configuration_follows_the_reference() -> None:
    assert CONFIG.maximum_assessment_length == 32
    assert CONFIG.challenges_between_same_competence == 2
    assert CONFIG.default_candidate_capacity == -3.0
    assert CONFIG.pick_probability == 0.51
    assert CONFIG.challenges_to_draw_from == 5
    assert CONFIG.minimum_answers_required == 20
    assert CONFIG.max_reachable_level == 7
