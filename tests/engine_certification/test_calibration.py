"""Calibration: initial IRT parameters, capacity intervals, mesh table and the 0–895 score."""

from __future__ import annotations

import math

import pytest

from assessments.engine.calibration import (
    CALIBRATED_COMPETENCE_INTERVALS,
    CALIBRATED_GLOBAL_INTERVALS,
    INITIAL_ALPHA,
    MESH_LEVELS,
    PIX_SEED_COMPETENCE_INTERVALS,
    PIX_SEED_GLOBAL_INTERVALS,
    CapacityInterval,
    capacity_score,
    check_intervals,
    competence_intervals_for,
    competence_level,
    competence_levels,
    initial_irt_parameters,
    intervals_from_bounds,
    level_capacity,
    max_score,
    mesh_level_from_score,
    score_from_capacity,
    with_initial_irt_parameters,
)
from assessments.engine.flash import minimum_capability, success_probability
from assessments.engine.types import Challenge

# --- Initial parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "delta"), [(1, -2.0), (2, -1.0), (3, 0.0), (4, 1.0), (5, 2.0), (6, 3.0), (7, 4.0), (8, 5.0)]
)
def test_the_initial_difficulty_is_affine_in_the_level(level: int, delta: float) -> None:
    parameters = initial_irt_parameters(level=level)
    assert parameters.delta == delta
    assert parameters.alpha == INITIAL_ALPHA == 1.5


def test_there_is_no_level_zero_skill() -> None:
    with pytest.raises(ValueError):
        initial_irt_parameters(level=0)


def test_missing_parameters_are_filled_from_the_skill_level() -> None:
    filled = with_initial_irt_parameters(
        challenge=Challenge(id="c", skill_id="s", competence="1.1"), skill_level=4
    )
    assert (filled.alpha, filled.delta) == (1.5, 1.0)


def test_calibrated_parameters_are_kept() -> None:
    calibrated = Challenge(id="c", skill_id="s", competence="1.1", alpha=0.8, delta=2.7)
    assert with_initial_irt_parameters(challenge=calibrated, skill_level=1) is calibrated


def test_a_half_calibrated_challenge_keeps_its_known_parameter() -> None:
    half = Challenge(id="c", skill_id="s", competence="1.1", alpha=None, delta=2.7)
    filled = with_initial_irt_parameters(challenge=half, skill_level=1)
    assert (filled.alpha, filled.delta) == (1.5, 2.7)


# --- Calibrated intervals agree with the mapping ------------------------------------------------


def test_the_calibrated_global_intervals_are_eight_contiguous_levels_one_unit_wide() -> None:
    check_intervals(intervals=CALIBRATED_GLOBAL_INTERVALS)
    assert [interval.level for interval in CALIBRATED_GLOBAL_INTERVALS] == list(range(8))
    assert [interval.lower for interval in CALIBRATED_GLOBAL_INTERVALS] == [
        -2.5,
        -1.5,
        -0.5,
        0.5,
        1.5,
        2.5,
        3.5,
        4.5,
    ]
    assert CALIBRATED_GLOBAL_INTERVALS[-1].upper == 5.5


@pytest.mark.parametrize("level", range(1, 8))
def test_the_middle_of_a_level_is_the_difficulty_of_the_next_level(level: int) -> None:
    assert level_capacity(level=level) == initial_irt_parameters(level=level + 1).delta


@pytest.mark.parametrize("level", range(2, 8))
def test_a_typical_candidate_masters_the_level_below_at_the_95_percent_threshold(level: int) -> None:
    middle = level_capacity(level=level)
    below = initial_irt_parameters(level=level - 1)
    assert success_probability(capacity=middle, alpha=below.alpha, delta=below.delta) == pytest.approx(
        0.95, abs=0.005
    )
    assert minimum_capability(alpha=below.alpha, delta=below.delta) == pytest.approx(middle, abs=0.05)


@pytest.mark.parametrize("level", range(1, 8))
def test_a_typical_candidate_succeeds_mostly_at_their_level_and_half_the_time_one_above(level: int) -> None:
    middle = level_capacity(level=level)
    own = initial_irt_parameters(level=level)
    above = initial_irt_parameters(level=level + 1)
    assert success_probability(capacity=middle, alpha=own.alpha, delta=own.delta) == pytest.approx(
        0.818, abs=0.001
    )
    assert success_probability(capacity=middle, alpha=above.alpha, delta=above.delta) == 0.5


@pytest.mark.parametrize("level", range(1, 6))
def test_at_a_level_bound_a_candidate_expects_that_level_of_pix(level: int) -> None:
    bound = CALIBRATED_GLOBAL_INTERVALS[level].lower
    expected_levels = sum(
        success_probability(capacity=bound, alpha=p.alpha, delta=p.delta)
        for p in (initial_irt_parameters(level=k) for k in range(1, 9))
    )
    assert expected_levels == pytest.approx(level, abs=0.13)


@pytest.mark.parametrize("level", range(1, 8))
def test_the_middle_of_a_level_scores_in_that_mesh_level(level: int) -> None:
    assert capacity_score(capacity=level_capacity(level=level)).mesh_level == level


def test_the_start_capacity_scores_zero_with_the_calibrated_intervals() -> None:
    assert capacity_score(capacity=-3.0) == capacity_score(capacity=-2.6)
    assert score_from_capacity(capacity=-3.0) == 0


def test_calibrated_competence_levels_agree_with_mesh_levels() -> None:
    for tenth in range(-25, 55):
        capacity = tenth / 10
        assert (
            competence_level(capacity=capacity, intervals=CALIBRATED_COMPETENCE_INTERVALS)
            == capacity_score(capacity=capacity).mesh_level
        )


def test_calibrated_competence_levels_extend_to_infinity() -> None:
    assert competence_level(capacity=-100.0, intervals=CALIBRATED_COMPETENCE_INTERVALS) == 0
    assert competence_level(capacity=100.0, intervals=CALIBRATED_COMPETENCE_INTERVALS) == 7


def test_every_competence_shares_the_calibrated_intervals() -> None:
    configuration = competence_intervals_for(competence_codes=["2.1", "1.1", "2.1"])
    assert list(configuration) == ["1.1", "2.1"]
    assert configuration["1.1"] == CALIBRATED_COMPETENCE_INTERVALS
    assert competence_levels(capacity=2.0, competence_intervals=configuration) == {"1.1": 4, "2.1": 4}


# --- The score function with the reference's seed intervals (§17) -------------------------------


@pytest.mark.parametrize(
    ("capacity", "score"),
    [
        (-3.0, 48),
        (-1.4, 64),
        (0.0, 187),
        (1.0, 312),
        (2.0, 469),
        (3.0, 624),
        (3.9, 753),
        (4.0, 768),
        (6.0, 832),
        (8.0, 895),
        (8.5, 895),
        (50.0, 895),
    ],
)
def test_the_seed_intervals_give_the_worked_example_scores(capacity: float, score: int) -> None:
    assert score_from_capacity(capacity=capacity, intervals=PIX_SEED_GLOBAL_INTERVALS) == score


@pytest.mark.parametrize(
    ("capacity", "mesh_level"),
    [(-3.0, 0), (-1.4, 1), (0.0, 2), (1.0, 3), (2.0, 4), (3.0, 5), (3.9, 6), (4.0, 7), (6.0, 7), (8.0, 7)],
)
def test_the_seed_intervals_give_the_worked_example_mesh_levels(capacity: float, mesh_level: int) -> None:
    assert capacity_score(capacity=capacity, intervals=PIX_SEED_GLOBAL_INTERVALS).mesh_level == mesh_level


def test_below_the_first_interval_the_score_is_zero_and_there_is_no_mesh_level() -> None:
    below = capacity_score(capacity=-8.5, intervals=PIX_SEED_GLOBAL_INTERVALS)
    assert (below.score, below.mesh_level) == (0, None)


def test_at_the_first_bound_the_score_is_zero() -> None:
    assert capacity_score(capacity=-8.0, intervals=PIX_SEED_GLOBAL_INTERVALS).score == 0


def test_the_seed_competence_intervals_give_the_reference_levels() -> None:
    expected = {-2.5: 0, -2.0: 1, -1.0: 2, 0.49: 2, 0.5: 3, 1.0: 4, 2.0: 5, 3.0: 6, 4.0: 7, 10.0: 7}
    for capacity, level in expected.items():
        assert competence_level(capacity=capacity, intervals=PIX_SEED_COMPETENCE_INTERVALS) == level


# --- Mesh table ---------------------------------------------------------------------------------


def test_the_mesh_table_follows_the_reference() -> None:
    rows = [(mesh.index, mesh.key, mesh.weight, mesh.coefficient) for mesh in MESH_LEVELS]
    assert rows == [
        (0, "LEVEL_PRE_BEGINNER", 64, 0),
        (1, "LEVEL_BEGINNER_1", 64, 1),
        (2, "LEVEL_BEGINNER_2", 128, 1),
        (3, "LEVEL_INDEPENDENT_3", 128, 2),
        (4, "LEVEL_INDEPENDENT_4", 128, 3),
        (5, "LEVEL_ADVANCED_5", 128, 4),
        (6, "LEVEL_ADVANCED_6", 128, 5),
        (7, "LEVEL_EXPERT_7", 128, 6),
        (8, "LEVEL_EXPERT_8", 128, 7),
    ]
    assert [mesh.first_score for mesh in MESH_LEVELS] == [0, 64, 128, 256, 384, 512, 640, 768, 896]


@pytest.mark.parametrize(
    ("score", "mesh_level"),
    [
        (0, 0),
        (63, 0),
        (64, 1),
        (127, 1),
        (128, 2),
        (255, 2),
        (256, 3),
        (383, 3),
        (384, 4),
        (511, 4),
        (512, 5),
        (639, 5),
        (640, 6),
        (767, 6),
        (768, 7),
        (895, 7),
    ],
)
def test_scores_map_to_mesh_levels_by_cumulative_weights(score: int, mesh_level: int) -> None:
    assert mesh_level_from_score(score=score) == mesh_level


def test_the_mesh_level_is_capped_at_the_reachable_level() -> None:
    assert mesh_level_from_score(score=1000) == 7
    assert mesh_level_from_score(score=1000, max_reachable_level=8) == 8
    assert mesh_level_from_score(score=700, max_reachable_level=5) == 5


def test_the_maximum_score_is_895_while_level_7_is_the_ceiling() -> None:
    assert max_score() == 895
    assert max_score(max_reachable_level=5) == 639


def test_the_score_is_capped_by_a_lower_reachable_level() -> None:
    assert (
        score_from_capacity(capacity=7.0, intervals=PIX_SEED_GLOBAL_INTERVALS, max_reachable_level=5) == 639
    )


# --- Interval checks ----------------------------------------------------------------------------


def test_intervals_must_be_contiguous() -> None:
    broken = (
        CapacityInterval(level=0, lower=0.0, upper=1.0),
        CapacityInterval(level=1, lower=1.5, upper=2.0),
    )
    with pytest.raises(ValueError, match="contiguous"):
        check_intervals(intervals=broken)


def test_an_interval_cannot_be_empty() -> None:
    with pytest.raises(ValueError):
        CapacityInterval(level=0, lower=1.0, upper=1.0)


def test_intervals_are_built_from_bounds() -> None:
    intervals = intervals_from_bounds(bounds=(-math.inf, 0.0, math.inf), first_level=3)
    assert [(i.level, i.lower, i.upper) for i in intervals] == [(3, -math.inf, 0.0), (4, 0.0, math.inf)]
