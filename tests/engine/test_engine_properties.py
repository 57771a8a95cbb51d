"""Invariants of the engine, checked on generated referentials and answer sequences."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine.knowledge import (
    knowledge_elements_for_answer,
    latest_knowledge_elements,
    skill_ids_assessed_in_assessment,
)
from assessments.engine.scoring import competence_score
from assessments.engine.simulation import LearnerModel, simulate_assessment
from assessments.engine.smart_random import (
    MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL,
    Observation,
    estimate_level,
    next_challenge,
)
from assessments.engine.types import KnowledgeElement, KnowledgeElementSource, KnowledgeElementStatus
from tests.engine.conftest import (
    NOW,
    TUBE_COMPLETE_TUBES,
    PlayedAssessment,
    build_referential,
    build_skills,
)

VALIDATED = KnowledgeElementStatus.VALIDATED

# A tube holds a non-empty set of levels 1..8; a competence has one to five tubes.
tube_levels = st.sets(st.integers(min_value=1, max_value=8), min_size=1, max_size=8).map(sorted)
tubes = st.lists(tube_levels, min_size=1, max_size=5).map(
    lambda levels: {f"@t{index}": tube for index, tube in enumerate(levels)}
)
observations = st.lists(
    st.builds(Observation, is_success=st.booleans(), difficulty=st.integers(min_value=1, max_value=8)),
    max_size=12,
)


@given(tubes=tubes, data=st.data())
def test_inference_never_contradicts_an_answer_of_the_same_assessment(
    tubes: dict[str, list[int]], data: st.DataObject
) -> None:
    referential = build_referential(tubes=tubes, challenges_per_skill=1)
    targets = data.draw(st.sets(st.sampled_from(referential.skills), min_size=1).map(tuple), label="targets")
    answers = data.draw(
        st.lists(st.tuples(st.sampled_from(referential.challenges), st.booleans()), max_size=20),
        label="answers",
    )
    elements: list[KnowledgeElement] = []
    for index, (challenge, is_ok) in enumerate(answers):
        already = skill_ids_assessed_in_assessment(knowledge_elements=elements, assessment_id=1)
        created = knowledge_elements_for_answer(
            answer_status="ok" if is_ok else "ko",
            challenge=challenge,
            target_skills=targets,
            already_assessed_skill_ids=already,
            created_at=NOW,
            assessment_id=1,
            answer_id=index,
        )
        if created:
            assert created[0].skill_id == challenge.skill_id
            assert created[0].source == KnowledgeElementSource.DIRECT
            assert (created[0].status == VALIDATED) == is_ok
        assert not {e.skill_id for e in created} & already
        elements.extend(created)

    assert len({e.skill_id for e in elements}) == len(elements)  # one element per skill and assessment
    levels = {skill.id: (skill.tube, skill.level) for skill in referential.skills}
    validated_by_tube: dict[str, list[int]] = defaultdict(list)
    invalidated_by_tube: dict[str, list[int]] = defaultdict(list)
    for element in elements:
        tube, level = levels[element.skill_id]
        (validated_by_tube if element.status == VALIDATED else invalidated_by_tube)[tube].append(level)
    for tube in validated_by_tube.keys() & invalidated_by_tube.keys():
        assert max(validated_by_tube[tube]) < min(invalidated_by_tube[tube])


@given(tubes=tubes, data=st.data())
def test_a_level_is_worth_eight_pix_at_most_and_exactly_eight_when_complete(
    tubes: dict[str, list[int]], data: st.DataObject
) -> None:
    skills = build_skills(tubes=tubes)
    validated = data.draw(st.sets(st.sampled_from(skills)), label="validated")
    for level in range(1, 9):
        of_level = [s.pix_value for s in skills if s.level == level]
        assert sum(s.pix_value for s in validated if s.level == level) <= 8
        assert not of_level or sum(of_level) == 8

    elements = [
        KnowledgeElement(
            skill_id=s.id,
            competence=s.competence,
            status=VALIDATED,
            source=KnowledgeElementSource.DIRECT,
            earned_pix=s.pix_value,
            created_at=NOW,
        )
        for s in validated
    ]
    level = competence_score(competence="1.1", knowledge_elements=elements, allow_excess=True).level
    levels_present = {s.level for s in skills}
    complete_levels_from_one = 0
    while complete_levels_from_one + 1 in levels_present and all(
        s in validated for s in skills if s.level == complete_levels_from_one + 1
    ):
        complete_levels_from_one += 1
    assert complete_levels_from_one <= level <= len({s.level for s in validated})


@given(observations=observations, difficulty=st.integers(min_value=1, max_value=8))
def test_an_added_success_never_lowers_the_estimate_and_an_added_failure_never_raises_it(
    observations: list[Observation], difficulty: int
) -> None:
    # Σ(outcome − P) decreases with the level; a success adds 1 − P > 0 (larger at lower levels), a
    # failure adds −P < 0 (larger at higher levels), so the grid point nearest the root can only move
    # up, respectively down.
    before = estimate_level(observations=observations)
    assert estimate_level(observations=[*observations, Observation(True, difficulty)]) >= before
    assert estimate_level(observations=[*observations, Observation(False, difficulty)]) <= before


@settings(max_examples=60, deadline=None)
@given(tubes=tubes, assessment_id=st.integers(min_value=0, max_value=2**40), data=st.data())
def test_selection_asks_an_unanswered_challenge_of_an_untested_skill_within_reach(
    tubes: dict[str, list[int]], assessment_id: int, data: st.DataObject
) -> None:
    referential = build_referential(tubes=tubes, challenges_per_skill=2)
    played = PlayedAssessment(referential=referential, assessment_id=assessment_id)
    skills_by_id = {skill.id: skill for skill in referential.skills}
    for _ in range(len(referential.skills) + 1):
        situation = played.situation()
        choice = next_challenge(situation=situation)
        if choice.challenge is None:
            break
        answered = {answer.challenge_id for answer in played.answers}
        tested = {e.skill_id for e in latest_knowledge_elements(knowledge_elements=played.knowledge_elements)}
        skill = skills_by_id[choice.challenge.skill_id]
        assert choice.challenge.id not in answered
        assert skill.id not in tested
        if played.answers:
            assert skill.level - choice.predicted_level <= MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL

        # The same inputs, in any order, give the same challenge.
        shuffled = replace(
            situation,
            target_skills=tuple(data.draw(st.permutations(situation.target_skills))),
            challenges=tuple(data.draw(st.permutations(situation.challenges))),
        )
        assert next_challenge(situation=shuffled).challenge == choice.challenge

        played.answer(
            skill.name,
            "ok" if data.draw(st.booleans()) else "ko",
            challenge_index=referential.challenges_of(skill.name).index(choice.challenge),
        )
    else:
        raise AssertionError("smart random asked more questions than there are skills")


@settings(max_examples=40, deadline=None)
@given(
    true_level=st.integers(min_value=0, max_value=7),
    assessment_id=st.integers(min_value=0, max_value=2**31),
    tube_count=st.integers(min_value=1, max_value=6),
)
def test_a_deterministic_learner_ends_at_their_true_level_in_a_tube_complete_referential(
    true_level: int, assessment_id: int, tube_count: int
) -> None:
    referential = build_referential(tubes={f"@tube{index}": range(1, 8) for index in range(tube_count)})
    run = simulate_assessment(
        skills=referential.skills,
        challenges=referential.challenges,
        true_level=true_level,
        model=LearnerModel.DETERMINISTIC,
        seed=0,
        assessment_id=assessment_id,
    )
    assert run.level == true_level
    assert run.exact_pix == 8 * true_level


def test_the_four_tube_referential_is_tube_complete_with_eight_pix_per_level() -> None:
    referential = build_referential(tubes=TUBE_COMPLETE_TUBES)
    assert len(referential.skills) == 28 and len(referential.challenges) == 56
    assert {s.pix_value for s in referential.skills} == {2}
    assert math.floor(sum(s.pix_value for s in referential.skills) / 8) == 7
