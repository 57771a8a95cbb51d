"""The centre's team page and invitation acceptance in Pix Certif (pix-certif.md §1.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certification.models import CenterInvitation, CenterMembership
from certification.services import center_invitation_create
from tests.factories import CenterMembershipFactory, CertificationCenterFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_membership(center) -> CenterMembership:
    return CenterMembershipFactory(center=center, role="ADMIN", terms_accepted_at=timezone.now())


@pytest.fixture
def admin_client(client, admin_membership):
    client.force_login(admin_membership.user)
    return client


def team_url(center) -> str:
    return reverse("certif:team", args=[center.pk])


def invitation_url(invitation: CenterInvitation) -> str:
    return f"{reverse('certif:invitation', args=[invitation.pk])}?code={invitation.code}"


def sent_long_ago(invitation: CenterInvitation) -> None:
    CenterInvitation.objects.filter(pk=invitation.pk).update(updated_at=timezone.now() - timedelta(minutes=5))


# -- Access ---------------------------------------------------------------------------------------


def test_the_team_page_lists_members_and_pending_invitations_for_an_admin(admin_client, center, membership):
    center_invitation_create(center=center, email="nadia@example.org")
    response = admin_client.get(team_url(center))
    assert response.status_code == 200
    body = response.content.decode()
    assert membership.user.email in body and "nadia@example.org" in body
    assert "Inviter des collègues" in body
    assert f'href="{team_url(center)}" aria-current="page"' in body


def test_a_member_sees_the_team_but_neither_the_invitations_nor_the_invite_form(member_client, center):
    center_invitation_create(center=center, email="nadia@example.org")
    response = member_client.get(team_url(center))
    assert response.status_code == 200
    body = response.content.decode()
    assert "nadia@example.org" not in body and "Inviter des collègues" not in body


def test_anonymous_people_sign_in_first(client, center):
    response = client.get(team_url(center))
    assert response.status_code == 302 and "/connexion" in response["Location"]


def test_members_of_another_centre_get_404_everywhere_on_the_team(
    client, center, admin_membership, membership
):
    other_admin = CenterMembershipFactory(
        center=CertificationCenterFactory(), role="ADMIN", terms_accepted_at=timezone.now()
    ).user
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    client.force_login(other_admin)
    urls = [
        ("get", team_url(center)),
        ("post", reverse("certif:team_invite", args=[center.pk])),
        ("post", reverse("certif:team_invitation_resend", args=[center.pk, invitation.pk])),
        ("post", reverse("certif:team_invitation_cancel", args=[center.pk, invitation.pk])),
        ("post", reverse("certif:team_member_role", args=[center.pk, membership.pk])),
        ("get", reverse("certif:team_member_remove", args=[center.pk, membership.pk])),
        ("post", reverse("certif:team_member_remove", args=[center.pk, membership.pk])),
        ("get", reverse("certif:team_leave", args=[center.pk])),
    ]
    for method, url in urls:
        assert (
            getattr(client, method)(url, {"emails": "x@example.org", "role": "ADMIN"}).status_code == 404
        ), url
    invitation.refresh_from_db()
    membership.refresh_from_db()
    assert invitation.status == "pending" and membership.role == "MEMBER" and membership.disabled_at is None


def test_an_admin_cannot_reach_another_centres_invitation_or_member_through_their_own_centre(
    admin_client, center
):
    other = CertificationCenterFactory()
    invitation = center_invitation_create(center=other, email="nadia@example.org")
    stranger = CenterMembershipFactory(center=other)
    assert (
        admin_client.post(
            reverse("certif:team_invitation_cancel", args=[center.pk, invitation.pk])
        ).status_code
        == 404
    )
    assert (
        admin_client.post(
            reverse("certif:team_member_role", args=[center.pk, stranger.pk]), {"role": "ADMIN"}
        ).status_code
        == 404
    )


def test_a_member_cannot_invite_resend_cancel_change_roles_or_remove(member_client, center, admin_membership):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    sent_long_ago(invitation)
    urls = [
        reverse("certif:team_invite", args=[center.pk]),
        reverse("certif:team_invitation_resend", args=[center.pk, invitation.pk]),
        reverse("certif:team_invitation_cancel", args=[center.pk, invitation.pk]),
        reverse("certif:team_member_role", args=[center.pk, admin_membership.pk]),
        reverse("certif:team_member_remove", args=[center.pk, admin_membership.pk]),
    ]
    for url in urls:
        assert member_client.post(url, {"emails": "x@example.org", "role": "MEMBER"}).status_code == 403, url
    assert CenterInvitation.objects.count() == 1 and len(mail.outbox) == 1
    admin_membership.refresh_from_db()
    assert admin_membership.role == "ADMIN" and admin_membership.disabled_at is None


# -- Admin actions --------------------------------------------------------------------------------


def test_an_admin_invites_several_addresses_at_once(admin_client, center):
    response = admin_client.post(
        reverse("certif:team_invite", args=[center.pk]),
        {"emails": "a@example.org, b@example.org", "role": "ADMIN"},
    )
    assert response.status_code == 302
    assert sorted(CenterInvitation.objects.values_list("email", "role")) == [
        ("a@example.org", "ADMIN"),
        ("b@example.org", "ADMIN"),
    ]
    assert len(mail.outbox) == 2
    assert "Invitations envoyées" in admin_client.get(team_url(center)).content.decode()


def test_an_invalid_invite_form_shows_an_announced_error_and_sends_nothing(admin_client, center):
    response = admin_client.post(
        reverse("certif:team_invite", args=[center.pk]), {"emails": "", "role": "MEMBER"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and 'role="alert"' in body
    assert CenterInvitation.objects.count() == 0 and mail.outbox == []


def test_an_admin_resends_and_cancels_an_invitation(admin_client, center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    sent_long_ago(invitation)
    admin_client.post(reverse("certif:team_invitation_resend", args=[center.pk, invitation.pk]))
    assert len(mail.outbox) == 2
    response = admin_client.post(
        reverse("certif:team_invitation_cancel", args=[center.pk, invitation.pk]), follow=True
    )
    assert "est annulée" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    assert "nadia@example.org" not in admin_client.get(team_url(center)).content.decode()


def test_an_admin_changes_a_role_and_removes_a_member(admin_client, center, membership):
    admin_client.post(reverse("certif:team_member_role", args=[center.pk, membership.pk]), {"role": "ADMIN"})
    membership.refresh_from_db()
    assert membership.role == "ADMIN"
    confirm = admin_client.get(reverse("certif:team_member_remove", args=[center.pk, membership.pk]))
    assert confirm.status_code == 200 and "Retirer" in confirm.content.decode()
    admin_client.post(reverse("certif:team_member_remove", args=[center.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.disabled_at is not None


def test_the_last_admin_is_protected_with_a_french_message(
    admin_client, center, admin_membership, membership
):
    response = admin_client.post(
        reverse("certif:team_member_role", args=[center.pk, admin_membership.pk]),
        {"role": "MEMBER"},
        follow=True,
    )
    assert "seul administrateur du centre" in response.content.decode()
    response = admin_client.post(reverse("certif:team_leave", args=[center.pk]), follow=True)
    assert "seul administrateur" in response.content.decode()
    admin_membership.refresh_from_db()
    assert admin_membership.role == "ADMIN" and admin_membership.disabled_at is None


def test_a_member_leaves_the_centre_and_loses_access(member_client, center, membership, admin_membership):
    assert member_client.get(reverse("certif:team_leave", args=[center.pk])).status_code == 200
    response = member_client.post(reverse("certif:team_leave", args=[center.pk]))
    assert response.status_code == 302
    assert member_client.get(team_url(center)).status_code == 404


def test_the_team_page_makes_the_same_number_of_queries_for_2_or_40_members(
    admin_client, center, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(team_url(center)).status_code == 200
        return len(context.captured_queries)

    CenterMembershipFactory(center=center)
    center_invitation_create(center=center, email="a@example.org")
    count()  # the first visit also remembers the centre in the session
    small = count()
    CenterMembershipFactory.create_batch(40, center=center)
    for n in range(20):
        center_invitation_create(center=center, email=f"p{n}@example.org")
    assert count() == small
    with django_assert_max_num_queries(10):
        admin_client.get(team_url(center))


# -- Accepting an invitation ----------------------------------------------------------------------


def test_anonymous_people_see_the_invitation_and_are_asked_to_sign_in_or_up(client, center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    response = client.get(invitation_url(invitation))
    assert response.status_code == 200
    body = response.content.decode()
    assert center.name in body and "Se connecter" in body and "Créer un compte" in body
    response = client.post(invitation_url(invitation), {"code": invitation.code})
    assert response.status_code == 302 and "/connexion" in response["Location"]
    assert not CenterMembership.objects.filter(center=center).exists()


def test_a_signed_in_person_accepts_and_lands_on_the_centre_as_first_admin(client, center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    user = UserFactory()
    client.force_login(user)
    response = client.post(invitation_url(invitation), {"code": invitation.code})
    assert response.status_code == 302 and response["Location"] == reverse(
        "certif:sessions", args=[center.pk]
    )
    assert CenterMembership.objects.get(center=center, user=user).role == "ADMIN"
    again = client.post(invitation_url(invitation), {"code": invitation.code})
    assert again.status_code == 412
    assert "déjà été acceptée" in again.content.decode()


def test_a_cancelled_invitation_answers_403_and_a_wrong_code_404(client, center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    wrong = f"{reverse('certif:invitation', args=[invitation.pk])}?code=NOPE000000"
    assert client.get(wrong).status_code == 404
    invitation.status = "cancelled"
    invitation.save()
    response = client.get(invitation_url(invitation))
    assert response.status_code == 403 and "annulée" in response.content.decode()


def test_a_member_accepting_a_roleless_invitation_is_told_so(client, center, membership):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    client.force_login(membership.user)
    response = client.post(invitation_url(invitation), {"code": invitation.code})
    assert response.status_code == 200 and "déjà membre" in response.content.decode()
