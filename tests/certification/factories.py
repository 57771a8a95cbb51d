"""Factories of sessions and candidates (the centres and members are in tests/factories.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import factory
from django.utils import timezone

from assessments.models import Answer, Assessment
from certification.codes import (
    generate_access_code,
    generate_invigilator_password,
    generate_verification_code,
)
from certification.models import (
    AssessmentResult,
    Candidate,
    CertificationChallenge,
    CertificationCourse,
    IssueReport,
    Session,
)
from tests.factories import CertificationCenterFactory, UserFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    center = factory.SubFactory(CertificationCenterFactory)
    center_name = factory.LazyAttribute(lambda o: o.center.name)
    address = "Bâtiment A"
    room = factory.Sequence(lambda n: f"Salle {n}")
    examiner = "Mme Durand"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    time = datetime.time(9, 0)
    access_code = factory.LazyFunction(generate_access_code)
    invigilator_password = factory.LazyFunction(generate_invigilator_password)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    session = factory.SubFactory(SessionFactory)
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    birthdate = datetime.date(2008, 3, 14)
    sex = "F"
    birth_country = "France"
    birth_country_code = "99100"
    birth_insee_code = "75115"
    birth_city = "Paris 15e Arrondissement"


# -- After the exam: courses, questions, answers, results (certif-results) -----------------------


class CertificationCourseFactory(factory.django.DjangoModelFactory):
    """A candidate's certification test; the candidate joined with a Pix account and started."""

    class Meta:
        model = CertificationCourse

    candidate = factory.SubFactory(
        CandidateFactory,
        user=factory.SubFactory(UserFactory),
        reconciled_at=factory.LazyFunction(timezone.now),
        started_at=factory.LazyFunction(timezone.now),
    )
    session = factory.LazyAttribute(lambda o: o.candidate.session)
    user = factory.LazyAttribute(lambda o: o.candidate.user)
    version = factory.LazyAttribute(lambda o: o.session.version)
    verification_code = factory.LazyFunction(generate_verification_code)
    first_name = factory.LazyAttribute(lambda o: o.candidate.first_name)
    last_name = factory.LazyAttribute(lambda o: o.candidate.last_name)
    birthdate = factory.LazyAttribute(lambda o: o.candidate.birthdate)
    birthplace = factory.LazyAttribute(lambda o: o.candidate.birth_city)
    sex = factory.LazyAttribute(lambda o: o.candidate.sex)
    external_id = factory.LazyAttribute(lambda o: o.candidate.external_id)


class CertificationAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    certification_course = factory.SubFactory(CertificationCourseFactory)
    user = factory.LazyAttribute(lambda o: o.certification_course.user)
    type = Assessment.Type.CERTIFICATION
    method = factory.LazyAttribute(
        lambda o: (
            Assessment.Method.FLASH
            if o.certification_course.version == 3
            else Assessment.Method.CERTIFICATION_DETERMINED
        )
    )


class AssessmentResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentResult

    course = factory.SubFactory(CertificationCourseFactory)
    status = AssessmentResult.Status.VALIDATED
    pix_score = 312
    capacity = 1.0
    reached_mesh_level = 3
    emitter = "PIX-ALGO"


class IssueReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueReport

    course = factory.SubFactory(CertificationCourseFactory)
    category = "IN_CHALLENGE"
    subcategory = "WEBSITE_UNAVAILABLE"
    question_number = 1


def make_course(
    *,
    session: Session | None = None,
    answers: Sequence[tuple[str, str]] = (),
    unanswered: Sequence[str] = (),
    competence_of: Callable[[str], str] | None = None,
    state: str = Assessment.State.COMPLETED,
    calibration: tuple[float, float] | None = None,
    answered_at: datetime.datetime | None = None,
    **course_fields,
) -> CertificationCourse:
    """A course with its assessment, its questions (answered then unanswered, in order) and answers.

    `answers` are (challenge id, answer status); the questions' competence comes from the
    challenge rows unless `competence_of` says otherwise; `calibration` overrides (alpha, delta).
    """
    from challenges.models import Challenge

    if session is not None:
        course_fields.setdefault("candidate__session", session)
    if state == Assessment.State.COMPLETED:
        course_fields.setdefault("completed_at", timezone.now())
    course = CertificationCourseFactory(**course_fields)
    assessment = CertificationAssessmentFactory(certification_course=course, state=state)
    ids = [challenge_id for challenge_id, _ in answers] + list(unanswered)
    rows = {row.pk: row for row in Challenge.objects.filter(pk__in=ids).select_related("skill", "competence")}
    start = answered_at or timezone.now() - datetime.timedelta(hours=1)
    for position, challenge_id in enumerate(ids, start=1):
        row = rows[challenge_id]
        alpha, delta = calibration if calibration else (row.alpha, row.delta)
        CertificationChallenge.objects.create(
            course=course,
            challenge=row,
            competence_code=competence_of(challenge_id) if competence_of else row.competence.code,
            skill_name=row.skill.name,
            position=position,
            alpha=alpha,
            delta=delta,
        )
    for index, (challenge_id, status) in enumerate(answers):
        Answer.objects.create(
            assessment=assessment,
            challenge_id=challenge_id,
            value="1" if status == "ok" else "2",
            result=status,
            created_at=start + datetime.timedelta(seconds=index),
        )
    return course
