"""/mon-compte: personal information, login methods (e-mail change by code), password, language, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.models import EmailChangeRequest, User
from accounts.services import (
    ANONYMISED_NAME,
    EMAIL_CHANGE_CODE_VALIDITY,
    EmailChangeError,
    email_change_confirm,
    email_change_request,
    user_anonymise,
)
from tests.accounts.conftest import PASSWORD, last_code, login_form

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "/mon-compte/informations-personnelles",
    "/mon-compte/methodes-de-connexion",
    "/mon-compte/mot-de-passe",
    "/mon-compte/langue",
    "/mon-compte/suppression",
]


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return learner


@pytest.mark.parametrize("url", [*ACCOUNT_PAGES, "/mon-compte", "/mon-compte/methodes-de-connexion/code"])
def test_account_pages_need_a_signed_in_person(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion?next=")


def test_my_account_opens_on_personal_information(client, signed_in):
    assert client.get("/mon-compte")["Location"] == "/mon-compte/informations-personnelles"


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_each_account_page_has_the_sub_navigation_with_the_current_page_marked(client, signed_in, url):
    html = client.get(url).content.decode()
    assert 'aria-label="Mon compte"' in html
    assert f'<a href="{url}" aria-current="page">' in html


# -- Personal information -------------------------------------------------------------------


def test_a_learner_updates_their_names(client, signed_in):
    response = client.post(
        "/mon-compte/informations-personnelles", {"first_name": " Camille ", "last_name": "Durand"}
    )
    assert response["Location"] == "/mon-compte/informations-personnelles"
    signed_in.refresh_from_db()
    assert (signed_in.first_name, signed_in.last_name) == ("Camille", "Durand")


def test_names_cannot_be_emptied(client, signed_in):
    html = client.post(
        "/mon-compte/informations-personnelles", {"first_name": "", "last_name": " "}
    ).content.decode()
    assert 'aria-invalid="true"' in html
    signed_in.refresh_from_db()
    assert signed_in.last_name == "Martin"


# -- Language -------------------------------------------------------------------------------


def test_choosing_english_saves_it_on_the_account_and_in_the_language_cookie(client, signed_in):
    response = client.post("/mon-compte/langue", {"lang": "en"})
    assert response["Location"] == "/mon-compte/langue"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    signed_in.refresh_from_db()
    assert signed_in.lang == "en"
    assert '<html lang="en">' in client.get("/mon-compte/langue").content.decode()


def test_an_unknown_language_changes_nothing(client, signed_in):
    response = client.post("/mon-compte/langue", {"lang": "xx"})
    assert response.status_code == 200
    signed_in.refresh_from_db()
    assert signed_in.lang == "fr"


# -- Password -------------------------------------------------------------------------------


def test_a_learner_changes_their_password_with_the_current_one(client, signed_in):
    response = client.post(
        "/mon-compte/mot-de-passe",
        {"oldpassword": PASSWORD, "password1": "Nouveau2026", "password2": "Nouveau2026"},
    )
    assert response.status_code == 302
    signed_in.refresh_from_db()
    assert signed_in.check_password("Nouveau2026")
    assert client.get("/mon-compte/mot-de-passe").status_code == 200  # still signed in


def test_a_wrong_current_password_is_refused_and_counts_as_a_failed_login(client, signed_in):
    html = client.post(
        "/mon-compte/mot-de-passe",
        {"oldpassword": "Mauvais1", "password1": "Nouveau2026", "password2": "Nouveau2026"},
    ).content.decode()
    assert "Le mot de passe est incorrect." in html
    signed_in.refresh_from_db()
    assert signed_in.check_password(PASSWORD)
    assert signed_in.failure_count == 1


# -- E-mail change by code ------------------------------------------------------------------


def ask_code(client, new_email="nouvelle@example.org", password=PASSWORD, capture=None):
    return client.post("/mon-compte/methodes-de-connexion", {"new_email": new_email, "password": password})


@pytest.fixture
def requested(client, signed_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_code(client)
    assert response["Location"] == "/mon-compte/methodes-de-connexion/code"
    return signed_in


def test_a_six_digit_code_from_two_to_nine_is_sent_to_the_new_address(requested):
    message = mail.outbox[-1]
    assert message.to == ["nouvelle@example.org"]
    assert message.subject.startswith("Pix libre : votre code de confirmation")
    code = last_code()
    assert len(code) == 6
    assert set(code) <= set("23456789")
    requested.refresh_from_db()
    assert requested.email == "camille.martin@example.org"  # not yet


def test_the_right_code_changes_the_address_verifies_it_and_warns_the_old_one(
    client, requested, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mon-compte/methodes-de-connexion/code", {"code": last_code()})
    assert response["Location"] == "/mon-compte/methodes-de-connexion"
    requested.refresh_from_db()
    assert requested.email == "nouvelle@example.org"
    assert list(EmailAddress.objects.filter(user=requested).values_list("email", "verified", "primary")) == [
        ("nouvelle@example.org", True, True)
    ]
    assert not EmailChangeRequest.objects.exists()
    assert mail.outbox[-1].to == ["camille.martin@example.org"]
    assert "nouvelle@example.org" in mail.outbox[-1].body
    client.logout()
    assert login_form(client, "nouvelle@example.org", PASSWORD)["Location"] == "/accueil"


def test_a_wrong_code_changes_nothing_and_says_how_many_tries_are_left(client, requested):
    wrong = "222222" if last_code() != "222222" else "333333"
    html = client.post("/mon-compte/methodes-de-connexion/code", {"code": wrong}).content.decode()
    assert "Code incorrect. Il vous reste 4 essais." in html
    requested.refresh_from_db()
    assert requested.email == "camille.martin@example.org"


def test_the_code_is_locked_after_five_wrong_attempts_even_for_the_right_code(requested):
    code = last_code()
    wrong = "222222" if code != "222222" else "333333"
    for _ in range(5):
        with pytest.raises(EmailChangeError):
            email_change_confirm(user=requested, code=wrong)
    with pytest.raises(EmailChangeError, match="Trop de codes erronés"):
        email_change_confirm(user=requested, code=code)
    requested.refresh_from_db()
    assert requested.email == "camille.martin@example.org"


def test_the_code_expires_after_fifteen_minutes(requested):
    code = last_code()
    later = timezone.now() + EMAIL_CHANGE_CODE_VALIDITY + timedelta(seconds=1)
    with pytest.raises(EmailChangeError, match="Ce code a expiré"):
        email_change_confirm(user=requested, code=code, now=later)
    requested.refresh_from_db()
    assert requested.email == "camille.martin@example.org"


def test_the_code_still_works_at_fourteen_minutes(requested):
    code = last_code()
    email_change_confirm(user=requested, code=code, now=timezone.now() + timedelta(minutes=14))
    requested.refresh_from_db()
    assert requested.email == "nouvelle@example.org"


def test_a_code_typed_with_spaces_is_accepted(client, requested):
    code = last_code()
    client.post("/mon-compte/methodes-de-connexion/code", {"code": f"{code[:3]} {code[3:]}"})
    requested.refresh_from_db()
    assert requested.email == "nouvelle@example.org"


def test_a_malformed_code_does_not_use_an_attempt(client, requested):
    html = client.post("/mon-compte/methodes-de-connexion/code", {"code": "12345a"}).content.decode()
    assert "6 chiffres, de 2 à 9" in html
    assert EmailChangeRequest.objects.get().attempts == 0


def test_a_new_request_replaces_the_previous_code(client, requested, django_capture_on_commit_callbacks):
    first = last_code()
    with django_capture_on_commit_callbacks(execute=True):
        ask_code(client, new_email="autre@example.org")
    assert EmailChangeRequest.objects.count() == 1
    second = last_code()
    if first != second:
        with pytest.raises(EmailChangeError):
            email_change_confirm(user=requested, code=first)
    email_change_confirm(user=requested, code=second)
    requested.refresh_from_db()
    assert requested.email == "autre@example.org"


def test_the_current_password_is_required_and_a_wrong_one_counts(client, signed_in):
    html = ask_code(client, password="Mauvais1").content.decode()
    assert "Le mot de passe est incorrect." in html
    assert not EmailChangeRequest.objects.exists()
    assert not mail.outbox
    signed_in.refresh_from_db()
    assert signed_in.failure_count == 1


def test_an_address_used_by_another_account_is_refused(client, signed_in):
    from tests.factories import UserFactory

    UserFactory(email="Prise@example.org")
    html = ask_code(client, new_email="prise@EXAMPLE.org").content.decode()
    assert "déjà utilisée par un autre compte" in html
    assert not EmailChangeRequest.objects.exists()


def test_the_current_address_is_refused(client, signed_in):
    html = ask_code(client, new_email="CAMILLE.MARTIN@example.org").content.decode()
    assert "C&#x27;est déjà votre adresse e-mail." in html


def test_an_address_taken_between_the_code_and_its_confirmation_is_refused(requested):
    from tests.factories import UserFactory

    code = last_code()
    UserFactory(email="nouvelle@example.org")
    with pytest.raises(EmailChangeError, match="déjà utilisée"):
        email_change_confirm(user=requested, code=code)
    requested.refresh_from_db()
    assert requested.email == "camille.martin@example.org"


def test_the_code_page_without_a_pending_change_leads_back(client, signed_in):
    assert (
        client.get("/mon-compte/methodes-de-connexion/code")["Location"]
        == "/mon-compte/methodes-de-connexion"
    )


def test_a_student_without_email_adds_one_with_a_code(student, django_capture_on_commit_callbacks):
    from accounts.services import user_temporary_password_replace

    user_temporary_password_replace(user=student, new_password="Monsecret7", accept_cgu=True)
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=student, new_email="lea@example.org", password="Monsecret7")
    email_change_confirm(user=student, code=last_code())
    student.refresh_from_db()
    assert (student.username, student.email) == ("lea.ndiaye1204", "lea@example.org")
    assert EmailAddress.objects.get(user=student).verified


def test_codes_are_stored_only_as_digests(requested):
    assert last_code() not in EmailChangeRequest.objects.get().code_digest


# -- Deletion -------------------------------------------------------------------------------


def test_deleting_my_account_needs_my_password(client, signed_in):
    html = client.post("/mon-compte/suppression", {"password": "Mauvais1"}).content.decode()
    assert "Le mot de passe est incorrect." in html
    signed_in.refresh_from_db()
    assert signed_in.anonymised_at is None


def test_deleting_my_account_anonymises_it_and_signs_me_out(client, signed_in):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=signed_in)
    joined = signed_in.date_joined
    response = client.post("/mon-compte/suppression", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    signed_in.refresh_from_db()
    assert (
        (signed_in.first_name, signed_in.last_name)
        == (ANONYMISED_NAME, ANONYMISED_NAME)
        == ("(anonymisé)",) * 2
    )
    assert (signed_in.email, signed_in.username) == (None, None)
    assert signed_in.anonymised_at is not None
    assert not signed_in.is_active
    assert not signed_in.has_usable_password()
    assert signed_in.cgu_accepted_at is None
    assert (signed_in.date_joined.year, signed_in.date_joined.month, signed_in.date_joined.day) == (
        joined.year,
        joined.month,
        1,
    )
    assert not EmailAddress.objects.filter(user=signed_in).exists()
    assert not Token.objects.filter(user=signed_in).exists()
    assert "Votre compte a été supprimé." in client.get("/").content.decode()
    assert "est incorrect" in login_form(client, "camille.martin@example.org", PASSWORD).content.decode()


def test_two_anonymised_accounts_can_coexist(learner, student):
    user_anonymise(user=learner)
    user_anonymise(user=student)
    assert User.objects.filter(anonymised_at__isnull=False).count() == 2


def test_deletion_keeps_answers_and_knowledge_elements_attached_to_the_anonymous_account(
    small_release, learner
):
    from assessments import services as assessment_services
    from assessments.models import Answer, KnowledgeElement
    from tests.assessments.conftest import RIGHT

    assessment = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    for _ in range(3):
        challenge = assessment_services.assessment_next_challenge(assessment=assessment)
        assessment_services.answer_save(assessment=assessment, challenge_id=challenge.id, value=RIGHT)
    answers = Answer.objects.filter(assessment__user=learner).count()
    knowledge = KnowledgeElement.objects.filter(user=learner).count()
    assert answers == 3 and knowledge > 0
    user_anonymise(user=learner)
    assert Answer.objects.filter(assessment__user=learner).count() == answers
    assert KnowledgeElement.objects.filter(user=learner).count() == knowledge
