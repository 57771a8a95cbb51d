"""The calibration agrees with the engine: simulated candidates are certified at their level."""

from __future__ import annotations

import pytest

from assessments.engine.certification_simulation import (
    SimulationFigures,
    simulate_certifications,
    synthetic_content,
)
from assessments.engine.flash import prepare_flash_pool

CANDIDATES_PER_LEVEL = 60


@pytest.fixture(scope="module")
def figures() -> SimulationFigures:
    content = synthetic_content()
    pool = prepare_flash_pool(challenges=content.challenges, tube_by_skill_id=content.tube_by_skill_id)
    return simulate_certifications(pool=pool, candidates_per_level=CANDIDATES_PER_LEVEL, seed="calibration")


def test_the_synthetic_pool_is_shaped_like_our_content() -> None:
    content = synthetic_content()
    assert len({c.competence for c in content.challenges}) == 16
    assert len(content.level_by_skill_id) == 16 * 21
    assert len(content.challenges) == 16 * 21 * 2
    assert set(content.level_by_skill_id.values()) == set(range(1, 8))


def test_every_level_from_1_to_7_is_simulated(figures: SimulationFigures) -> None:
    assert [level.level for level in figures.per_level] == list(range(1, 8))
    assert all(level.candidates == CANDIDATES_PER_LEVEL for level in figures.per_level)
    assert figures.candidates == 7 * CANDIDATES_PER_LEVEL


def test_every_course_has_32_questions(figures: SimulationFigures) -> None:
    assert figures.mean_questions == 32


@pytest.mark.parametrize("level", range(1, 8))
def test_candidates_are_certified_at_their_exact_level_at_least_70_percent_of_the_time(
    figures: SimulationFigures, level: int
) -> None:
    assert figures.per_level[level - 1].exact_share >= 0.70


@pytest.mark.parametrize("level", range(1, 8))
def test_candidates_are_certified_within_one_level_at_least_98_percent_of_the_time(
    figures: SimulationFigures, level: int
) -> None:
    assert figures.per_level[level - 1].within_one_share >= 0.98


def test_the_aggregate_figures_weigh_every_level(figures: SimulationFigures) -> None:
    assert figures.exact_share == pytest.approx(sum(level.exact_share for level in figures.per_level) / 7)
    assert figures.within_one_share >= 0.98
    for level in figures.per_level:
        assert sum(count for _, count in level.certified_levels) == CANDIDATES_PER_LEVEL
