"""A temporary password (school students) must be replaced before anything else."""

from __future__ import annotations

import pytest

from tests.accounts.conftest import login_form

pytestmark = pytest.mark.django_db

CHOSEN = "Monsecret7"
EXPIRED_PAGE = "/mise-a-jour-mot-de-passe-expire"


@pytest.fixture
def signed_in_student(client, student):
    login_form(client, student.username, student.temporary_password)
    return student


def test_the_first_login_sends_the_student_to_the_password_page(client, student):
    response = login_form(client, student.username, student.temporary_password)
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"] == f"{EXPIRED_PAGE}?next=%2Faccueil"


@pytest.mark.parametrize(
    "url",
    [
        "/accueil",
        "/mon-compte/informations-personnelles",
        "/mon-compte/mot-de-passe",
        "/competences",
        "/admin/",
    ],
)
def test_every_page_leads_to_the_password_page(client, signed_in_student, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(EXPIRED_PAGE)


def test_a_form_sent_elsewhere_is_refused_too(client, signed_in_student):
    response = client.post("/mon-compte/informations-personnelles", {"first_name": "X", "last_name": "Y"})
    assert response["Location"] == EXPIRED_PAGE
    signed_in_student.refresh_from_db()
    assert signed_in_student.first_name == "Léa"


def test_the_api_refuses_with_a_clear_message(client, signed_in_student):
    response = client.get("/api/schema/")
    assert response.status_code == 403
    assert response.json()["code"] == "PASSWORD_CHANGE_REQUIRED"


def test_the_password_page_the_terms_and_logout_stay_reachable(client, signed_in_student):
    page = client.get(EXPIRED_PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choisissez votre mot de passe" in html
    assert signed_in_student.username in html
    assert client.get("/cgu").status_code == 200
    assert client.post("/deconnexion")["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_the_api_token_is_refused_while_the_password_is_temporary(client, student):
    response = client.post(
        "/api/token",
        {"login": student.username, "password": student.temporary_password},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "PASSWORD_CHANGE_REQUIRED"
    assert "mot de passe provisoire" in response.json()["detail"]


def test_choosing_a_password_and_accepting_the_terms_opens_the_site(client, signed_in_student):
    response = client.post(
        EXPIRED_PAGE, {"password1": CHOSEN, "password2": CHOSEN, "cgu": "on", "next": "/accueil"}
    )
    assert response["Location"] == "/accueil"
    signed_in_student.refresh_from_db()
    assert not signed_in_student.must_change_password
    assert signed_in_student.check_password(CHOSEN)
    assert signed_in_student.cgu_accepted_at is not None
    assert client.get("/accueil").status_code == 200  # still signed in
    client.logout()
    assert login_form(client, signed_in_student.username, CHOSEN)["Location"] == "/accueil"


def test_the_terms_must_be_accepted_once(client, signed_in_student):
    html = client.post(EXPIRED_PAGE, {"password1": CHOSEN, "password2": CHOSEN}).content.decode()
    assert "Vous devez accepter les conditions générales" in html
    signed_in_student.refresh_from_db()
    assert signed_in_student.must_change_password


def test_a_student_who_accepted_the_terms_is_not_asked_again(client, signed_in_student):
    from django.utils import timezone

    signed_in_student.cgu_accepted_at = timezone.now()
    signed_in_student.save()
    assert 'name="cgu"' not in client.get(EXPIRED_PAGE).content.decode()
    assert client.post(EXPIRED_PAGE, {"password1": CHOSEN, "password2": CHOSEN})["Location"] == "/accueil"


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("faible", "faible", "au moins 8 caractères"),
        (CHOSEN, "Autrechose8", "Les deux mots de passe ne sont pas identiques."),
    ],
)
def test_the_new_password_follows_the_policy_and_is_typed_twice(
    client, signed_in_student, password1, password2, message
):
    html = client.post(
        EXPIRED_PAGE, {"password1": password1, "password2": password2, "cgu": "on"}
    ).content.decode()
    assert message in html
    signed_in_student.refresh_from_db()
    assert signed_in_student.must_change_password


def test_the_temporary_password_cannot_be_kept(client, signed_in_student):
    temporary = signed_in_student.temporary_password
    html = client.post(
        EXPIRED_PAGE, {"password1": temporary, "password2": temporary, "cgu": "on"}
    ).content.decode()
    assert "différent du mot de passe provisoire" in html


def test_a_learner_without_a_temporary_password_is_sent_home_from_that_page(client, learner):
    client.force_login(learner)
    assert client.get(EXPIRED_PAGE)["Location"] == "/accueil"


def test_the_page_needs_a_signed_in_person(client):
    assert client.get(EXPIRED_PAGE)["Location"].startswith("/connexion")


def test_an_outside_next_address_is_ignored(client, signed_in_student):
    response = client.post(
        EXPIRED_PAGE,
        {"password1": CHOSEN, "password2": CHOSEN, "cgu": "on", "next": "https://ailleurs.example/"},
    )
    assert response["Location"] == "/accueil"
