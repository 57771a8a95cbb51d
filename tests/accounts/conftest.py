"""Fixtures of the account tests: people who can sign in, and a clean rate-limit cache."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache

from tests.assessments.conftest import small_release  # noqa: F401 - the content release, for deletion tests

PASSWORD = "Motdepasse1"


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth's rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def verify_email(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@pytest.fixture
def learner(db):
    """A learner who signed up by e-mail and confirmed it: can sign in on /connexion."""
    from tests.factories import UserFactory

    user = UserFactory(email="camille.martin@example.org", first_name="Camille", last_name="Martin")
    verify_email(user)
    return user


@pytest.fixture
def student(db):
    """A school student with a generated username and a temporary password."""
    from accounts.services import user_create_with_username

    user, temporary = user_create_with_username(
        first_name="Léa", last_name="N'Diaye", birthdate=date(2011, 4, 12)
    )
    user.temporary_password = temporary
    return user


def login_form(client, login: str, password: str):
    return client.post("/connexion", {"login": login, "password": password})


def last_code() -> str:
    return re.search(r"\b([2-9]{6})\b", mail.outbox[-1].body).group(1)
