"""Fixtures of the learner site: the small release of the assessment tests, and a wider one with skills
in all sixteen competences (for histories spread over the whole profile)."""

from __future__ import annotations

import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from referential.content_release import CONTENT_ROOT
from tests.assessments.conftest import RIGHT, WRONG, learner, small_release  # noqa: F401
from tests.learners.campaign_helpers import (  # noqa: F401 - campaigns on the learner site
    company,
    open_campaign,
    profile,
    school,
    school_campaign,
    student,
)

PROFILE_LEVELS = range(1, 8)


def _tube_name(code: str, suffix: str) -> str:
    return "@k" + "".join(chr(ord("a") + int(digit)) for digit in code.replace(".", "")) + suffix


def _competence_codes() -> list[str]:
    areas = yaml.safe_load((CONTENT_ROOT / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    return [competence["code"] for area in areas for competence in area["competences"]]


def write_profile_release(root: Path) -> Path:
    """Sixteen competences, two tubes of levels 1 to 7 each, one QCU per skill, one tutorial per tube."""
    (root / "competences").mkdir(parents=True)
    (root / "attachments").mkdir()
    (root / "illustrations").mkdir()
    shutil.copy(CONTENT_ROOT / "areas.yaml", root / "areas.yaml")
    for code in _competence_codes():
        slug = code.replace(".", "-")
        tubes = []
        tutorials = []
        for suffix in ("x", "y"):
            tube = _tube_name(code, suffix)
            tutorial_id = f"tuto-{slug}-{suffix}"
            tutorials.append(
                {
                    "id": tutorial_id,
                    "title": f"Tutoriel {code} {suffix.upper()}",
                    "url": f"https://example.org/{slug}/{suffix}",
                    "source": "Exemple",
                    "format": "vidéo" if suffix == "y" else "page",
                    "duration_minutes": 4,
                }
            )
            tubes.append(
                {
                    "name": tube,
                    "title": f"Sujet {tube}",
                    "description": "Un sujet.",
                    "skills": [
                        {
                            "name": f"{tube}{level}",
                            "level": level,
                            "hint": "Un indice.",
                            "tutorials": [tutorial_id],
                            "challenges": [
                                {
                                    "id": f"ch-{slug}-{suffix}{level}",
                                    "type": "QCU",
                                    "instruction": f"Question {tube}{level} ?",
                                    "explanation": "La première proposition est juste.",
                                    "proposals": ["Juste", "Faux", "Encore faux"],
                                    "solution": 1,
                                }
                            ],
                        }
                        for level in PROFILE_LEVELS
                    ],
                }
            )
        data = {"competence": code, "tutorials": tutorials, "tubes": tubes}
        (root / "competences" / f"{code}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return root


@pytest.fixture
def profile_release(db, tmp_path):
    from referential.services import release_load

    release_load(root=write_profile_release(tmp_path / "profile-content"))


def bulk_history(user, *, rows: int, seed: int = 7, days_ago: int = 30) -> None:
    """`rows` knowledge elements spread over every competence with skills, validated or not, by minute."""
    from assessments.models import KnowledgeElement
    from referential.models import Skill

    skills = list(Skill.objects.select_related("competence").order_by("pk"))
    pick = random.Random(seed)
    start = timezone.now() - timedelta(days=days_ago)
    elements = []
    for index in range(rows):
        skill = skills[index % len(skills)]
        validated = pick.random() < 0.6
        elements.append(
            KnowledgeElement(
                user=user,
                skill=skill,
                competence=skill.competence,
                status="validated" if validated else "invalidated",
                source="direct" if pick.random() < 0.5 else "inferred",
                earned_pix_numerator=skill.pix_numerator if validated else 0,
                earned_pix_denominator=skill.pix_denominator if validated else 1,
                created_at=start + timedelta(minutes=index),
            )
        )
    KnowledgeElement.objects.bulk_create(elements)


def give_level(
    user, code: str, level: int, *, completed: bool = True, days_ago: float = 10, partial: bool = False
) -> None:
    """A learner who answered right up to `level` and failed the level above: validated elements up to
    the level (and half of the next level's skills when `partial`), direct failures on the next level,
    inferred failures beyond, and a competence evaluation (completed or still running)."""
    from assessments.models import Assessment, CompetenceEvaluation, KnowledgeElement
    from referential.models import Competence, Skill

    competence = Competence.objects.get(code=code)
    when = timezone.now() - timedelta(days=days_ago)
    assessment = Assessment.objects.create(
        user=user,
        type=Assessment.Type.COMPETENCE_EVALUATION,
        competence=competence,
        state=Assessment.State.COMPLETED if completed else Assessment.State.STARTED,
        created_at=when - timedelta(minutes=30),
    )
    CompetenceEvaluation.objects.update_or_create(
        user=user, competence=competence, defaults={"assessment": assessment, "status": "started"}
    )
    rows = []
    skills = list(Skill.objects.filter(competence=competence, status="actif").order_by("level", "name"))
    next_level = [skill for skill in skills if skill.level == level + 1]
    half = set(next_level[: len(next_level) // 2]) if partial else set()
    for index, skill in enumerate(skills):
        validated = skill.level <= level or skill in half
        rows.append(
            KnowledgeElement(
                user=user,
                skill=skill,
                competence=competence,
                assessment=assessment,
                status="validated" if validated else "invalidated",
                source="direct" if validated or skill.level == level + 1 else "inferred",
                earned_pix_numerator=skill.pix_numerator if validated else 0,
                earned_pix_denominator=skill.pix_denominator if validated else 1,
                created_at=when + timedelta(seconds=index),
            )
        )
    KnowledgeElement.objects.bulk_create(rows)


__all__ = ["RIGHT", "WRONG", "bulk_history", "give_level", "learner", "small_release", "profile_release"]
