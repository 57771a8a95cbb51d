"""Properties of the certification engine, checked on generated cases (hypothesis)."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine.calibration import (
    CALIBRATED_GLOBAL_INTERVALS,
    PIX_SEED_GLOBAL_INTERVALS,
    capacity_score,
)
from assessments.engine.certification_simulation import synthetic_content
from assessments.engine.certification_v2 import PlacementCompetence, V2CertificationChallenge, score_v2_course
from assessments.engine.certification_v3 import NextChallenge, next_challenge_for_v3_course, score_v3_course
from assessments.engine.flash import (
    FlashConfiguration,
    FlashPool,
    ItemResponse,
    estimate_capacity,
    prepare_flash_pool,
)
from assessments.engine.types import AnsweredChallenge

SMALL = synthetic_content(competence_codes=("1.1", "1.2", "2.1", "3.1", "4.1"), tubes_per_competence=2)
SMALL_POOL = prepare_flash_pool(challenges=SMALL.challenges, tube_by_skill_id=SMALL.tube_by_skill_id)
FULL = synthetic_content()
FULL_POOL = prepare_flash_pool(challenges=FULL.challenges, tube_by_skill_id=FULL.tube_by_skill_id)

responses = st.builds(
    ItemResponse,
    alpha=st.floats(min_value=0.3, max_value=3.0),
    delta=st.floats(min_value=-6.0, max_value=6.0),
    is_correct=st.booleans(),
)
capacities = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
configurations = st.builds(
    FlashConfiguration,
    challenges_between_same_competence=st.integers(min_value=0, max_value=3),
    limit_to_one_question_per_tube=st.booleans(),
    enable_passage_by_all_competences=st.booleans(),
)


def run_course(
    *, pool: FlashPool, seed: object, config: FlashConfiguration, alerts: frozenset[str] = frozenset()
) -> tuple[list[NextChallenge], list[AnsweredChallenge]]:
    """Answers drawn from the seed; returns the questions as served and the answers."""
    answering = random.Random(f"{seed}:answers")
    answers: list[AnsweredChallenge] = []
    served: list[NextChallenge] = []
    while True:
        question = next_challenge_for_v3_course(
            challenges=pool, answers=answers, seed=str(seed), config=config, live_alert_challenge_ids=alerts
        )
        if question is None:
            return served, answers
        served.append(question)
        status = "ok" if answering.random() < 0.6 else answering.choice(["ko", "aband", "timedout"])
        answers.append(AnsweredChallenge(challenge_id=question.challenge_id, status=status))


# --- Capacity -----------------------------------------------------------------------------------


@given(history=st.lists(responses, min_size=1, max_size=32), data=st.data())
@settings(max_examples=150, deadline=None)
def test_a_correct_answer_never_gives_a_lower_capacity_than_a_wrong_one_then_or_later(
    history: list[ItemResponse], data: st.DataObject
) -> None:
    # The moving prior makes θ lag behind the answers, so θ can keep drifting down just after a
    # correct answer to a very easy question; what always holds is that answering right instead of
    # wrong raises the estimate at that answer and at every later one.
    index = data.draw(st.integers(min_value=0, max_value=len(history) - 1))
    right = [
        *history[:index],
        ItemResponse(history[index].alpha, history[index].delta, True),
        *history[index + 1 :],
    ]
    wrong = [
        *history[:index],
        ItemResponse(history[index].alpha, history[index].delta, False),
        *history[index + 1 :],
    ]
    right_history = estimate_capacity(responses=right).history
    wrong_history = estimate_capacity(responses=wrong).history
    for later in range(index, len(history)):
        assert right_history[later] >= wrong_history[later] - 1e-9


@given(first=responses)
def test_a_correct_first_answer_never_lowers_the_start_capacity(first: ItemResponse) -> None:
    right = ItemResponse(first.alpha, first.delta, True)
    wrong = ItemResponse(first.alpha, first.delta, False)
    # −3 is not a grid point, so the prior's own mean on the grid is −3 give or take 1e-6.
    assert estimate_capacity(responses=[right]).capacity >= -3.0 - 1e-5
    assert estimate_capacity(responses=[wrong]).capacity <= -3.0 + 1e-5


@given(history=st.lists(responses, max_size=32))
@settings(max_examples=100, deadline=None)
def test_the_capacity_stays_on_the_grid_and_the_error_rate_is_finite(history: list[ItemResponse]) -> None:
    estimate = estimate_capacity(responses=history)
    assert -9.0 <= estimate.capacity <= 9.0
    assert 0.0 <= estimate.error_rate <= 5.0 and math.isfinite(estimate.error_rate)


# --- Selection ----------------------------------------------------------------------------------


@given(seed=st.integers(min_value=0, max_value=10**9), config=configurations)
@settings(max_examples=40, deadline=None)
def test_an_answered_challenge_is_never_selected_again(seed: int, config: FlashConfiguration) -> None:
    served, answers = run_course(pool=SMALL_POOL, seed=seed, config=config)
    ids = [question.challenge_id for question in served]
    assert len(ids) == len(set(ids))
    assert len(answers) <= config.maximum_assessment_length


@given(seed=st.integers(min_value=0, max_value=10**9), alert_rank=st.integers(min_value=0, max_value=31))
@settings(max_examples=20, deadline=None)
def test_a_live_alerted_challenge_is_never_served_again(seed: int, alert_rank: int) -> None:
    served, _ = run_course(pool=SMALL_POOL, seed=seed, config=FlashConfiguration())
    alerted = served[min(alert_rank, len(served) - 1)]
    replay, _ = run_course(
        pool=SMALL_POOL, seed=seed, config=FlashConfiguration(), alerts=frozenset({alerted.challenge_id})
    )
    assert alerted.skill_id not in {question.skill_id for question in replay}


@given(seed=st.one_of(st.integers(), st.text(max_size=12)))
@settings(max_examples=15, deadline=None)
def test_the_same_seed_gives_the_same_test(seed: int | str) -> None:
    first, first_answers = run_course(pool=FULL_POOL, seed=seed, config=FlashConfiguration())
    fresh_pool = prepare_flash_pool(challenges=FULL.challenges, tube_by_skill_id=FULL.tube_by_skill_id)
    second, second_answers = run_course(pool=fresh_pool, seed=seed, config=FlashConfiguration())
    assert first == second
    assert score_v3_course(challenges=FULL_POOL, answers=first_answers) == score_v3_course(
        challenges=fresh_pool, answers=second_answers
    )


# --- Score --------------------------------------------------------------------------------------


@given(low=capacities, high=capacities, seed_intervals=st.booleans())
def test_the_score_never_decreases_when_the_capacity_grows(
    low: float, high: float, seed_intervals: bool
) -> None:
    low, high = min(low, high), max(low, high)
    intervals = PIX_SEED_GLOBAL_INTERVALS if seed_intervals else CALIBRATED_GLOBAL_INTERVALS
    lower, upper = (
        capacity_score(capacity=low, intervals=intervals),
        capacity_score(capacity=high, intervals=intervals),
    )
    assert lower.score <= upper.score
    assert (-1 if lower.mesh_level is None else lower.mesh_level) <= (
        -1 if upper.mesh_level is None else upper.mesh_level
    )


@given(capacity=st.floats(allow_nan=False), seed_intervals=st.booleans())
def test_the_score_stays_between_0_and_895_and_the_mesh_level_at_most_7(
    capacity: float, seed_intervals: bool
) -> None:
    intervals = PIX_SEED_GLOBAL_INTERVALS if seed_intervals else CALIBRATED_GLOBAL_INTERVALS
    result = capacity_score(capacity=capacity, intervals=intervals)
    assert 0 <= result.score <= 895
    assert result.mesh_level is None or 0 <= result.mesh_level <= 7


@given(
    outcomes=st.lists(
        st.sampled_from(["ok", "ko", "aband", "timedout", "focusedOut"]), min_size=32, max_size=32
    )
)
@settings(max_examples=25, deadline=None)
def test_a_scored_course_has_a_score_and_levels_in_range(outcomes: list[str]) -> None:
    answers: list[AnsweredChallenge] = []
    for outcome in outcomes:
        question = next_challenge_for_v3_course(challenges=SMALL_POOL, answers=answers, seed="range")
        assert question is not None
        answers.append(AnsweredChallenge(challenge_id=question.challenge_id, status=outcome))
    result = score_v3_course(challenges=SMALL_POOL, answers=answers)
    assert result.pix_score is not None and 0 <= result.pix_score <= 895
    assert result.mesh_level is None or 0 <= result.mesh_level <= 7
    assert all(0 <= mark.level <= 7 for mark in result.competence_marks)


# --- v2 -----------------------------------------------------------------------------------------

competence_cases = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=9),  # estimated level
        st.lists(
            st.tuples(st.sampled_from(["ok", "ko", "aband", None]), st.booleans()), min_size=1, max_size=3
        ),
    ),
    min_size=1,
    max_size=8,
)


@given(cases=competence_cases)
@settings(max_examples=100, deadline=None)
def test_v2_levels_and_scores_stay_within_the_reachable_bounds(
    cases: list[tuple[int, list[tuple[str | None, bool]]]],
) -> None:
    placement: list[PlacementCompetence] = []
    challenges: list[V2CertificationChallenge] = []
    answers: list[AnsweredChallenge] = []
    for number, (level, questions) in enumerate(cases):
        code = f"{number + 1}.1"
        placement.append(PlacementCompetence(competence=code, estimated_level=level, pix_score=8 * level + 3))
        for index, (status, neutralized) in enumerate(questions):
            challenge_id = f"{code}-{index}"
            challenges.append(
                V2CertificationChallenge(
                    challenge_id=challenge_id, competence=code, is_neutralized=neutralized
                )
            )
            if status is not None:
                answers.append(AnsweredChallenge(challenge_id=challenge_id, status=status))
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert 0 <= result.reproducibility_rate <= 100
    for mark in result.competence_marks:
        assert -1 <= mark.level <= 7
        assert 0 <= mark.score <= 56
    assert result.pix_score == sum(mark.score for mark in result.competence_marks)
