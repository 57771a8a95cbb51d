"""Value types shared by every part of the engine.

They mirror the database rows the services load, reduced to what the rules need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction


class SkillStatus(StrEnum):
    ACTIVE = "actif"
    ARCHIVED = "archivé"
    OBSOLETE = "périmé"


class ChallengeStatus(StrEnum):
    VALIDATED = "validé"
    ARCHIVED = "archivé"
    OBSOLETE = "périmé"


class KnowledgeElementStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"
    RESET = "reset"


class KnowledgeElementSource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str  # "@tubeName3"
    tube: str  # "@tubeName"
    level: int  # 1..8, the "difficulty" of the reference
    competence: str  # "1.1"
    pix_value: Fraction  # 8 / active skills of that level in the competence
    status: SkillStatus = SkillStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class Challenge:
    id: str
    skill_id: str
    competence: str
    status: ChallengeStatus = ChallengeStatus.VALIDATED
    timer: int | None = None  # seconds; a challenge is timed when this is set
    focused: bool = False
    locales: tuple[str, ...] = ("fr",)
    alpha: float | None = None  # IRT discriminant
    delta: float | None = None  # IRT difficulty
    challenge_type: str = "QCU"

    @property
    def is_timed(self) -> bool:
        return self.timer is not None

    @property
    def is_operative(self) -> bool:
        return self.status in (ChallengeStatus.VALIDATED, ChallengeStatus.ARCHIVED)


@dataclass(frozen=True, slots=True)
class KnowledgeElement:
    skill_id: str
    competence: str
    status: KnowledgeElementStatus
    source: KnowledgeElementSource
    earned_pix: Fraction
    created_at: datetime
    assessment_id: int | None = None
    answer_id: int | None = None


@dataclass(frozen=True, slots=True)
class AnsweredChallenge:
    """One answer of an assessment, as the selection algorithms see it."""

    challenge_id: str
    status: str  # an AnswerStatus value: "ok", "ko", "aband", "timedout", "focusedOut", ...
    timeout: int | None = None  # set only for timed challenges (remaining seconds, negative when expired)
    extra: dict[str, object] = field(default_factory=dict)
