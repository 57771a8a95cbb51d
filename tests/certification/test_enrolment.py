import datetime

import pytest
from django.utils import timezone

from certification import services
from certification.models import Candidate, CertificationCenter
from certification.selectors import divisions_of, students_for_enrolment
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.factories import CertificationCenterFactory, OrganizationFactory
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return OrganizationFactory(type="SCO", is_managing_students=True)


@pytest.fixture
def session(school):
    center = CertificationCenterFactory(type=CertificationCenter.Type.SCO, organization=school)
    return SessionFactory(center=center)


def student(school, **overrides):
    values = {
        "organization": school,
        "birth_country_code": "99100",
        "birth_city_code": "69383",
        "birth_city": "",
    }
    values.update(overrides)
    return OrganizationLearnerFactory(**values)


def test_students_are_enrolled_with_their_identity_birth_place_and_no_billing(session, school):
    born_in_lyon = student(school, first_name=" Léa ", last_name="Durand", sex="F")
    born_abroad = student(
        school,
        first_name="Marco",
        last_name="Rossi",
        sex="M",
        birth_country_code="99127",
        birth_city="Rome",
        birth_city_code="",
    )
    result = services.candidates_enrol_from_division(session=session, learners=[born_in_lyon, born_abroad])
    assert len(result.enrolled) == 2 and result.already_enrolled == 0
    lea = Candidate.objects.get(organization_learner=born_in_lyon)
    assert (lea.first_name, lea.last_name, lea.sex, lea.birthdate) == (
        "Léa",
        "Durand",
        "F",
        born_in_lyon.birthdate,
    )
    # The city comes from the INSEE code when the school did not give it.
    assert (lea.birth_country, lea.birth_insee_code, lea.birth_city) == (
        "France",
        "69383",
        "Lyon 3e Arrondissement",
    )
    assert lea.billing_mode == "" and lea.prepayment_code == ""
    marco = Candidate.objects.get(organization_learner=born_abroad)
    assert (marco.birth_country, marco.birth_country_code, marco.birth_insee_code, marco.birth_city) == (
        "Italie",
        "99127",
        "99",
        "Rome",
    )


def test_a_siecle_three_digit_country_code_is_read_as_99_plus_the_code(session, school):
    learner = student(school, birth_country_code="134", birth_city="Madrid", birth_city_code="")
    services.candidates_enrol_from_division(session=session, learners=[learner])
    assert Candidate.objects.get().birth_country == "Espagne"


def test_students_already_enrolled_are_skipped(session, school):
    first, second = student(school), student(school)
    services.candidates_enrol_from_division(session=session, learners=[first])
    result = services.candidates_enrol_from_division(session=session, learners=[first, second])
    assert (len(result.enrolled), result.already_enrolled) == (1, 1)
    assert Candidate.objects.count() == 2


def test_a_student_added_by_hand_with_the_same_identity_is_not_enrolled_twice(session, school):
    learner = student(school, first_name="Léa", last_name="Durand", birthdate=datetime.date(2011, 3, 14))
    CandidateFactory(
        session=session, first_name="LEA", last_name="durand", birthdate=datetime.date(2011, 3, 14)
    )
    result = services.candidates_enrol_from_division(session=session, learners=[learner])
    assert (result.enrolled, result.already_enrolled) == ([], 1)


def test_students_of_another_school_are_refused_and_nothing_is_enrolled(session, school):
    other = OrganizationFactory(type="SCO", is_managing_students=True)
    with pytest.raises(services.StudentsForbidden):
        services.candidates_enrol_from_division(session=session, learners=[student(school), student(other)])
    assert not Candidate.objects.exists()


def test_a_disabled_student_is_refused(session, school):
    with pytest.raises(services.StudentsForbidden):
        services.candidates_enrol_from_division(session=session, learners=[student(school, is_disabled=True)])


def test_an_unknown_birth_country_is_refused_naming_the_student(session, school):
    with pytest.raises(services.StudentsForbidden) as caught:
        services.candidates_enrol_from_division(
            session=session,
            learners=[student(school, first_name="Zoé", last_name="Nord", birth_country_code="99999")],
        )
    assert "Zoé Nord" in caught.value.detail
    assert not Candidate.objects.exists()


def test_a_student_without_a_birthdate_is_refused_naming_them(session, school):
    with pytest.raises(services.StudentsForbidden) as caught:
        services.candidates_enrol_from_division(
            session=session,
            learners=[student(school), student(school, first_name="Max", last_name="Sans", birthdate=None)],
        )
    assert "Date de naissance manquante pour : Max Sans" in caught.value.detail
    assert not Candidate.objects.exists()


def test_a_centre_whose_school_does_not_manage_students_cannot_enrol_students(school):
    school.is_managing_students = False
    school.save()
    session = SessionFactory(center=CertificationCenterFactory(type="SCO", organization=school))
    with pytest.raises(services.StudentsForbidden):
        services.candidates_enrol_from_division(session=session, learners=[student(school)])


def test_a_finalized_session_takes_no_student(school):
    session = SessionFactory(
        center=CertificationCenterFactory(type="SCO", organization=school), finalized_at=timezone.now()
    )
    with pytest.raises(services.CandidateEnrolmentClosed):
        services.candidates_enrol_from_division(session=session, learners=[student(school)])


def test_divisions_and_students_of_a_division_show_who_is_enrolled(session, school):
    enrolled = student(school, division="3B", last_name="A")
    student(school, division="3B", last_name="B")
    student(school, division="3A")
    student(school, division="3C", is_disabled=True)
    services.candidates_enrol_from_division(session=session, learners=[enrolled])
    assert divisions_of(center=session.center) == ["3A", "3B"]
    students = students_for_enrolment(session=session, division="3B")
    assert [(s.last_name, s.is_enrolled) for s in students] == [("A", True), ("B", False)]
