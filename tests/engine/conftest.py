"""Synthetic referentials for the engine tests: plain builders and fixtures, no Django, no database.

Test modules import the builders from here (`tests.engine.conftest`) to build referentials inside
hypothesis strategies, where function-scoped fixtures cannot be used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest

from assessments.engine.knowledge import knowledge_elements_for_answer, skill_ids_assessed_in_assessment
from assessments.engine.smart_random import SmartRandomSituation, next_challenge
from assessments.engine.types import AnsweredChallenge, Challenge, KnowledgeElement, Skill

COMPETENCE = "1.1"
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

# Shaped like our content: five tubes, one of them easy, every level 1..7 present in two tubes or more.
CONTENT_LIKE_TUBES: Mapping[str, range] = {
    "@recherche": range(1, 7),
    "@operateurs": range(2, 8),
    "@source": range(1, 4),
    "@veille": range(3, 8),
    "@image": range(1, 6),
}

# Tube-complete: four tubes with every level 1..7.
TUBE_COMPLETE_TUBES: Mapping[str, range] = {f"@tube{letter}": range(1, 8) for letter in "abcd"}


@dataclass(frozen=True, slots=True)
class Referential:
    skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]

    def skill(self, name: str) -> Skill:
        return next(skill for skill in self.skills if skill.name == name)

    def challenges_of(self, name: str) -> tuple[Challenge, ...]:
        skill_id = self.skill(name).id
        return tuple(c for c in self.challenges if c.skill_id == skill_id)


def build_skills(*, tubes: Mapping[str, Iterable[int]], competence: str = COMPETENCE) -> tuple[Skill, ...]:
    """Skills `@tubeN` with pix value 8 / (number of skills of that level in the competence)."""
    levels = {tube: tuple(tube_levels) for tube, tube_levels in tubes.items()}
    count_by_level = Counter(level for tube_levels in levels.values() for level in tube_levels)
    return tuple(
        Skill(
            id=f"{competence}{tube}{level}",
            name=f"{tube}{level}",
            tube=tube,
            level=level,
            competence=competence,
            pix_value=Fraction(8, count_by_level[level]),
        )
        for tube, tube_levels in levels.items()
        for level in tube_levels
    )


def build_referential(
    *,
    tubes: Mapping[str, Iterable[int]],
    challenges_per_skill: int = 2,
    competence: str = COMPETENCE,
    timed_skill_names: Iterable[str] = (),
) -> Referential:
    skills = build_skills(tubes=tubes, competence=competence)
    timed = set(timed_skill_names)
    challenges = tuple(
        Challenge(
            id=f"rec-{skill.id}-{index}",
            skill_id=skill.id,
            competence=competence,
            timer=60 if skill.name in timed else None,
        )
        for skill in skills
        for index in range(challenges_per_skill)
    )
    return Referential(skills=skills, challenges=challenges)


@dataclass
class PlayedAssessment:
    """An assessment played by hand: answers and the knowledge elements the answer service would store."""

    referential: Referential
    assessment_id: int = 1
    created_at: datetime = NOW
    answers: list[AnsweredChallenge] = field(default_factory=list)
    knowledge_elements: list[KnowledgeElement] = field(default_factory=list)

    def answer(
        self, skill_name: str, status: str, *, challenge_index: int = 0
    ) -> tuple[KnowledgeElement, ...]:
        challenge = self.referential.challenges_of(skill_name)[challenge_index]
        self.answers.append(
            AnsweredChallenge(challenge_id=challenge.id, status=status, timeout=challenge.timer)
        )
        created = knowledge_elements_for_answer(
            answer_status=status,
            challenge=challenge,
            target_skills=self.referential.skills,
            already_assessed_skill_ids=skill_ids_assessed_in_assessment(
                knowledge_elements=self.knowledge_elements, assessment_id=self.assessment_id
            ),
            created_at=self.created_at + timedelta(minutes=len(self.answers)),
            assessment_id=self.assessment_id,
            answer_id=len(self.answers),
        )
        self.knowledge_elements.extend(created)
        return created

    def situation(self, **overrides: Any) -> SmartRandomSituation:
        values: dict[str, Any] = {
            "target_skills": self.referential.skills,
            "challenges": self.referential.challenges,
            "knowledge_elements": tuple(self.knowledge_elements),
            "answers": tuple(self.answers),
            "assessment_id": self.assessment_id,
            "assessment_created_at": self.created_at,
        }
        values.update(overrides)
        return SmartRandomSituation(**values)

    def next_skill_name(self, **overrides: Any) -> str | None:
        choice = next_challenge(situation=self.situation(**overrides))
        if choice.challenge is None:
            return None
        return next(s.name for s in self.referential.skills if s.id == choice.challenge.skill_id)


@pytest.fixture
def content_like_referential() -> Referential:
    return build_referential(tubes=CONTENT_LIKE_TUBES)


@pytest.fixture
def tube_complete_referential() -> Referential:
    return build_referential(tubes=TUBE_COMPLETE_TUBES)
