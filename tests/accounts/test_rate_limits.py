"""Rate limits (allauth's, configured in ACCOUNT_RATE_LIMITS; the test settings turn them off elsewhere)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_RATE_LIMITS = {
    "login_failed": "30/m/ip",
    "signup": "60/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "change_email": "5/h/user",
}


def test_the_settings_limit_sign_ups_password_resets_and_email_codes():
    from pix import settings as production

    assert production.ACCOUNT_RATE_LIMITS == PRODUCTION_RATE_LIMITS
    assert settings.ACCOUNT_RATE_LIMITS is False  # the test settings, for every other test


@override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/h/ip"})
def test_sign_ups_from_one_address_are_limited(client):
    for n in range(2):
        data = {
            "first_name": "A",
            "last_name": "B",
            "email": f"p{n}@example.org",
            "password1": PASSWORD,
            "cgu": "on",
        }
        assert client.post("/inscription", data).status_code == 302
        client.logout()
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": "p9@example.org",
        "password1": PASSWORD,
        "cgu": "on",
    }
    response = client.post("/inscription", data)
    assert response.status_code == 429
    assert "Trop de demandes en peu de temps" in response.content.decode()
    assert User.objects.count() == 2


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "20/h/ip,2/h/key"})
def test_password_reset_requests_for_one_address_are_limited(client, learner):
    for _ in range(2):
        assert client.post("/mot-de-passe-oublie", {"email": learner.email}).status_code == 302
    response = client.post("/mot-de-passe-oublie", {"email": learner.email})
    assert len(mail.outbox) == 2
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/h/ip"})
def test_password_reset_requests_from_one_network_address_are_limited(client, learner):
    from tests.factories import UserFactory

    others = [UserFactory() for _ in range(3)]
    for user in others[:2]:
        client.post("/mot-de-passe-oublie", {"email": user.email})
    response = client.post("/mot-de-passe-oublie", {"email": others[2].email})
    assert len(mail.outbox) == 2
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"change_email": "2/h/user"})
def test_codes_sent_to_new_addresses_are_limited_per_account(
    client, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/mon-compte/methodes-de-connexion", {"new_email": f"n{n}@example.org", "password": PASSWORD}
            )
    html = client.post(
        "/mon-compte/methodes-de-connexion", {"new_email": "n9@example.org", "password": PASSWORD}
    ).content.decode()
    assert "Trop de codes demandés" in html
    assert [message.to for message in mail.outbox] == [["n0@example.org"], ["n1@example.org"]]


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_failed_logins_from_one_network_address_are_limited_across_accounts(client, learner):
    from tests.factories import UserFactory

    for user in [UserFactory() for _ in range(3)]:
        client.post("/connexion", {"login": user.email, "password": "Mauvais1"})
    html = client.post("/connexion", {"login": learner.email, "password": "Mauvais1"}).content.decode()
    assert "Trop de tentatives de connexion" in html
