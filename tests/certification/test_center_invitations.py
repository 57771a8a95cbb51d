"""Invitations and members of a certification centre (pix-certif.md §1.2, rules of pix-orga-learner.md §1.3)."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certification.models import CenterInvitation, CenterMembership
from certification.services import (
    CenterInvitationError,
    CenterInvitationNotFound,
    CenterMembershipError,
    center_invitation_accept,
    center_invitation_cancel,
    center_invitation_create,
    center_invitation_resend,
    center_membership_disable,
    center_membership_leave,
    center_membership_update_role,
)
from organizations.models import Invitation, Membership
from tests.factories import (
    CenterMembershipFactory,
    CertificationCenterFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return CertificationCenterFactory(name="Centre Jules Ferry")


@pytest.fixture
def admin(center):
    return CenterMembershipFactory(center=center, role="ADMIN").user


def sent_long_ago(invitation: CenterInvitation) -> None:
    CenterInvitation.objects.filter(pk=invitation.pk).update(updated_at=timezone.now() - timedelta(minutes=5))


def active(center) -> list[CenterMembership]:
    return list(CenterMembership.objects.filter(center=center, disabled_at__isnull=True))


# -- Creating, re-sending, cancelling -------------------------------------------------------------


def test_an_invitation_gets_a_10_character_code_and_a_french_email_with_a_single_use_link(center, admin):
    invitation = center_invitation_create(
        center=center, email=" Nadia@Example.org ", role="MEMBER", invited_by=admin
    )
    assert invitation.email == "nadia@example.org" and invitation.status == "pending"
    assert (
        len(invitation.code) == 10
        and invitation.code == invitation.code.upper()
        and invitation.code.isalnum()
    )
    assert invitation.created_by == admin
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert message.subject == "Invitation à rejoindre Centre Jules Ferry sur Pix Certif"
    assert f"/certif/invitations/{invitation.pk}?code={invitation.code}" in message.body
    assert "usage unique" in message.body


def test_inviting_again_a_pending_address_resends_the_same_invitation(center):
    first = center_invitation_create(center=center, email="nadia@example.org")
    sent_long_ago(first)
    second = center_invitation_create(center=center, email="NADIA@example.org", role="ADMIN")
    assert (second.pk, second.code, second.role) == (first.pk, first.code, "ADMIN")
    assert second.updated_at > timezone.now() - timedelta(seconds=5)
    assert CenterInvitation.objects.count() == 1 and len(mail.outbox) == 2


def test_a_centre_invitation_does_not_touch_pix_orga_invitations(center):
    center_invitation_create(center=center, email="nadia@example.org")
    assert Invitation.objects.count() == 0


def test_an_invalid_address_or_role_is_refused_and_nothing_is_kept(center):
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_create(center=center, email="nadia@")
    assert error.value.code == "email_invalid" and "nadia@" in error.value.detail
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_create(center=center, email="nadia@example.org", role="OWNER")
    assert error.value.code == "role_invalid"
    assert CenterInvitation.objects.count() == 0 and mail.outbox == []


def test_a_current_member_of_the_centre_is_not_invited(center, admin):
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_create(center=center, email=admin.email.upper())
    assert error.value.code == "already_member"


def test_a_member_of_another_centre_can_be_invited(center):
    other = CenterMembershipFactory(center=CertificationCenterFactory()).user
    invitation = center_invitation_create(center=center, email=other.email)
    assert invitation.status == "pending"


def test_when_the_email_is_refused_no_invitation_is_kept(center, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"nadia@example.org": (550, b"no")})

    monkeypatch.setattr("certification.services.send_mail", refuse)
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_create(center=center, email="nadia@example.org")
    assert error.value.code == "email_refused"
    assert CenterInvitation.objects.count() == 0


def test_a_resend_bumps_the_sending_date_but_not_within_5_seconds(center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_resend(invitation=invitation)
    assert error.value.code == "resend_too_soon"
    sent_long_ago(invitation)
    resent = center_invitation_resend(invitation=invitation)
    assert resent.updated_at > timezone.now() - timedelta(seconds=5)
    assert len(mail.outbox) == 2 and resent.code in mail.outbox[1].body


def test_a_cancelled_invitation_cannot_be_resent_cancelled_again_or_accepted(center):
    invitation = center_invitation_create(center=center, email="nadia@example.org")
    center_invitation_cancel(invitation=invitation)
    sent_long_ago(invitation)
    with pytest.raises(CenterInvitationError, match="plus en attente"):
        center_invitation_resend(invitation=invitation)
    with pytest.raises(CenterInvitationError, match="plus en attente"):
        center_invitation_cancel(invitation=invitation)
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=UserFactory())
    assert error.value.code == "cancelled" and "administrateur du centre" in error.value.detail
    assert active(center) == []


# -- Accepting ------------------------------------------------------------------------------------


def test_the_first_member_of_a_centre_becomes_admin_and_the_next_ones_members(center):
    first = center_invitation_create(center=center, email="a@example.org")
    second = center_invitation_create(center=center, email="b@example.org")
    m1 = center_invitation_accept(invitation_id=first.pk, code=first.code, user=UserFactory())
    m2 = center_invitation_accept(invitation_id=second.pk, code=second.code, user=UserFactory())
    assert (m1.role, m2.role) == ("ADMIN", "MEMBER")


def test_the_role_of_the_invitation_wins(center, admin):
    invitation = center_invitation_create(center=center, email="b@example.org", role="ADMIN")
    membership = center_invitation_accept(
        invitation_id=invitation.pk, code=invitation.code, user=UserFactory()
    )
    assert membership.role == "ADMIN" and membership.center == center


def test_the_code_is_single_use(center):
    invitation = center_invitation_create(center=center, email="a@example.org")
    center_invitation_accept(invitation_id=invitation.pk, code=invitation.code.lower(), user=UserFactory())
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.accepted_by is not None
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=UserFactory())
    assert error.value.code == "already_accepted"
    assert len(active(center)) == 1


def test_a_wrong_code_or_unknown_invitation_is_not_found(center):
    invitation = center_invitation_create(center=center, email="a@example.org")
    for invitation_id, code in (
        (invitation.pk, "WRONGCODE0"),
        (invitation.pk, ""),
        (invitation.pk + 99, invitation.code),
    ):
        with pytest.raises(CenterInvitationNotFound):
            center_invitation_accept(invitation_id=invitation_id, code=code, user=UserFactory())
    assert active(center) == []


def test_a_member_accepting_an_invitation_without_role_is_told_they_are_already_a_member(center, admin):
    member = CenterMembershipFactory(center=center, role="MEMBER").user
    invitation = center_invitation_create(center=center, email="other@example.org")
    with pytest.raises(CenterInvitationError) as error:
        center_invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=member)
    assert error.value.code == "already_member"
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_a_member_accepting_an_invitation_with_a_role_gets_that_role(center, admin):
    membership = CenterMembershipFactory(center=center, role="MEMBER")
    invitation = center_invitation_create(center=center, email="other@example.org", role="ADMIN")
    accepted = center_invitation_accept(
        invitation_id=invitation.pk, code=invitation.code, user=membership.user
    )
    assert accepted.pk == membership.pk and accepted.role == "ADMIN"
    assert len(active(center)) == 2


def test_the_last_admin_accepting_a_member_invitation_keeps_the_admin_role(center, admin):
    invitation = center_invitation_create(center=center, email="other@example.org", role="MEMBER")
    with pytest.raises(CenterMembershipError) as error:
        center_invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=admin)
    assert error.value.code == "last_admin"
    assert CenterMembership.objects.get(user=admin).role == "ADMIN"


# -- Members --------------------------------------------------------------------------------------


def test_an_admin_changes_a_role_but_the_last_admin_stays_admin(center, admin):
    member = CenterMembershipFactory(center=center, role="MEMBER")
    assert center_membership_update_role(membership=member, role="ADMIN", by=admin).role == "ADMIN"
    own = CenterMembership.objects.get(user=admin)
    assert center_membership_update_role(membership=own, role="MEMBER", by=admin).role == "MEMBER"
    with pytest.raises(CenterMembershipError) as error:
        center_membership_update_role(membership=member, role="MEMBER", by=admin)
    assert error.value.code == "last_admin"
    with pytest.raises(CenterMembershipError) as error:
        center_membership_update_role(membership=member, role="BOSS", by=admin)
    assert error.value.code == "role_invalid"


def test_removing_a_member_keeps_the_row_with_its_date(center, admin):
    member = CenterMembershipFactory(center=center, role="MEMBER")
    center_membership_disable(membership=member, by=admin)
    member.refresh_from_db()
    assert member.disabled_at is not None
    with pytest.raises(CenterMembershipError) as error:
        center_membership_disable(membership=member, by=admin)
    assert error.value.code == "not_member"


def test_the_last_admin_cannot_be_removed(center, admin):
    CenterMembershipFactory(center=center, role="MEMBER")
    own = CenterMembership.objects.get(user=admin)
    with pytest.raises(CenterMembershipError) as error:
        center_membership_disable(membership=own, by=admin)
    assert error.value.code == "last_admin"
    own.refresh_from_db()
    assert own.disabled_at is None


def test_a_removed_member_can_be_invited_and_join_again(center, admin):
    member = CenterMembershipFactory(center=center, role="MEMBER")
    center_membership_disable(membership=member, by=admin)
    invitation = center_invitation_create(center=center, email=member.user.email)
    again = center_invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=member.user)
    assert again.pk != member.pk and again.role == "MEMBER"


def test_the_last_admin_leaves_only_when_alone(center, admin):
    other = CenterMembershipFactory(center=center, role="MEMBER")
    own = CenterMembership.objects.get(user=admin)
    with pytest.raises(CenterMembershipError) as error:
        center_membership_leave(membership=own)
    assert error.value.code == "last_admin"
    center_membership_leave(membership=other)
    center_membership_leave(membership=own)
    assert active(center) == []


def test_the_orga_rules_are_the_same_functions_for_both_portals():
    """Reuse, not copy: Orga's services call the shared module too."""
    from organizations import invitations, services

    organization = OrganizationFactory()
    invitation = services.invitation_create(organization=organization, email="x@example.org")
    membership = services.invitation_accept(
        invitation_id=invitation.pk, code=invitation.code, user=UserFactory()
    )
    assert membership.role == Membership.Role.ADMIN
    assert services.invitation_code_generate is invitations.code_generate
