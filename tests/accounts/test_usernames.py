"""Usernames and temporary passwords for school students (pix-orga-learner.md §3.2)."""

from __future__ import annotations

import string
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from accounts.services import (
    TEMPORARY_PASSWORD_LENGTH,
    temporary_password_generate,
    user_create_with_username,
    username_generate,
    username_part,
)
from tests.factories import UserFactory

BIRTHDATE = date(2011, 4, 12)


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("Camille", "camille"),
        ("Noël", "noel"),
        ("Jean-Noël", "jeannoel"),
        ("N'Diaye", "ndiaye"),
        ("De La Tour", "delatour"),
        ("  Éloïse  ", "eloise"),
        ("Çağrı", "cagri"),
        ("Lætitia", "laetitia"),
        ("Œdipe", "oedipe"),
        ("Strauß", "strauss"),
        ("Søren", "soren"),
        ("Łukasz", "lukasz"),
        ("Anne-Marie O’Connor", "annemarieoconnor"),
        ("Louis XIV 2", "louisxiv"),
        ("Иван", "x"),
        ("", "x"),
    ],
)
def test_a_name_keeps_only_its_lower_case_ascii_letters(name, part):
    assert username_part(name) == part


@pytest.mark.django_db
def test_the_username_is_first_name_dot_last_name_then_day_and_month_of_birth():
    assert (
        username_generate(first_name="Jean-Noël", last_name="Dupont", birthdate=BIRTHDATE)
        == "jeannoel.dupont1204"
    )


@pytest.mark.django_db
def test_accents_and_punctuation_disappear_from_both_names():
    username = username_generate(first_name="Éloïse", last_name="N'Diaye-Le Goff", birthdate=date(2010, 1, 3))
    assert username == "eloise.ndiayelegoff0301"


@pytest.mark.django_db
def test_a_taken_username_gets_four_random_digits_instead_of_the_birth_day_and_month():
    UserFactory(username="jean.dupont1204")
    username = username_generate(first_name="Jean", last_name="Dupont", birthdate=BIRTHDATE)
    assert username != "jean.dupont1204"
    assert username.startswith("jean.dupont")
    assert len(username) == len("jean.dupont") + 4
    assert username[-4:].isdigit()


@pytest.mark.django_db
def test_the_collision_check_ignores_case():
    UserFactory(username="Jean.Dupont1204")
    assert username_generate(first_name="Jean", last_name="Dupont", birthdate=BIRTHDATE) != "jean.dupont1204"


@pytest.mark.django_db
def test_random_digits_are_drawn_again_until_the_username_is_free(monkeypatch):
    UserFactory(username="jean.dupont1204")
    UserFactory(username="jean.dupont0007")
    draws = iter([7, 7, 42])
    monkeypatch.setattr("accounts.services.secrets.randbelow", lambda _n: next(draws))
    assert username_generate(first_name="Jean", last_name="Dupont", birthdate=BIRTHDATE) == "jean.dupont0042"


@pytest.mark.django_db
def test_generating_a_username_reads_the_database_once(django_assert_num_queries):
    UserFactory.create_batch(3, username=None)
    for n in range(20):
        UserFactory(username=f"jean.dupont{n:04d}")
    with django_assert_num_queries(1):
        username_generate(first_name="Jean", last_name="Dupont", birthdate=BIRTHDATE)


@pytest.mark.django_db
def test_a_student_account_has_a_username_no_email_and_a_temporary_password_to_change():
    user, password = user_create_with_username(first_name=" Léa ", last_name="N'Diaye", birthdate=BIRTHDATE)
    user.refresh_from_db()
    assert user.username == "lea.ndiaye1204"
    assert user.email is None
    assert (user.first_name, user.last_name) == ("Léa", "N'Diaye")
    assert user.must_change_password
    assert user.cgu_accepted_at is None
    assert user.check_password(password)
    assert authenticate(username="LEA.NDIAYE1204", password=password) == user


@pytest.mark.django_db
def test_two_homonym_students_born_the_same_day_get_different_usernames():
    first, _ = user_create_with_username(first_name="Léa", last_name="Martin", birthdate=BIRTHDATE)
    second, _ = user_create_with_username(first_name="Lea", last_name="MARTIN", birthdate=BIRTHDATE)
    assert first.username == "lea.martin1204"
    assert second.username != first.username
    assert second.username.startswith("lea.martin")


def test_a_temporary_password_meets_the_policy_and_has_no_ambiguous_character():
    for _ in range(300):
        password = temporary_password_generate()
        assert len(password) == TEMPORARY_PASSWORD_LENGTH
        validate_password(password)
        assert not set(password) & set("0O1lI")


def test_temporary_passwords_differ():
    assert len({temporary_password_generate() for _ in range(50)}) == 50


# Any printable text (PostgreSQL refuses NUL and control characters in a name anyway).
names = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=0, max_size=40)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(names, names, st.dates(date(1990, 1, 1), date(2020, 12, 31))), min_size=1, max_size=6
    )
)
def test_generated_usernames_are_lower_case_ascii_and_unique(people):
    # Examples share one database transaction: each new username must differ from all earlier ones too.
    allowed = set(string.ascii_lowercase + string.digits + ".")
    for first_name, last_name, birthdate in people:
        # Names are required on an account: an empty one is refused before any username.
        user, _password = user_create_with_username(
            first_name=first_name.strip() or "A", last_name=last_name.strip() or "B", birthdate=birthdate
        )
        assert set(user.username) <= allowed
        assert user.username.count(".") == 1
        assert user.username[-4:].isdigit()
    usernames = list(User.objects.values_list("username", flat=True))
    assert len({username.lower() for username in usernames}) == len(usernames)


@pytest.mark.django_db
@pytest.mark.parametrize(("first_name", "last_name"), [("", "Martin"), ("Léa", "   "), ("L" * 151, "Martin")])
def test_a_student_account_needs_a_first_and_a_last_name(first_name, last_name):
    from accounts.services import AccountError

    with pytest.raises(AccountError):
        user_create_with_username(first_name=first_name, last_name=last_name, birthdate=BIRTHDATE)
    assert not User.objects.exists()
