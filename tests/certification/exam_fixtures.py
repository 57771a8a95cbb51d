"""Content, people and steps for the tests of the day of the exam (candidate entry, test, invigilator).

Import the fixtures into a test module (`from tests.certification.exam_fixtures import exam_release  # noqa: F401`).
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

import pytest
import yaml
from django.utils import timezone

from tests.assessments.conftest import small_competence, write_small_release

RIGHT, WRONG = "1", "2"  # every challenge is a QCU whose solution is its first proposal
# Five competences of two tubes each (levels 1–5 and 1–4): 45 skills, 90 challenges, all calibrated by
# the initial mapping: enough for a 32-question v3 course with a few live alerts, and for v2.
EXAM_TUBES = {
    "1.1": {"@rouge": range(1, 6), "@rose": range(1, 5)},
    "1.2": {"@vert": range(1, 6), "@olive": range(1, 5)},
    "1.3": {"@bleu": range(1, 6), "@azur": range(1, 5)},
    "2.1": {"@jaune": range(1, 6), "@ocre": range(1, 5)},
    "2.2": {"@noir": range(1, 6), "@gris": range(1, 5)},
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def write_exam_release(root) -> object:
    write_small_release(root)
    for code, tubes in EXAM_TUBES.items():
        (root / "competences" / f"{code}.yaml").write_text(
            yaml.safe_dump(small_competence(code, tubes), allow_unicode=True), encoding="utf-8"
        )
    return root


@pytest.fixture
def exam_release(db, tmp_path):
    from referential.services import release_load

    release_load(root=write_exam_release(tmp_path / "exam-content"))


def make_certifiable(
    user, *, competences: int = 5, levels: int = 2, at: datetime.datetime | None = None
) -> None:
    """Validated knowledge of every skill of the first `levels` levels of `competences` competences."""
    from assessments.models import KnowledgeElement
    from referential.models import Skill

    created_at = at or timezone.now() - datetime.timedelta(days=30)
    codes = list(EXAM_TUBES)[:competences]
    skills = Skill.objects.filter(competence__code__in=codes, level__lte=levels).select_related("competence")
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user=user,
            skill=skill,
            competence=skill.competence,
            status=KnowledgeElement.Status.VALIDATED,
            source=KnowledgeElement.Source.DIRECT,
            earned_pix_numerator=Fraction(skill.pix_numerator, skill.pix_denominator).numerator,
            earned_pix_denominator=Fraction(skill.pix_numerator, skill.pix_denominator).denominator,
            created_at=created_at,
        )
        for skill in skills
    )


def make_session(*, version: int = 3, **fields):
    from tests.certification.factories import SessionFactory

    return SessionFactory(version=version, **fields)


def make_candidate(session, *, user=None, certifiable: bool = True, **fields):
    """An enrolled candidate; with `user`, joined (reconciled) with that account."""
    from tests.certification.factories import CandidateFactory

    candidate = CandidateFactory(session=session, **fields)
    if user is not None:
        if certifiable:
            make_certifiable(user)
        candidate.user = user
        candidate.reconciled_at = timezone.now()
        candidate.has_seen_certification_instructions = True
        candidate.save()
    return candidate


def start_course(candidate, *, now: datetime.datetime | None = None):
    """The invigilator confirms the presence and the candidate enters the code: the course and its assessment."""
    from assessments.models import Assessment
    from certification import exam

    exam.candidate_authorize(candidate=candidate, authorized=True)
    course = exam.course_start_or_resume(
        user=candidate.user,
        session_id=candidate.session_id,
        access_code=candidate.session.access_code,
        now=now,
    )
    return course, Assessment.objects.get(certification_course=course)


def enter_with_client(client, candidate) -> int:
    """Through the pages: the code typed after the invigilator's confirmation; returns the course id."""
    from certification import exam

    exam.candidate_authorize(candidate=candidate, authorized=True)
    response = client.post(
        f"/certifications/sessions/{candidate.session_id}/entree",
        {"access_code": candidate.session.access_code},
    )
    assert response.status_code == 302, response.content.decode()[:400]
    return int(re.search(r"/certifications/(\d+)$", response["Location"]).group(1))


def answer_current(assessment, value: str = RIGHT, **extra):
    """Ask the next question and answer it through the services; returns the answer (None at the end)."""
    from assessments.services import answer_save, assessment_next_challenge

    challenge = assessment_next_challenge(assessment=assessment)
    if challenge is None:
        return None
    return answer_save(assessment=assessment, challenge_id=challenge.id, value=value, **extra).answer
