from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from assessments.engine.knowledge import (
    knowledge_elements_for_answer,
    knowledge_elements_kept_for_improvement,
    latest_knowledge_elements,
    merge_new_knowledge_elements,
    reset_knowledge_elements,
    skill_ids_assessed_in_assessment,
    validated_skill_ids,
)
from assessments.engine.types import (
    Challenge,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Skill,
)
from tests.engine.conftest import NOW, build_referential, build_skills

VALIDATED = KnowledgeElementStatus.VALIDATED
INVALIDATED = KnowledgeElementStatus.INVALIDATED
RESET = KnowledgeElementStatus.RESET
DIRECT = KnowledgeElementSource.DIRECT
INFERRED = KnowledgeElementSource.INFERRED

SKILLS = build_skills(tubes={"@web": range(1, 6), "@mail": range(1, 4)})
SKILLS_BY_NAME = {skill.name: skill for skill in SKILLS}


def challenge_on(name: str) -> Challenge:
    skill = SKILLS_BY_NAME[name]
    return Challenge(id=f"rec-{name}", skill_id=skill.id, competence=skill.competence)


def element(
    name: str,
    status: KnowledgeElementStatus = VALIDATED,
    *,
    at: timedelta = timedelta(0),
    assessment_id: int | None = 1,
    source: KnowledgeElementSource = DIRECT,
    competence: str = "1.1",
) -> KnowledgeElement:
    skill = SKILLS_BY_NAME[name]
    return KnowledgeElement(
        skill_id=skill.id,
        competence=competence,
        status=status,
        source=source,
        earned_pix=skill.pix_value if status == VALIDATED else Fraction(0),
        created_at=NOW + at,
        assessment_id=assessment_id,
    )


def answer(
    name: str,
    status: str,
    *,
    target_skills: tuple[Skill, ...] = SKILLS,
    already_assessed: frozenset[str] = frozenset(),
) -> dict[tuple[str, KnowledgeElementSource], KnowledgeElementStatus]:
    created = knowledge_elements_for_answer(
        answer_status=status,
        challenge=challenge_on(name),
        target_skills=target_skills,
        already_assessed_skill_ids=already_assessed,
        created_at=NOW,
        assessment_id=7,
        answer_id=70,
    )
    names = {skill.id: skill.name for skill in SKILLS}
    return {(names[e.skill_id], e.source): e.status for e in created}


def test_a_correct_answer_validates_the_skill_and_the_easier_skills_of_the_tube() -> None:
    assert answer("@web3", "ok") == {
        ("@web3", DIRECT): VALIDATED,
        ("@web1", INFERRED): VALIDATED,
        ("@web2", INFERRED): VALIDATED,
    }


def test_a_wrong_answer_invalidates_the_skill_and_the_harder_skills_of_the_tube() -> None:
    assert answer("@web3", "ko") == {
        ("@web3", DIRECT): INVALIDATED,
        ("@web4", INFERRED): INVALIDATED,
        ("@web5", INFERRED): INVALIDATED,
    }


@pytest.mark.parametrize("status", ["ko", "aband", "timedout", "focusedOut", "partially", "unimplemented"])
def test_every_status_but_ok_invalidates(status: str) -> None:
    assert set(answer("@mail2", status).values()) == {INVALIDATED}


def test_validated_elements_earn_the_skill_pix_value_and_invalidated_ones_earn_nothing() -> None:
    validated = knowledge_elements_for_answer(
        answer_status="ok",
        challenge=challenge_on("@web2"),
        target_skills=SKILLS,
        already_assessed_skill_ids=(),
        created_at=NOW,
    )
    invalidated = knowledge_elements_for_answer(
        answer_status="ko",
        challenge=challenge_on("@web2"),
        target_skills=SKILLS,
        already_assessed_skill_ids=(),
        created_at=NOW,
    )
    # Two skills of level 1 and of level 2 (one per tube) → 4 pix each.
    assert [e.earned_pix for e in validated] == [Fraction(4), Fraction(4)]
    assert {e.earned_pix for e in invalidated} == {Fraction(0)}


def test_the_direct_element_comes_first_then_the_inferred_ones_by_level_with_the_answer_ids() -> None:
    created = knowledge_elements_for_answer(
        answer_status="ko",
        challenge=challenge_on("@web2"),
        target_skills=SKILLS,
        already_assessed_skill_ids=(),
        created_at=NOW,
        assessment_id=7,
        answer_id=70,
    )
    assert [e.skill_id for e in created] == ["1.1@web2", "1.1@web3", "1.1@web4", "1.1@web5"]
    assert {(e.assessment_id, e.answer_id, e.created_at, e.competence) for e in created} == {
        (7, 70, NOW, "1.1")
    }


def test_skills_of_other_tubes_are_never_inferred() -> None:
    assert {name for name, _ in answer("@web5", "ok")} == {"@web1", "@web2", "@web3", "@web4", "@web5"}


def test_only_target_skills_receive_inferred_elements() -> None:
    targets = tuple(s for s in SKILLS if s.name != "@web2")
    assert answer("@web3", "ok", target_skills=targets) == {
        ("@web3", DIRECT): VALIDATED,
        ("@web1", INFERRED): VALIDATED,
    }


def test_an_answer_on_a_skill_outside_the_target_creates_nothing() -> None:
    targets = tuple(s for s in SKILLS if s.name != "@web3")
    assert answer("@web3", "ok", target_skills=targets) == {}


def test_an_answer_on_a_skill_already_assessed_in_the_assessment_creates_nothing() -> None:
    assert answer("@web3", "ok", already_assessed=frozenset({"1.1@web3"})) == {}


def test_skills_already_assessed_in_the_assessment_are_not_inferred_again() -> None:
    assert answer("@web2", "ko", already_assessed=frozenset({"1.1@web4"})) == {
        ("@web2", DIRECT): INVALIDATED,
        ("@web3", INFERRED): INVALIDATED,
        ("@web5", INFERRED): INVALIDATED,
    }


def test_only_elements_of_the_current_assessment_count_as_already_assessed() -> None:
    elements = [
        element("@web1", assessment_id=7),
        element("@web2", INVALIDATED, assessment_id=7),
        element("@web3", assessment_id=6),
        element("@web4", RESET, assessment_id=7),
    ]
    assert skill_ids_assessed_in_assessment(knowledge_elements=elements, assessment_id=7) == {
        "1.1@web1",
        "1.1@web2",
    }


def test_exam_campaigns_count_the_elements_of_every_assessment_as_already_assessed() -> None:
    elements = [element("@web1", assessment_id=7), element("@web3", assessment_id=6)]
    assessed = skill_ids_assessed_in_assessment(
        knowledge_elements=elements, assessment_id=7, count_every_assessment=True
    )
    assert assessed == {"1.1@web1", "1.1@web3"}


def test_skills_assessed_in_another_assessment_are_inferred_again() -> None:
    # The reference re-creates them on purpose: it refreshes pix values and fills holes.
    other_assessment = skill_ids_assessed_in_assessment(
        knowledge_elements=[element("@web1", INVALIDATED, assessment_id=3)], assessment_id=7
    )
    assert answer("@web2", "ok", already_assessed=other_assessment) == {
        ("@web2", DIRECT): VALIDATED,
        ("@web1", INFERRED): VALIDATED,
    }


def test_the_latest_element_of_each_skill_is_the_current_state() -> None:
    elements = [
        element("@web1", VALIDATED, at=timedelta(days=1)),
        element("@web1", INVALIDATED, at=timedelta(days=0)),
        element("@web2", INVALIDATED, at=timedelta(days=0)),
        element("@web2", VALIDATED, at=timedelta(days=2)),
    ]
    latest = latest_knowledge_elements(knowledge_elements=elements)
    assert [(e.skill_id, e.status) for e in latest] == [("1.1@web1", VALIDATED), ("1.1@web2", VALIDATED)]


def test_a_skill_whose_latest_element_is_a_reset_disappears_from_the_current_state() -> None:
    elements = [element("@web1", at=timedelta(days=0)), element("@web1", RESET, at=timedelta(days=8))]
    assert latest_knowledge_elements(knowledge_elements=elements) == ()


def test_a_skill_assessed_again_after_a_reset_comes_back() -> None:
    elements = [
        element("@web1", at=timedelta(days=0)),
        element("@web1", RESET, at=timedelta(days=8)),
        element("@web1", INVALIDATED, at=timedelta(days=9)),
    ]
    assert [e.status for e in latest_knowledge_elements(knowledge_elements=elements)] == [INVALIDATED]


def test_elements_created_from_the_limit_date_on_are_ignored() -> None:
    elements = [element("@web1", at=timedelta(days=0)), element("@web1", INVALIDATED, at=timedelta(days=5))]
    at_day_five = latest_knowledge_elements(knowledge_elements=elements, limit_date=NOW + timedelta(days=5))
    assert [e.status for e in at_day_five] == [VALIDATED]


def test_a_reset_writes_a_zero_pix_reset_element_for_each_current_element_of_the_competence() -> None:
    later = NOW + timedelta(days=10)
    elements = [
        element("@web1"),
        element("@web2", INVALIDATED),
        element("@mail1", competence="2.1"),
        element("@web3", at=timedelta(days=-1)),
        element("@web3", RESET, at=timedelta(hours=-1)),
    ]
    resets = reset_knowledge_elements(knowledge_elements=elements, competence="1.1", now=later)
    assert [(e.skill_id, e.status, e.earned_pix, e.created_at) for e in resets] == [
        ("1.1@web1", RESET, Fraction(0), later),
        ("1.1@web2", RESET, Fraction(0), later),
    ]
    assert latest_knowledge_elements(knowledge_elements=[*elements, *resets]) == (elements[2],)


def test_improving_forgets_invalidated_elements_older_than_four_days() -> None:
    started = NOW + timedelta(days=10)
    elements = [
        element("@web1", INVALIDATED, at=timedelta(days=6)),  # exactly 4 days before: forgotten
        element("@web2", INVALIDATED, at=timedelta(days=6, seconds=1)),  # just under 4 days: kept
        element("@web3", VALIDATED, at=timedelta(days=-300)),  # validated: always kept
    ]
    kept = knowledge_elements_kept_for_improvement(
        knowledge_elements=elements, assessment_created_at=started, is_improving=True
    )
    assert [e.skill_id for e in kept] == ["1.1@web2", "1.1@web3"]


def test_invalidated_elements_of_the_improving_assessment_itself_are_kept() -> None:
    started = NOW
    elements = [element("@web1", INVALIDATED, at=timedelta(minutes=3))]
    kept = knowledge_elements_kept_for_improvement(
        knowledge_elements=elements, assessment_created_at=started, is_improving=True
    )
    assert kept == tuple(elements)


def test_an_assessment_that_neither_improves_nor_retries_keeps_every_element() -> None:
    elements = [element("@web1", INVALIDATED, at=timedelta(days=-30))]
    kept = knowledge_elements_kept_for_improvement(
        knowledge_elements=elements, assessment_created_at=NOW, is_improving=False, is_campaign=True
    )
    assert kept == tuple(elements)


def test_a_campaign_retry_uses_the_retrying_delay() -> None:
    elements = [element("@web1", INVALIDATED, at=timedelta(days=-2))]
    kept = knowledge_elements_kept_for_improvement(
        knowledge_elements=elements,
        assessment_created_at=NOW,
        is_improving=False,
        is_campaign=True,
        is_retrying=True,
        improving_delay_days=30,
        retrying_delay_days=1,
    )
    assert kept == ()


def test_validated_skill_ids_are_read_from_the_current_state() -> None:
    elements = [
        element("@web1"),
        element("@web2"),
        element("@web2", INVALIDATED, at=timedelta(days=1)),
        element("@web3", INVALIDATED),
    ]
    assert validated_skill_ids(knowledge_elements=elements) == {"1.1@web1"}


def test_new_elements_replace_the_old_element_of_their_skill() -> None:
    old = [element("@web1", INVALIDATED, at=timedelta(days=-30)), element("@web2", at=timedelta(days=-30))]
    new = [element("@web1", VALIDATED)]
    merged = merge_new_knowledge_elements(knowledge_elements=old, new_knowledge_elements=new)
    assert sorted((e.skill_id, e.status) for e in merged) == [
        ("1.1@web1", VALIDATED),
        ("1.1@web2", VALIDATED),
    ]


def test_inference_works_on_a_built_referential() -> None:
    referential = build_referential(tubes={"@a": range(1, 8)})
    created = knowledge_elements_for_answer(
        answer_status="ok",
        challenge=referential.challenges_of("@a7")[0],
        target_skills=referential.skills,
        already_assessed_skill_ids=(),
        created_at=NOW,
    )
    assert sum(e.earned_pix for e in created) == 56
