"""Forgotten password: allauth's flow at our addresses, links valid one hour."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from tests.accounts.conftest import PASSWORD, login_form

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nouveau2026"


def reset_link() -> str:
    return re.search(r"https?://[^/\s]+(/changer-mot-de-passe/\S+)", mail.outbox[-1].body).group(1)


def ask_reset(client, email: str):
    return client.post("/mot-de-passe-oublie", {"email": email})


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    return client.post(form_url, {"password1": password, "password2": password})


def test_the_forgotten_password_page_asks_for_the_email(client):
    html = client.get("/mot-de-passe-oublie").content.decode()
    assert "Mot de passe oublié" in html
    assert "Adresse e-mail de votre compte" in html


def test_a_reset_link_is_emailed_in_french_and_lets_the_learner_choose_a_new_password(client, learner):
    response = ask_reset(client, "Camille.Martin@example.org")
    assert response["Location"] == "/mot-de-passe-oublie/envoye"
    message = mail.outbox[-1]
    assert message.subject == "Pix libre : choisissez un nouveau mot de passe"
    assert "valable 1 heure" in message.body
    response = choose_password(client, reset_link())
    assert response["Location"] == "/changer-mot-de-passe/termine"
    assert login_form(client, learner.email, NEW_PASSWORD)["Location"] == "/accueil"


def test_the_new_password_follows_the_policy(client, learner):
    ask_reset(client, learner.email)
    response = choose_password(client, reset_link(), "faible")
    html = response.content.decode()
    assert "au moins 8 caractères" in html
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_an_unknown_address_is_told_plainly(client, learner):
    html = ask_reset(client, "inconnu@example.org").content.decode()
    assert "Aucun compte n&#x27;utilise cette adresse e-mail." in html
    assert not mail.outbox


def test_a_reset_link_expires_after_one_hour(client, learner):
    ask_reset(client, learner.email)
    link = reset_link()
    later = datetime.now() + timedelta(hours=1, minutes=1)  # tokens count naive local time
    with mock.patch("accounts.tokens.PasswordResetTokenGenerator._now", return_value=later):
        page = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in page.content.decode()


def test_a_reset_link_still_works_after_fifty_minutes(client, learner):
    ask_reset(client, learner.email)
    link = reset_link()
    later = datetime.now() + timedelta(minutes=50)
    with mock.patch("accounts.tokens.PasswordResetTokenGenerator._now", return_value=later):
        response = choose_password(client, link)
    assert response["Location"] == "/changer-mot-de-passe/termine"


def test_a_reset_link_works_only_once(client, learner):
    ask_reset(client, learner.email)
    link = reset_link()
    choose_password(client, link)
    page = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in page.content.decode()


def test_a_password_reset_lifts_a_temporary_block_but_not_a_permanent_one(client, learner):
    User.objects.filter(pk=learner.pk).update(
        failure_count=10, temporary_blocked_until=timezone.now() + timedelta(minutes=2)
    )
    ask_reset(client, learner.email)
    choose_password(client, reset_link())
    learner.refresh_from_db()
    assert (learner.failure_count, learner.temporary_blocked_until) == (0, None)
    assert login_form(client, learner.email, NEW_PASSWORD)["Location"] == "/accueil"

    client.logout()
    User.objects.filter(pk=learner.pk).update(failure_count=30, blocked_at=timezone.now())
    ask_reset(client, learner.email)
    choose_password(client, reset_link(), "Encoreneuf3")
    learner.refresh_from_db()
    assert learner.blocked_at is not None
    assert "bloqué" in login_form(client, learner.email, "Encoreneuf3").content.decode()


def test_the_account_owner_is_told_their_password_was_reset(client, learner):
    ask_reset(client, learner.email)
    choose_password(client, reset_link())
    assert mail.outbox[-1].subject == "Pix libre : votre mot de passe a été réinitialisé"
    assert "Bonjour Camille," in mail.outbox[-1].body or "Bonjour," in mail.outbox[-1].body
