"""Content and profiles for the tests of scoring, finalisation, jury and results (after the exam)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from tests.assessments.conftest import small_competence, write_small_release

# Five competences of three tubes: enough for a v2 course (5 certifiable competences, 3 questions each).
FIVE_COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2")


def write_five_competence_release(root: Path) -> Path:
    write_small_release(root, timed={"@delta2"})
    for code in FIVE_COMPETENCES[2:]:
        slug = code.replace(".", "")
        tubes = {f"@t{slug}a": range(1, 5), f"@t{slug}b": range(1, 5), f"@t{slug}c": range(1, 5)}
        (root / "competences" / f"{code}.yaml").write_text(
            yaml.safe_dump(small_competence(code, tubes), allow_unicode=True), encoding="utf-8"
        )
    return root


@pytest.fixture
def five_competences(db, tmp_path):
    from referential.services import release_load

    release_load(root=write_five_competence_release(tmp_path / "content5"))


def challenge_ids(competence: str, count: int) -> list[str]:
    """`count` challenges of the competence, in a stable order (the "a" variant of each skill first)."""
    from challenges.models import Challenge

    ids = list(
        Challenge.objects.filter(competence__code=competence).order_by("id").values_list("pk", flat=True)
    )
    ids.sort(key=lambda cid: (cid.endswith("-b"), cid))
    assert len(ids) >= count, f"only {len(ids)} challenges in {competence}"
    return ids[:count]


def give_profile(user, pix_by_competence: dict[str, int], *, at: datetime.datetime | None = None) -> None:
    """Knowledge elements worth exactly these pix per competence (one validated skill each)."""
    from assessments.models import KnowledgeElement
    from referential.models import Competence, Skill

    created_at = at or timezone.now() - datetime.timedelta(days=30)
    for code, pix in pix_by_competence.items():
        competence = Competence.objects.get(code=code)
        skill = Skill.objects.filter(competence=competence).order_by("level", "name").first()
        KnowledgeElement.objects.create(
            user=user,
            skill=skill,
            competence=competence,
            status=KnowledgeElement.Status.VALIDATED,
            source=KnowledgeElement.Source.DIRECT,
            earned_pix_numerator=pix,
            earned_pix_denominator=1,
            created_at=created_at,
        )


def published_certification(
    *,
    session=None,
    status: str = "validated",
    pix_score: int = 312,
    mesh_level: int | None = 3,
    levels: dict[str, int] | None = None,
    published: bool = True,
    jury_comment_key: str = "",
    comment_for_candidate: str = "",
    comment_for_organization: str = "",
    **course_fields,
):
    """A course of a finalised (and published) session with its latest result and competence marks."""
    from certification.models import CompetenceMark
    from tests.certification.factories import (
        AssessmentResultFactory,
        CertificationCourseFactory,
        SessionFactory,
    )

    now = timezone.now()
    if session is None:
        session = SessionFactory(
            finalized_at=now - datetime.timedelta(days=3),
            published_at=now - datetime.timedelta(days=1) if published else None,
        )
    course = CertificationCourseFactory(candidate__session=session, is_published=published, **course_fields)
    result = AssessmentResultFactory(
        course=course,
        status=status,
        pix_score=pix_score,
        reached_mesh_level=mesh_level,
        jury_comment_key=jury_comment_key,
        comment_for_candidate=comment_for_candidate,
        comment_for_organization=comment_for_organization,
    )
    for code, level in (levels if levels is not None else {"1.1": 3, "1.2": 2, "2.1": 4}).items():
        CompetenceMark.objects.create(
            result=result, competence_code=code, area_code=code.split(".")[0], level=level
        )
    return course
