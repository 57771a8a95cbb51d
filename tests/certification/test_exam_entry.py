"""Joining a session and entering the test (pix-certif.md §3.1–3.2): every rule and its refusal."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from assessments.models import Assessment
from certification import exam
from certification.models import Candidate, CertificationChallenge, CertificationCourse, Session
from tests.certification.exam_fixtures import (
    exam_release,  # noqa: F401
    make_candidate,
    make_certifiable,
    make_session,
    start_course,
)
from tests.certification.factories import CandidateFactory
from tests.factories import CertificationCenterFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exam_release")]

BIRTHDATE = datetime.date(2008, 3, 14)


@pytest.fixture
def session(db):
    return make_session()


@pytest.fixture
def enrolled(session):
    return CandidateFactory(
        session=session, first_name="Éloïse-Marie", last_name="Du Pont", birthdate=BIRTHDATE
    )


@pytest.fixture
def person(db):
    user = UserFactory()
    make_certifiable(user)
    return user


def join(user, session, first_name="eloise marie", last_name="DUPONT", birthdate=BIRTHDATE):
    return exam.candidate_join(
        user=user, session_id=session.pk, first_name=first_name, last_name=last_name, birthdate=birthdate
    )


# -- Joining (§3.1) -------------------------------------------------------------------------


def test_a_person_joins_with_names_written_without_accents_case_or_hyphens(person, session, enrolled):
    candidate = join(person, session)
    assert candidate.pk == enrolled.pk
    enrolled.refresh_from_db()
    assert enrolled.user == person
    assert enrolled.reconciled_at is not None


def test_an_unknown_identity_is_not_found(person, session, enrolled):
    with pytest.raises(exam.CandidateNotFound) as refusal:
        join(person, session, first_name="Léa")
    assert "Nous ne vous trouvons pas" in refusal.value.detail
    enrolled.refresh_from_db()
    assert enrolled.user is None


def test_another_birthdate_is_not_found(person, session, enrolled):
    with pytest.raises(exam.CandidateNotFound):
        join(person, session, birthdate=datetime.date(2008, 3, 15))


def test_an_unknown_session_number_gives_the_same_refusal(person, session, enrolled):
    with pytest.raises(exam.CandidateNotFound):
        exam.candidate_join(
            user=person,
            session_id=session.pk + 999,
            first_name="Éloïse-Marie",
            last_name="Du Pont",
            birthdate=BIRTHDATE,
        )


def test_joining_again_with_the_same_account_is_harmless(person, session, enrolled):
    join(person, session)
    assert join(person, session).pk == enrolled.pk


def test_a_candidate_already_joined_by_another_account_is_refused(person, session, enrolled):
    other = UserFactory()
    make_certifiable(other)
    join(other, session)
    with pytest.raises(exam.CandidateLinkedToAnotherUser):
        join(person, session)


def test_an_account_already_linked_to_another_candidate_of_the_session_is_refused(person, session, enrolled):
    CandidateFactory(
        session=session,
        first_name="Léa",
        last_name="Martin",
        birthdate=BIRTHDATE,
        user=person,
        reconciled_at=timezone.now(),
    )
    with pytest.raises(exam.UserAlreadyLinkedInSession):
        join(person, session)


def test_a_student_must_join_with_the_account_of_the_school(person):
    from organizations.models import OrganizationLearner

    school = OrganizationFactory(type="SCO", is_managing_students=True)
    center = CertificationCenterFactory(type="SCO", organization=school)
    session = make_session(center=center)
    student = OrganizationLearner.objects.create(
        organization=school, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE, user=UserFactory()
    )
    CandidateFactory(
        session=session,
        first_name="Léa",
        last_name="Martin",
        birthdate=BIRTHDATE,
        organization_learner=student,
    )
    with pytest.raises(exam.StudentAccountRequired):
        join(person, session, first_name="Léa", last_name="Martin")
    OrganizationLearner.objects.filter(pk=student.pk).update(user=person)
    assert join(person, session, first_name="Léa", last_name="Martin").user == person


def test_a_person_with_fewer_than_five_competences_at_level_1_is_told_how_many_are_missing(session, enrolled):
    user = UserFactory()
    make_certifiable(user, competences=3)
    with pytest.raises(exam.NotCertifiable) as refusal:
        join(user, session)
    assert refusal.value.missing == 2
    assert "au moins 5 compétences au niveau 1" in refusal.value.detail
    assert "il vous en manque 2" in refusal.value.detail
    enrolled.refresh_from_db()
    assert enrolled.user is None


def test_certifiability_is_measured_on_the_uncapped_profile_before_joining(session, enrolled):
    user = UserFactory()
    make_certifiable(user, at=timezone.now() + datetime.timedelta(days=1))  # knowledge from the future
    with pytest.raises(exam.NotCertifiable):
        join(user, session)


def test_a_language_without_certification_is_refused(person, session, enrolled):
    person.lang = "de"
    with pytest.raises(exam.LanguageNotSupported):
        join(person, session)


def test_a_finalised_session_cannot_be_joined(person, session, enrolled):
    Session.objects.filter(pk=session.pk).update(finalized_at=timezone.now())
    with pytest.raises(exam.SessionNotAccessible):
        join(person, session)


def test_acknowledging_the_instructions_is_remembered(person, session, enrolled):
    candidate = join(person, session)
    exam.candidate_acknowledge_instructions(candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.has_seen_certification_instructions


# -- Entering the test (§3.2) ---------------------------------------------------------------


@pytest.fixture
def joined(person, session):
    return make_candidate(session, user=person, certifiable=False)


def enter(candidate, code=None):
    return exam.course_start_or_resume(
        user=candidate.user,
        session_id=candidate.session_id,
        access_code=code or candidate.session.access_code,
    )


def test_a_wrong_access_code_is_refused(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    with pytest.raises(exam.WrongAccessCode) as refusal:
        enter(joined, code="ZZZZ99")
    assert refusal.value.status == 404
    assert not CertificationCourse.objects.exists()


def test_the_access_code_is_read_without_case_or_spaces(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    code = joined.session.access_code
    course = enter(joined, code=f" {code[:3].lower()} {code[3:]} ")
    assert course.candidate_id == joined.pk


def test_a_finalised_session_refuses_entry(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    Session.objects.filter(pk=joined.session_id).update(finalized_at=timezone.now())
    with pytest.raises(exam.SessionNotAccessible):
        enter(joined)


def test_a_published_session_refuses_entry(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    Session.objects.filter(pk=joined.session_id).update(published_at=timezone.now())
    with pytest.raises(exam.SessionNotAccessible):
        enter(joined)


def test_a_person_who_has_not_joined_the_session_cannot_enter(session, person):
    CandidateFactory(session=session, user=None)
    with pytest.raises(exam.CandidateNotReconciled):
        exam.course_start_or_resume(user=person, session_id=session.pk, access_code=session.access_code)


def test_the_v3_instructions_must_be_acknowledged_first(joined):
    Candidate.objects.filter(pk=joined.pk).update(
        has_seen_certification_instructions=False, authorized_to_start=True
    )
    with pytest.raises(exam.InstructionsNotAcknowledged):
        enter(joined)


def test_a_candidate_whose_presence_is_not_confirmed_cannot_start(joined):
    with pytest.raises(exam.NotAuthorizedToStart) as refusal:
        enter(joined)
    assert refusal.value.code == "CANDIDATE_NOT_AUTHORIZED_TO_JOIN_SESSION"
    assert not CertificationCourse.objects.exists()


def test_the_first_entry_creates_the_course_with_the_identity_and_a_certification_assessment(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    course = enter(joined)
    assert course.version == 3
    assert course.number_of_challenges == 32
    assert re.fullmatch(r"P-[2346789BCDFGHJKMPQRTVWXY]{8}", course.verification_code)
    assert (course.first_name, course.last_name, course.birthdate) == (
        joined.first_name,
        joined.last_name,
        joined.birthdate,
    )
    assert course.birthplace == joined.birth_place
    assessment = Assessment.objects.get(certification_course=course)
    assert assessment.type == Assessment.Type.CERTIFICATION
    assert assessment.method == Assessment.Method.FLASH
    assert assessment.state == Assessment.State.STARTED
    assert assessment.user == joined.user
    joined.refresh_from_db()
    assert joined.started_at is not None


def test_every_entry_uses_the_authorisation_up(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    enter(joined)
    joined.refresh_from_db()
    assert joined.authorized_to_start is False


def test_coming_back_needs_the_invigilator_to_authorise_the_resume(joined):
    exam.candidate_authorize(candidate=joined, authorized=True)
    course = enter(joined)
    with pytest.raises(exam.NotAuthorizedToResume) as refusal:
        enter(joined)
    assert refusal.value.code == "CANDIDATE_NOT_AUTHORIZED_TO_RESUME_SESSION"
    exam.candidate_authorize_resume(candidate=joined)
    assert enter(joined).pk == course.pk
    joined.refresh_from_db()
    assert joined.authorized_to_start is False
    assert CertificationCourse.objects.count() == 1


def test_a_test_already_over_is_returned_without_authorisation(joined):
    course, assessment = start_course(joined)
    exam.course_end_by_invigilator(course=course)
    assert enter(joined).pk == course.pk


def test_the_first_start_writes_the_real_date_and_time_on_the_session(joined):
    session = joined.session
    exam.candidate_authorize(candidate=joined, authorized=True)
    now = timezone.now()
    exam.course_start_or_resume(
        user=joined.user, session_id=session.pk, access_code=session.access_code, now=now
    )
    session.refresh_from_db()
    assert session.date == timezone.localdate(now)
    assert session.time.hour == timezone.localtime(now).hour


def test_a_v2_course_picks_three_questions_per_certifiable_competence(person):
    session = make_session(version=2)
    candidate = make_candidate(session, user=person, certifiable=False)
    Candidate.objects.filter(pk=candidate.pk).update(has_seen_certification_instructions=False)
    candidate.refresh_from_db()
    exam.candidate_authorize(candidate=candidate, authorized=True)
    course = enter(candidate)  # v2 has no instructions to acknowledge
    questions = list(CertificationChallenge.objects.filter(course=course).order_by("position"))
    assert len(questions) == 15 == course.number_of_challenges
    by_competence = {}
    for question in questions:
        by_competence.setdefault(question.competence_code, []).append(question)
    assert sorted(by_competence) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert all(len(rows) == 3 for rows in by_competence.values())
    assert [q.position for q in questions] == list(range(1, 16))
    assert (
        Assessment.objects.get(certification_course=course).method
        == Assessment.Method.CERTIFICATION_DETERMINED
    )


def test_the_invigilator_chooses_among_every_question_problem_of_the_reference():
    from assessments.engine.neutralisation import SUBCATEGORIES_OF, IssueReportCategory

    offered = [value for value, _code, _label in exam.LIVE_ALERT_SUBCATEGORIES]
    assert set(offered) == SUBCATEGORIES_OF[IssueReportCategory.IN_CHALLENGE]
    assert len(offered) == len(set(offered))
