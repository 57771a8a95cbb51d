from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_a_user_needs_an_email_or_a_username():
    with pytest.raises(ValidationError, match="adresse e-mail ou un identifiant est obligatoire"):
        User.objects.create_user(first_name="A", last_name="B", password="Motdepasse1")


def test_the_database_itself_refuses_a_user_without_email_nor_username():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(first_name="A", last_name="B")])


def test_a_user_may_have_only_a_username():
    user = User.objects.create_user(
        username="camille.martin0412", first_name="Camille", last_name="Martin", password="Motdepasse1"
    )
    assert user.email is None
    assert str(user) == "camille.martin0412"


def test_a_user_may_have_both_an_email_and_a_username():
    user = User.objects.create_user(
        email="c@example.org", username="camille.m", first_name="C", last_name="M", password="X"
    )
    assert (user.email, user.username) == ("c@example.org", "camille.m")


def test_emails_are_unique_whatever_their_case():
    User.objects.create_user(email="Camille@Example.org", first_name="C", last_name="M", password="x")
    with pytest.raises(ValidationError, match="adresse e-mail est déjà utilisée"):
        User.objects.create_user(email="camille@example.org", first_name="C", last_name="M", password="x")


def test_usernames_are_unique_whatever_their_case():
    User.objects.create_user(username="camille.martin", first_name="C", last_name="M", password="x")
    with pytest.raises(ValidationError, match="identifiant est déjà utilisé"):
        User.objects.create_user(username="Camille.Martin", first_name="C", last_name="M", password="x")


def test_several_username_accounts_without_email_can_coexist():
    User.objects.create_user(username="a.b0101", first_name="A", last_name="B", password="x")
    User.objects.create_user(username="c.d0202", first_name="C", last_name="D", password="x")
    assert User.objects.filter(email__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court1", "au moins 8 caractères"),
        ("motdepasse1", "une lettre majuscule"),
        ("MOTDEPASSE1", "une lettre minuscule"),
        ("Motdepasse", "un chiffre"),
    ],
)
def test_the_password_policy_explains_each_missing_rule_in_french(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(message in text for text in error.value.messages)


def test_a_password_with_eight_characters_upper_lower_and_digit_is_accepted():
    assert validate_password("Abcdefg1") is None


def test_one_can_sign_in_with_the_email_or_the_username_in_any_case():
    User.objects.create_user(
        email="nadia@example.org", username="nadia.b", first_name="N", last_name="B", password="Motdepasse1"
    )
    assert authenticate(username="NADIA@example.org", password="Motdepasse1") is not None
    assert authenticate(username="Nadia.B", password="Motdepasse1") is not None
    assert authenticate(username="nadia.b", password="wrong") is None
    assert authenticate(username="nobody", password="Motdepasse1") is None
