"""Sign-up by e-mail, its verification, and the welcome e-mail (pix-orga-learner.md §3.2)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.accounts.conftest import PASSWORD, login_form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides) -> dict:
    return {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@example.org",
        "password1": PASSWORD,
        "cgu": "on",
        **overrides,
    }


def signup(client, **overrides):
    return client.post("/inscription", signup_data(**overrides))


def verification_link() -> str:
    for message in mail.outbox:
        found = re.search(r"https?://[^/\s]+(/verification-email/[-:\w]+)", message.body)
        if found:
            return found.group(1)
    raise AssertionError("no verification e-mail")


def test_the_signup_page_shows_every_field_and_the_password_rules_before_typing(client):
    html = client.get("/inscription").content.decode()
    for label in [
        "Prénom",
        "Nom",
        "Adresse e-mail",
        "Mot de passe",
        "conditions générales d&#x27;utilisation",
    ]:
        assert label in html
    assert "au moins 8 caractères" in html
    assert 'aria-describedby="id_password1_rules"' in html
    assert 'href="/cgu"' in html


def test_signing_up_creates_the_account_with_names_cgu_date_and_sends_the_verification_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email="Ines.Moreau@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/inscription/verification-envoyee"
    user = User.objects.get()
    assert (user.first_name, user.last_name, user.email) == ("Inès", "Moreau", "ines.moreau@example.org")
    assert user.cgu_accepted_at is not None
    assert user.username is None
    assert not EmailAddress.objects.get(user=user).verified
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == ["Bienvenue sur Pix libre", "Pix libre : confirmez votre adresse e-mail"]
    assert verification_link().startswith("/verification-email/")


def test_the_welcome_email_is_in_french_with_plain_text_and_html(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    welcome = next(message for message in mail.outbox if message.subject == "Bienvenue sur Pix libre")
    assert welcome.to == ["ines.moreau@example.org"]
    assert "Bonjour Inès," in welcome.body
    assert "&#x27;" not in welcome.body
    html, mimetype = welcome.alternatives[0]
    assert mimetype == "text/html"
    assert "Commencer" in html


def test_the_cgu_must_be_accepted(client):
    response = signup(client, cgu="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vous devez accepter les conditions générales d&#x27;utilisation pour créer un compte." in html
    assert not User.objects.exists()


def test_a_taken_email_is_refused_whatever_its_case_with_a_clear_message(client, learner):
    response = signup(client, email="CAMILLE.Martin@example.ORG")
    html = response.content.decode()
    assert "Un compte existe déjà avec cette adresse e-mail." in html
    assert User.objects.count() == 1


def test_an_email_stored_with_capitals_by_an_older_account_is_taken_too(client):
    User.objects.bulk_create([User(email="Nadia@Example.org", first_name="N", last_name="B")])
    html = signup(client, email="nadia@example.org").content.decode()
    assert "Un compte existe déjà avec cette adresse e-mail." in html
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court1", "au moins 8 caractères"),
        ("motdepasse1", "une lettre majuscule"),
        ("MOTDEPASSE1", "une lettre minuscule"),
        ("Motdepasse", "un chiffre"),
    ],
)
def test_a_weak_password_is_refused_with_the_rule_it_misses(client, password, message):
    html = signup(client, password1=password).content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.exists()


def test_missing_names_are_reported_on_their_fields(client):
    html = signup(client, first_name="  ", last_name="").content.decode()
    assert 'id="id_first_name_error"' in html
    assert 'id="id_last_name_error"' in html
    assert not User.objects.exists()


def test_the_email_must_be_verified_before_the_first_login(client):
    signup(client)
    client.logout()
    mail.outbox.clear()
    response = login_form(client, "ines.moreau@example.org", PASSWORD)
    assert response["Location"] == "/inscription/verification-envoyee"
    assert "_auth_user_id" not in client.session
    # Signing in again sends a fresh link.
    assert verification_link()


def test_the_verification_link_confirms_the_address_and_signs_in(client):
    signup(client)
    link = verification_link()
    page = client.get(link)
    assert "Confirmez votre adresse e-mail" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/accueil"
    assert EmailAddress.objects.get().verified
    assert client.get("/accueil").status_code == 200


def test_after_verification_the_learner_signs_in_with_the_email_or_lands_on_home(client):
    signup(client)
    client.post(verification_link())
    client.logout()
    response = login_form(client, "INES.MOREAU@example.org", PASSWORD)
    assert response["Location"] == "/accueil"


def test_an_expired_or_unknown_verification_link_explains_what_to_do(client):
    html = client.get("/verification-email/inconnu").content.decode()
    assert "Ce lien n'est plus valable" in html


def test_a_username_student_signs_in_without_any_email_verification(client, student):
    response = login_form(client, student.username, student.temporary_password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(student.pk)


def test_an_account_made_by_an_administrator_without_a_verified_address_must_verify_it(client):
    user = UserFactory(email="ancien@example.org")
    response = login_form(client, user.email, PASSWORD)
    assert response["Location"] == "/inscription/verification-envoyee"


def test_the_api_refuses_a_token_until_the_address_is_verified(client):
    signup(client)
    response = client.post(
        "/api/token",
        {"login": "ines.moreau@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "EMAIL_NOT_VERIFIED"
    client.post(verification_link())
    response = client.post(
        "/api/token",
        {"login": "ines.moreau@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_the_cgu_page_is_public(client):
    response = client.get("/cgu")
    assert response.status_code == 200
    assert "Conditions générales d'utilisation" in response.content.decode()


def test_logging_out_needs_a_post(client, learner):
    client.force_login(learner)
    page = client.get("/deconnexion")
    assert page.status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/deconnexion")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
