from __future__ import annotations

import datetime

import pytest

from organizations import matching
from organizations.matching import Candidate, find_match
from organizations.models import OrganizationLearner
from organizations.services import ReconciliationError, learner_reconcile
from tests.factories import OrganizationFactory, UserFactory
from tests.organizations.factories import OrganizationLearnerFactory

BIRTHDATE = datetime.date(2011, 3, 14)


# -- Name matching (pure) -------------------------------------------------------------------------


def test_names_are_compared_without_accents_case_spaces_or_punctuation():
    assert matching.normalize("  Éléonore-Marie d'Arc ") == "eleonoremariedarc"


def test_the_strict_pass_finds_the_exact_name():
    candidates = [Candidate(1, "Léa", "Durand"), Candidate(2, "Lena", "Durand")]
    assert find_match(candidates, first_name="lea", last_name="DURAND") == 1


def test_a_typo_within_a_quarter_of_the_typed_length_is_tolerated():
    candidates = [Candidate(1, "Mathilde", "Fontaine")]
    assert find_match(candidates, first_name="Matilde", last_name="Fontaine") == 1  # 1/7 ≤ 0.25
    assert find_match(candidates, first_name="Mathilde", last_name="Fontain") == 1


def test_more_typos_than_a_quarter_of_the_typed_length_do_not_match():
    candidates = [Candidate(1, "Léa", "Durand")]
    assert find_match(candidates, first_name="Lia", last_name="Durand") is None  # 1/3 > 0.25


def test_the_strict_pass_wins_over_a_tolerant_one():
    # "Lena" is 1 edit from "Lea" (1/4 ≤ 0.25): only the strict pass tells them apart.
    candidates = [Candidate(1, "Lea", "Durand"), Candidate(2, "Lena", "Durand")]
    assert find_match(candidates, first_name="Lena", last_name="Durand") == 2


def test_the_typed_first_name_may_be_the_second_or_third_first_name():
    candidates = [
        Candidate(1, "Marie", "Petit", middle_name="Zoé"),
        Candidate(2, "Anne", "Roux", third_name="Inès"),
    ]
    assert find_match(candidates, first_name="Zoé", last_name="Petit") == 1
    assert find_match(candidates, first_name="Ines", last_name="Roux") == 2


def test_the_typed_last_name_may_be_the_usage_name():
    candidates = [Candidate(1, "Éloïse", "Fontaine", preferred_last_name="Girard")]
    assert find_match(candidates, first_name="Eloise", last_name="Girard") == 1


def test_two_learners_matching_the_same_way_is_no_match():
    candidates = [Candidate(1, "Léa", "Durand"), Candidate(2, "Lea", "Durand")]
    assert find_match(candidates, first_name="Léa", last_name="Durand") is None


def test_an_empty_name_never_matches():
    assert find_match([Candidate(1, "Léa", "Durand")], first_name="", last_name="Durand") is None


def test_logins_are_half_hidden():
    assert matching.obfuscate_email("jeanne.dupont@example.org") == "j***@example.org"
    assert matching.obfuscate_username("jeanne.dupont0712") == "j***.d***0712"


# -- The service ----------------------------------------------------------------------------------


@pytest.fixture
def lea(school):
    return OrganizationLearnerFactory(
        organization=school,
        first_name="Léa",
        last_name="Durand",
        birthdate=BIRTHDATE,
        national_student_id="1234567890A",
    )


def reconcile(organization, user, first="Léa", last="Durand", birthdate=BIRTHDATE, **kwargs):
    return learner_reconcile(
        organization=organization, user=user, first_name=first, last_name=last, birthdate=birthdate, **kwargs
    )


@pytest.mark.django_db
def test_a_student_is_linked_to_their_account(school, lea, user):
    assert reconcile(school, user, first="lea", last="DURAND") == lea
    lea.refresh_from_db()
    assert lea.user == user


@pytest.mark.django_db
def test_a_small_typo_still_links_the_account(school, lea, user):
    assert reconcile(school, user, first="Léa", last="Durant") == lea


@pytest.mark.django_db
def test_the_birthdate_must_be_exact(school, lea, user):
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user, birthdate=datetime.date(2011, 3, 15))
    assert error.value.code == "NOT_FOUND"
    assert "date de naissance" in error.value.detail and school.name in error.value.detail


@pytest.mark.django_db
def test_a_disabled_or_deleted_student_cannot_be_claimed(school, user):
    OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="Durand", is_disabled=True)
    with pytest.raises(ReconciliationError):
        reconcile(school, user)


@pytest.mark.django_db
def test_reconciling_twice_with_the_same_account_is_harmless(school, lea, user):
    reconcile(school, user)
    assert reconcile(school, user) == lea


@pytest.mark.django_db
def test_a_student_already_linked_to_an_email_account_gets_r31_with_the_half_hidden_address(
    school, lea, user
):
    lea.user = UserFactory(email="lea.durand@example.org")
    lea.save()
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "R31"
    assert "l***@example.org" in error.value.detail
    assert "lea.durand@" not in error.value.detail


@pytest.mark.django_db
def test_a_student_already_linked_to_a_username_account_gets_r32(school, lea, user):
    lea.user = UserFactory(email=None, username="lea.durand1403")
    lea.save()
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "R32"
    assert "l***.d***1403" in error.value.detail


@pytest.mark.django_db
def test_an_account_already_linked_to_another_student_here_gets_r70(school, lea, user):
    OrganizationLearnerFactory(organization=school, first_name="Zoé", last_name="Petit", user=user)
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "R70"
    assert "Zoé Petit" in error.value.detail
    lea.refresh_from_db()
    assert lea.user is None


@pytest.mark.django_db
def test_a_student_with_an_account_from_another_school_gets_r11_or_r12(school, lea, user):
    previous = OrganizationFactory(is_managing_students=True)
    former = UserFactory(email="lea.d@example.org")
    OrganizationLearnerFactory(
        organization=previous, national_student_id=lea.national_student_id, user=former
    )
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "R11"
    assert "l***@example.org" in error.value.detail
    former.email, former.username = None, "lea.durand1403"
    former.save()
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "R12"


@pytest.mark.django_db
def test_the_same_account_in_the_previous_school_is_no_conflict(school, lea, user):
    previous = OrganizationFactory(is_managing_students=True)
    OrganizationLearnerFactory(organization=previous, national_student_id=lea.national_student_id, user=user)
    assert reconcile(school, user) == lea


@pytest.mark.django_db
def test_two_homonyms_born_the_same_day_are_not_guessed(school, user):
    OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="Durand", birthdate=BIRTHDATE)
    OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="Durand", birthdate=BIRTHDATE)
    with pytest.raises(ReconciliationError) as error:
        reconcile(school, user)
    assert error.value.code == "NOT_FOUND"
    assert not OrganizationLearner.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_a_student_of_another_school_is_never_found(school, user):
    OrganizationLearnerFactory(first_name="Léa", last_name="Durand", birthdate=BIRTHDATE)
    with pytest.raises(ReconciliationError):
        reconcile(school, user)


@pytest.mark.django_db
def test_a_sup_student_is_found_by_student_number_and_birthdate_then_names(university, user):
    hugo = OrganizationLearnerFactory(
        organization=university,
        first_name="Hugo",
        last_name="Nguyen",
        national_student_id="",
        student_number="E42",
        birthdate=BIRTHDATE,
    )
    with pytest.raises(ReconciliationError):
        reconcile(university, user, first="Hugo", last="Nguyen", student_number="E43")
    with pytest.raises(ReconciliationError):
        reconcile(university, user, first="Paul", last="Nguyen", student_number="E42")
    assert reconcile(university, user, first="Hugo", last="Nguyen", student_number="E42") == hugo


@pytest.mark.django_db
def test_a_sup_student_already_linked_is_refused(university, user):
    OrganizationLearnerFactory(
        organization=university,
        first_name="Hugo",
        last_name="Nguyen",
        student_number="E42",
        national_student_id="",
        birthdate=BIRTHDATE,
        user=UserFactory(email="h.n@example.org"),
    )
    with pytest.raises(ReconciliationError) as error:
        reconcile(university, user, first="Hugo", last="Nguyen", student_number="E42")
    assert error.value.code == "R31"
