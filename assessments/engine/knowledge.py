"""Knowledge elements: what one answer teaches us, and which of them still count (pix-engine.md §6).

Knowledge elements are append-only. The user's current state is, for every skill, the latest element
(a `reset` element hides the skill again). Nothing here touches a database: the services load the rows,
call these functions and store what they return.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from fractions import Fraction

from assessments.engine.types import (
    Challenge,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Skill,
)

ANSWER_STATUS_OK = "ok"
MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING = 4
MINIMUM_DELAY_IN_DAYS_BEFORE_RETRYING = 4

_ASSESSED_STATUSES = (KnowledgeElementStatus.VALIDATED, KnowledgeElementStatus.INVALIDATED)


def skill_ids_assessed_in_assessment(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    assessment_id: int | None,
    count_every_assessment: bool = False,
) -> frozenset[str]:
    """Skills that already have a validated or invalidated element in this assessment.

    EXAM campaigns count the participant's elements from every assessment (`count_every_assessment`).
    """
    return frozenset(
        element.skill_id
        for element in knowledge_elements
        if element.status in _ASSESSED_STATUSES
        and (count_every_assessment or element.assessment_id == assessment_id)
    )


def knowledge_elements_for_answer(
    *,
    answer_status: str,
    challenge: Challenge,
    target_skills: Collection[Skill],
    already_assessed_skill_ids: Collection[str],
    created_at: datetime,
    assessment_id: int | None = None,
    answer_id: int | None = None,
) -> tuple[KnowledgeElement, ...]:
    """The elements one answer creates: the direct one first, then the inferred ones by level.

    Nothing is created when the challenge's skill is not a target skill or was already assessed in this
    assessment. An OK answer validates the easier target skills of the tube; any other status
    invalidates the harder ones. Skills already assessed in this assessment are never touched again,
    so an inference can never contradict an earlier answer of the same assessment.
    """
    skills_by_id = {skill.id: skill for skill in target_skills}
    answered_skill = skills_by_id.get(challenge.skill_id)
    if answered_skill is None or answered_skill.id in already_assessed_skill_ids:
        return ()

    is_ok = answer_status == ANSWER_STATUS_OK
    status = KnowledgeElementStatus.VALIDATED if is_ok else KnowledgeElementStatus.INVALIDATED

    def element(skill: Skill, source: KnowledgeElementSource) -> KnowledgeElement:
        return KnowledgeElement(
            skill_id=skill.id,
            competence=skill.competence,
            status=status,
            source=source,
            earned_pix=skill.pix_value if is_ok else Fraction(0),
            created_at=created_at,
            assessment_id=assessment_id,
            answer_id=answer_id,
        )

    inferred_skills = sorted(
        (
            skill
            for skill in skills_by_id.values()
            if skill.tube == answered_skill.tube
            and skill.id not in already_assessed_skill_ids
            and (skill.level < answered_skill.level if is_ok else skill.level > answered_skill.level)
        ),
        key=lambda skill: (skill.level, skill.id),
    )
    return (
        element(answered_skill, KnowledgeElementSource.DIRECT),
        *(element(skill, KnowledgeElementSource.INFERRED) for skill in inferred_skills),
    )


def latest_knowledge_elements(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    limit_date: datetime | None = None,
) -> tuple[KnowledgeElement, ...]:
    """The current state: the latest element of each skill, without the skills whose latest is a reset.

    With `limit_date`, only elements created strictly before it are considered (a profile at a date).
    Two elements of one skill at the same instant: the later one in the input wins.
    The result is ordered by creation date, then skill id, so it is stable.
    """
    latest_by_skill: dict[str, KnowledgeElement] = {}
    for element in knowledge_elements:
        if limit_date is not None and element.created_at >= limit_date:
            continue
        current = latest_by_skill.get(element.skill_id)
        if current is None or element.created_at >= current.created_at:
            latest_by_skill[element.skill_id] = element
    return tuple(
        sorted(
            (e for e in latest_by_skill.values() if e.status != KnowledgeElementStatus.RESET),
            key=lambda e: (e.created_at, e.skill_id),
        )
    )


def reset_knowledge_elements(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    competence: str,
    now: datetime,
) -> tuple[KnowledgeElement, ...]:
    """New `reset` rows (0 pix) for every current element of the competence, to append (§6.3)."""
    return tuple(
        replace(element, status=KnowledgeElementStatus.RESET, earned_pix=Fraction(0), created_at=now)
        for element in latest_knowledge_elements(knowledge_elements=knowledge_elements)
        if element.competence == competence
    )


def knowledge_elements_kept_for_improvement(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    assessment_created_at: datetime,
    is_improving: bool,
    is_campaign: bool = False,
    is_retrying: bool = False,
    improving_delay_days: int = MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING,
    retrying_delay_days: int = MINIMUM_DELAY_IN_DAYS_BEFORE_RETRYING,
) -> tuple[KnowledgeElement, ...]:
    """Which old elements still count when a learner improves a competence or retries a campaign (§6.4).

    Validated elements are kept; invalidated ones are kept only when they are younger than the delay
    (counted back from the assessment's creation), so the skills failed long ago can be asked again.
    An assessment that neither improves nor retries keeps everything.
    """
    elements = tuple(knowledge_elements)
    if is_campaign and (is_improving or is_retrying):
        delay = timedelta(days=retrying_delay_days)
    elif is_improving:
        delay = timedelta(days=improving_delay_days)
    else:
        return elements
    return tuple(
        element
        for element in elements
        if element.status == KnowledgeElementStatus.VALIDATED
        or assessment_created_at - element.created_at < delay
    )


def validated_skill_ids(*, knowledge_elements: Iterable[KnowledgeElement]) -> frozenset[str]:
    """Skills whose current element is validated."""
    return frozenset(
        element.skill_id
        for element in latest_knowledge_elements(knowledge_elements=knowledge_elements)
        if element.status == KnowledgeElementStatus.VALIDATED
    )


def merge_new_knowledge_elements(
    *,
    knowledge_elements: Sequence[KnowledgeElement],
    new_knowledge_elements: Sequence[KnowledgeElement],
) -> tuple[KnowledgeElement, ...]:
    """The current state once the new elements are stored: a new element replaces its skill's old one."""
    replaced_skill_ids = {element.skill_id for element in new_knowledge_elements}
    kept = (
        element
        for element in latest_knowledge_elements(knowledge_elements=knowledge_elements)
        if element.skill_id not in replaced_skill_ids
    )
    return (*kept, *(e for e in new_knowledge_elements if e.status != KnowledgeElementStatus.RESET))
