"""Login blocking (pix-orga-learner.md §3.2, spec README "Accounts and security"), on every way in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.services import (
    LoginBlocked,
    LoginTemporarilyBlocked,
    WrongPassword,
    login_block_duration,
    user_login_attempt,
    user_unblock,
)
from tests.accounts.conftest import PASSWORD, login_form

pytestmark = pytest.mark.django_db

WRONG = "Mauvais1"


def fail(user: User, times: int, *, now=None) -> None:
    for _ in range(times):
        with pytest.raises((WrongPassword, LoginTemporarilyBlocked, LoginBlocked)):
            user_login_attempt(user=user, password=WRONG, now=now)


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(1, None), (9, None), (10, 2), (11, None), (19, None), (20, 4), (30, 8), (40, 16)],
)
def test_every_tenth_failure_blocks_for_two_minutes_doubling(failures, minutes):
    expected = timedelta(minutes=minutes) if minutes else None
    assert login_block_duration(failures) == expected


def test_nine_failures_do_not_block(learner):
    fail(learner, 9)
    learner.refresh_from_db()
    assert learner.failure_count == 9
    assert learner.temporary_blocked_until is None
    user_login_attempt(user=learner, password=PASSWORD)


def test_the_tenth_failure_blocks_for_two_minutes_with_a_message_saying_so(learner):
    now = timezone.now()
    fail(learner, 9, now=now)
    with pytest.raises(LoginTemporarilyBlocked) as blocked:
        user_login_attempt(user=learner, password=WRONG, now=now)
    assert str(blocked.value.detail) == "Votre compte est temporairement bloqué. Réessayez dans 2 minutes."
    learner.refresh_from_db()
    assert learner.temporary_blocked_until == now + timedelta(minutes=2)


def test_a_blocked_user_cannot_sign_in_even_with_the_right_password(learner):
    now = timezone.now()
    fail(learner, 10, now=now)
    with pytest.raises(LoginTemporarilyBlocked):
        user_login_attempt(user=learner, password=PASSWORD, now=now + timedelta(seconds=119))


def test_attempts_made_while_blocked_do_not_count(learner):
    now = timezone.now()
    fail(learner, 10, now=now)
    fail(learner, 5, now=now + timedelta(minutes=1))
    learner.refresh_from_db()
    assert learner.failure_count == 10


def test_once_the_block_is_over_the_right_password_works_and_resets_the_count(learner):
    now = timezone.now()
    fail(learner, 10, now=now)
    user_login_attempt(user=learner, password=PASSWORD, now=now + timedelta(minutes=2, seconds=1))
    learner.refresh_from_db()
    assert (learner.failure_count, learner.temporary_blocked_until, learner.blocked_at) == (0, None, None)


def test_the_twentieth_failure_blocks_for_four_minutes(learner):
    now = timezone.now()
    fail(learner, 10, now=now)
    later = now + timedelta(minutes=3)
    fail(learner, 10, now=later)
    learner.refresh_from_db()
    assert learner.failure_count == 20
    assert learner.temporary_blocked_until == later + timedelta(minutes=4)
    with pytest.raises(LoginTemporarilyBlocked, match="Réessayez dans 4 minutes"):
        user_login_attempt(user=learner, password=PASSWORD, now=later)


def test_the_thirtieth_failure_blocks_for_good_until_an_administrator_unblocks(learner):
    now = timezone.now()
    fail(learner, 10, now=now)
    fail(learner, 10, now=now + timedelta(minutes=3))
    fail(learner, 9, now=now + timedelta(minutes=8))
    with pytest.raises(LoginBlocked) as blocked:
        user_login_attempt(user=learner, password=WRONG, now=now + timedelta(minutes=8))
    assert "Contactez un administrateur" in blocked.value.detail
    learner.refresh_from_db()
    assert learner.failure_count == 30
    assert learner.blocked_at is not None
    with pytest.raises(LoginBlocked):
        user_login_attempt(user=learner, password=PASSWORD, now=now + timedelta(days=365))
    user_unblock(user=learner)
    user_login_attempt(user=learner, password=PASSWORD, now=now + timedelta(days=365))
    learner.refresh_from_db()
    assert learner.failure_count == 0


def test_a_success_resets_the_failure_count(learner):
    fail(learner, 7)
    user_login_attempt(user=learner, password=PASSWORD)
    fail(learner, 9)
    learner.refresh_from_db()
    assert learner.failure_count == 9
    assert learner.temporary_blocked_until is None


def block_permanently(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failure_count=30, blocked_at=timezone.now())


def block_temporarily(user: User) -> None:
    User.objects.filter(pk=user.pk).update(
        failure_count=10, temporary_blocked_until=timezone.now() + timedelta(minutes=2)
    )


# -- Every way in ---------------------------------------------------------------------------


def test_the_login_page_says_the_account_is_blocked_at_the_tenth_failure(client, learner):
    for _ in range(9):
        response = login_form(client, learner.email, WRONG)
        assert "est incorrect" in response.content.decode()
    response = login_form(client, learner.email, WRONG)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre compte est temporairement bloqué. Réessayez dans 2 minutes." in html
    assert 'role="alert"' in html


@pytest.mark.parametrize("block", [block_temporarily, block_permanently])
def test_the_login_page_refuses_a_blocked_account_with_the_right_password(client, learner, block):
    block(learner)
    response = login_form(client, learner.email, PASSWORD)
    assert response.status_code == 200
    assert "bloqué" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_says_to_contact_an_administrator_when_blocked_for_good(client, learner):
    block_permanently(learner)
    html = login_form(client, learner.email, PASSWORD).content.decode()
    assert "Contactez un administrateur pour le débloquer." in html


def test_failures_through_the_login_page_count_by_username_too(client, student):
    for _ in range(10):
        login_form(client, student.username.upper(), WRONG)
    student.refresh_from_db()
    assert student.failure_count == 10
    assert student.temporary_blocked_until is not None


def test_a_success_on_the_login_page_resets_the_count(client, learner):
    for _ in range(4):
        login_form(client, learner.email, WRONG)
    response = login_form(client, learner.email, PASSWORD)
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.failure_count == 0


def test_the_api_token_endpoint_counts_failures_and_refuses_a_blocked_account(client, learner):
    for _ in range(9):
        response = client.post(
            "/api/token", {"login": learner.email, "password": WRONG}, content_type="application/json"
        )
        assert response.status_code == 400
    response = client.post(
        "/api/token", {"login": learner.email, "password": WRONG}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Votre compte est temporairement bloqué. Réessayez dans 2 minutes.",
        "code": "USER_IS_TEMPORARY_BLOCKED",
    }
    response = client.post(
        "/api/token", {"login": learner.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_api_token_endpoint_says_when_the_account_is_blocked_for_good(client, learner):
    block_permanently(learner)
    response = client.post(
        "/api/token", {"login": learner.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "USER_HAS_BEEN_BLOCKED"


@pytest.fixture
def staff(learner):
    learner.is_staff = learner.is_superuser = True
    learner.save()
    return learner


def test_the_admin_login_counts_failures_and_says_the_account_is_blocked(client, staff):
    for _ in range(10):
        response = client.post("/admin/login/", {"username": staff.email, "password": WRONG})
    assert "Votre compte est temporairement bloqué" in response.content.decode()
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_admin_login_works_again_once_unblocked(client, staff):
    block_permanently(staff)
    assert client.post("/admin/login/", {"username": staff.email, "password": PASSWORD}).status_code == 200
    user_unblock(user=staff)
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302


def test_django_authenticate_refuses_a_blocked_account_even_without_a_request(learner):
    block_temporarily(learner)
    assert authenticate(username=learner.email, password=PASSWORD) is None


def test_an_unknown_login_counts_nothing_and_says_only_incorrect(client, learner):
    html = login_form(client, "personne@example.org", WRONG).content.decode()
    assert "L&#x27;adresse e-mail, l&#x27;identifiant ou le mot de passe est incorrect." in html


# -- Administration -------------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_an_administrator_unblocks_accounts_with_an_action(admin_client, learner, student):
    block_permanently(learner)
    block_temporarily(student)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "unblock", "_selected_action": [learner.pk, student.pk]},
        follow=True,
    )
    assert "2 comptes débloqués." in response.content.decode()
    for user in (learner, student):
        user.refresh_from_db()
        assert (user.failure_count, user.temporary_blocked_until, user.blocked_at) == (0, None, None)


def test_a_blocked_account_has_an_unblock_button_in_the_admin(admin_client, learner):
    block_permanently(learner)
    page = admin_client.get(f"/admin/accounts/user/{learner.pk}/change/").content.decode()
    assert f'action="/admin/accounts/user/{learner.pk}/debloquer/"' in page
    assert admin_client.get(f"/admin/accounts/user/{learner.pk}/debloquer/").status_code == 405
    response = admin_client.post(f"/admin/accounts/user/{learner.pk}/debloquer/", follow=True)
    assert "est débloqué" in response.content.decode()
    learner.refresh_from_db()
    assert learner.blocked_at is None
    page = admin_client.get(f"/admin/accounts/user/{learner.pk}/change/").content.decode()
    assert "/debloquer/" not in page


def test_only_staff_can_unblock(client, learner):
    from tests.factories import UserFactory

    block_permanently(learner)
    client.force_login(UserFactory())
    client.post(f"/admin/accounts/user/{learner.pk}/debloquer/")
    learner.refresh_from_db()
    assert learner.blocked_at is not None


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("definitif", {"bloque"}), ("temporaire", {"temporaire"}), ("non", {"libre"})],
)
def test_the_admin_lists_blocked_users_with_a_filter(admin_client, choice, expected):
    from tests.factories import UserFactory

    people = {
        "bloque": UserFactory(email="bloque@example.org"),
        "temporaire": UserFactory(email="temporaire@example.org"),
        "libre": UserFactory(email="libre@example.org"),
        "ancien": UserFactory(email="ancien@example.org"),
    }
    block_permanently(people["bloque"])
    block_temporarily(people["temporaire"])
    User.objects.filter(pk=people["ancien"].pk).update(
        temporary_blocked_until=timezone.now() - timedelta(minutes=1)
    )
    html = admin_client.get(f"/admin/accounts/user/?blocage={choice}").content.decode()
    shown = {name for name in people if f"{name}@example.org" in html}
    if choice == "non":
        expected = {"libre", "ancien"}
    assert shown == expected
