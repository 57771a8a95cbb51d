"""The schema of the content files under ``referential/content/`` (pure Python, no Django).

Authors write one YAML file per competence; pydantic validates it. Structured solutions
(proposal numbers, per-field variants) are turned here into the exchange formats of the
answer checker (``challenges.checking``), so content and answers stay compatible with
tools that speak Pix's formats.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SLUG = r"^[a-z0-9][a-z0-9-]{2,79}$"
TUBE_NAME = r"^@[a-zA-Z][a-zA-Z0-9]{2,40}$"
SKILL_NAME = r"^@[a-zA-Z][a-zA-Z0-9]{2,40}[1-8]$"
FIELD_KEY = r"^[a-z][a-z0-9_]{0,30}$"
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{2,100}$"

Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FileName = Annotated[str, StringConstraints(pattern=FILE_NAME)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChallengeType(StrEnum):
    QCU = "QCU"
    QCM = "QCM"
    QROC = "QROC"
    QROCM_IND = "QROCM-ind"
    QROCM_DEP = "QROCM-dep"


class QrocFormat(StrEnum):
    WORDS = "mots"
    SENTENCE = "phrase"
    PARAGRAPH = "paragraphe"
    NUMBER = "nombre"


class ChallengeStatus(StrEnum):
    VALIDATED = "validé"
    ARCHIVED = "archivé"
    OBSOLETE = "périmé"


class SkillStatus(StrEnum):
    ACTIVE = "actif"
    ARCHIVED = "archivé"
    OBSOLETE = "périmé"


Tolerance = Literal["t1", "t2", "t3"]


class Illustration(Strict):
    file: FileName  # under referential/content/illustrations/
    alt: Text  # describes the picture without giving the answer away


class Embed(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^/static/simulators/[a-z0-9-]+/[a-z0-9-]+\.html$")]
    title: Text  # the iframe's accessible name
    height: int = Field(default=480, ge=200, le=1200)


class InputField(Strict):
    """One input of a QROC or QROCM challenge."""

    key: Annotated[str, StringConstraints(pattern=FIELD_KEY)]
    label: Text  # shown before the input and read by screen readers
    kind: Literal["text", "select"] = "text"
    options: tuple[Text, ...] = ()  # for a select
    placeholder: str = ""
    solution: tuple[Text, ...] = ()  # accepted variants (QROC, QROCM-ind); empty for QROCM-dep

    @model_validator(mode="after")
    def _select_has_options(self) -> InputField:
        if self.kind == "select":
            if len(self.options) < 2:
                raise ValueError(f"the select {self.key!r} needs at least two options")
            missing = [v for v in self.solution if v not in self.options]
            if missing:
                raise ValueError(f"the select {self.key!r} accepts {missing} which are not among its options")
        elif self.options:
            raise ValueError(f"the text input {self.key!r} cannot have options")
        return self


class ChallengeContent(Strict):
    id: Slug  # stable across releases: never reuse or rename
    type: ChallengeType
    instruction: Text  # Markdown, French
    explanation: Text  # shown with the correction: why this is the answer
    status: ChallengeStatus = ChallengeStatus.VALIDATED
    locales: tuple[str, ...] = ("fr",)
    # QCU / QCM
    proposals: tuple[Text, ...] = ()
    solution: int | tuple[int, ...] | None = None  # 1-based proposal number(s)
    shuffled: bool = False
    # QROC / QROCM
    fields: tuple[InputField, ...] = ()
    groups: tuple[tuple[Text, ...], ...] = ()  # QROCM-dep: interchangeable expected answers
    format: QrocFormat = QrocFormat.WORDS
    tolerances: tuple[Tolerance, ...] = ("t1", "t2")
    # Answers a learner without the skill might give; the self-check requires them rejected.
    wrong_answers: tuple[str | dict[str, str], ...] = ()
    # Presentation
    timer: int | None = Field(default=None, ge=10, le=1800)  # seconds
    focused: bool = False
    illustration: Illustration | None = None
    attachments: tuple[FileName, ...] = ()
    embed: Embed | None = None
    # IRT; when absent they come from the skill level (assessments.engine.calibration)
    alpha: float | None = Field(default=None, gt=0, le=8)
    delta: float | None = Field(default=None, ge=-9, le=9)

    @model_validator(mode="after")
    def _coherent_for_its_type(self) -> ChallengeContent:
        t = self.type
        if t in (ChallengeType.QCU, ChallengeType.QCM):
            if len(self.proposals) < 2:
                raise ValueError("a QCU or QCM needs at least two proposals")
            if self.fields or self.groups:
                raise ValueError("a QCU or QCM has proposals, not fields or groups")
            numbers = (self.solution,) if isinstance(self.solution, int) else tuple(self.solution or ())
            if t == ChallengeType.QCU and not isinstance(self.solution, int):
                raise ValueError("a QCU's solution is one proposal number")
            if t == ChallengeType.QCM and (isinstance(self.solution, int) or not self.solution):
                raise ValueError("a QCM's solution is a list of proposal numbers")
            if any(not 1 <= n <= len(self.proposals) for n in numbers):
                raise ValueError(f"solution {numbers} points outside the {len(self.proposals)} proposals")
            if len(set(numbers)) != len(numbers):
                raise ValueError("a proposal number appears twice in the solution")
            if len(set(self.proposals)) != len(self.proposals):
                raise ValueError("two proposals have the same text")
        else:
            if self.proposals or self.solution is not None:
                raise ValueError(f"a {t} has fields, not proposals or a solution number")
            if not self.fields:
                raise ValueError(f"a {t} needs at least one field")
            keys = [f.key for f in self.fields]
            if len(set(keys)) != len(keys):
                raise ValueError("two fields have the same key")
            if t == ChallengeType.QROC and len(self.fields) != 1:
                raise ValueError("a QROC has exactly one field")
            if t in (ChallengeType.QROC, ChallengeType.QROCM_IND):
                if any(not f.solution for f in self.fields):
                    raise ValueError("every field needs at least one accepted answer")
                if self.groups:
                    raise ValueError("groups are for QROCM-dep only")
            if t == ChallengeType.QROCM_IND and len(self.fields) < 2:
                raise ValueError("a QROCM-ind has at least two fields")
            if t == ChallengeType.QROCM_DEP:
                if any(f.solution for f in self.fields):
                    raise ValueError("a QROCM-dep lists its expected answers in groups, not in fields")
                if len(self.groups) < len(self.fields):
                    raise ValueError("a QROCM-dep needs at least as many groups as fields")
                if any(f.kind == "select" for f in self.fields):
                    raise ValueError("a QROCM-dep uses text inputs only")
            if not self.wrong_answers:
                raise ValueError(
                    "write at least one plausible wrong answer (wrong_answers) for the self-check"
                )
            for wrong in self.wrong_answers:
                if t == ChallengeType.QROC and not isinstance(wrong, str):
                    raise ValueError("a QROC's wrong answers are strings")
                if t != ChallengeType.QROC and not (isinstance(wrong, dict) and set(wrong) == set(keys)):
                    raise ValueError(f"a {t}'s wrong answers are maps with exactly the keys {keys}")
        if self.format == QrocFormat.NUMBER and t != ChallengeType.QROC:
            raise ValueError("the 'nombre' format applies to a QROC")
        return self

    # -- exchange formats of the answer checker --------------------------------------------
    @property
    def select_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.kind == "select")

    def checker_solution(self) -> str:
        """The solution in the checker's format (pix-engine.md §5)."""
        if self.type == ChallengeType.QCU:
            return str(self.solution)
        if self.type == ChallengeType.QCM:
            assert isinstance(self.solution, tuple)
            return ",".join(str(n) for n in sorted(self.solution))
        if self.type == ChallengeType.QROC:
            return "\n".join(self.fields[0].solution)
        if self.type == ChallengeType.QROCM_IND:
            return _yaml_lists({f.key: f.solution for f in self.fields})
        return _yaml_lists({f"groupe{i}": group for i, group in enumerate(self.groups, start=1)})

    def correct_answer(self) -> str | dict[str, str]:
        """One answer that must be accepted: the first variant of everything."""
        if self.type in (ChallengeType.QCU, ChallengeType.QCM):
            return self.checker_solution()
        if self.type == ChallengeType.QROC:
            return self.fields[0].solution[0]
        if self.type == ChallengeType.QROCM_IND:
            return {f.key: f.solution[0] for f in self.fields}
        return {f.key: group[0] for f, group in zip(self.fields, self.groups, strict=False)}


def _yaml_lists(mapping: dict[str, tuple[str, ...]]) -> str:
    # json.dumps quotes a string so that YAML reads it back unchanged (JSON is YAML).
    import json

    lines: list[str] = []
    for key, variants in mapping.items():
        lines.append(f"{key}:")
        lines.extend(f"- {json.dumps(v, ensure_ascii=False)}" for v in variants)
    return "\n".join(lines) + "\n"


class SkillContent(Strict):
    name: Annotated[str, StringConstraints(pattern=SKILL_NAME)]
    level: int = Field(ge=1, le=8)
    hint: Text  # one sentence a learner can act on
    status: SkillStatus = SkillStatus.ACTIVE
    tutorials: tuple[Slug, ...] = ()
    learning_more: tuple[Slug, ...] = ()
    challenges: tuple[ChallengeContent, ...]


class TubeContent(Strict):
    name: Annotated[str, StringConstraints(pattern=TUBE_NAME)]
    title: Text
    description: Text
    skills: tuple[SkillContent, ...]

    @model_validator(mode="after")
    def _skills_belong_to_tube(self) -> TubeContent:
        for skill in self.skills:
            if skill.name != f"{self.name}{skill.level}":
                raise ValueError(
                    f"skill {skill.name} should be named {self.name}{skill.level} (tube + level)"
                )
        levels = [s.level for s in self.skills]
        if len(set(levels)) != len(levels):
            raise ValueError(f"tube {self.name} has two skills of the same level")
        return self


class TutorialContent(Strict):
    id: Slug
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
    source: Text
    format: Literal["page", "vidéo", "outil", "pdf", "son", "jeu"]
    duration_minutes: int = Field(ge=1, le=240)
    locale: str = "fr-fr"


class CompetenceContent(Strict):
    competence: Annotated[str, StringConstraints(pattern=r"^[1-5]\.[1-4]$")]
    tubes: tuple[TubeContent, ...]
    tutorials: tuple[TutorialContent, ...]

    @field_validator("tubes")
    @classmethod
    def _unique_tubes(cls, tubes: tuple[TubeContent, ...]) -> tuple[TubeContent, ...]:
        names = [t.name for t in tubes]
        if len(set(names)) != len(names):
            raise ValueError("two tubes have the same name")
        return tubes


class CompetenceEntry(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[1-5]\.[1-4]$")]
    name_fr: Text
    name_en: Text
    description_fr: Text
    description_en: Text


class AreaEntry(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[1-5]$")]
    name_fr: Text
    name_en: Text
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
    competences: tuple[CompetenceEntry, ...]


class FrameworkContent(Strict):
    areas: tuple[AreaEntry, ...]


def numeric_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", code))
