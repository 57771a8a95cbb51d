from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organizations.models import Invitation, Membership
from organizations.services import (
    InvitationError,
    InvitationNotFound,
    MembershipError,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_resend,
    membership_disable,
    membership_leave,
    membership_update_role,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.organizations.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def sent_long_ago(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(updated_at=timezone.now() - timedelta(minutes=5))


# -- Creating, re-sending, cancelling -------------------------------------------------------------


def test_an_invitation_gets_a_10_character_upper_case_code_and_an_email_with_a_single_use_link(school, admin):
    invitation = invitation_create(
        organization=school, email=" Nadia@Example.org ", role="MEMBER", invited_by=admin
    )
    assert invitation.email == "nadia@example.org"
    assert invitation.status == "pending"
    assert (
        len(invitation.code) == 10
        and invitation.code == invitation.code.upper()
        and invitation.code.isalnum()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert school.name in message.subject
    assert f"/orga/invitations/{invitation.pk}?code={invitation.code}" in message.body
    assert "usage unique" in message.body


def test_inviting_again_a_pending_address_resends_the_same_invitation(school):
    first = invitation_create(organization=school, email="nadia@example.org")
    sent_long_ago(first)
    second = invitation_create(organization=school, email="NADIA@example.org", role="ADMIN")
    assert second.pk == first.pk and second.code == first.code
    assert second.role == "ADMIN"
    assert second.updated_at > timezone.now() - timedelta(seconds=5)
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 2


def test_an_invalid_address_is_refused(school):
    with pytest.raises(InvitationError) as error:
        invitation_create(organization=school, email="nadia@")
    assert "nadia@" in error.value.detail
    assert Invitation.objects.count() == 0


def test_a_current_member_is_not_invited(school, admin):
    with pytest.raises(InvitationError) as error:
        invitation_create(organization=school, email=admin.email.upper())
    assert error.value.code == "already_member"


def test_when_the_email_cannot_be_sent_no_invitation_is_kept(school, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"nadia@example.org": (550, b"no such user")})

    monkeypatch.setattr("organizations.services.send_mail", refuse)
    with pytest.raises(InvitationError) as error:
        invitation_create(organization=school, email="nadia@example.org")
    assert error.value.code == "email_refused"
    assert Invitation.objects.count() == 0


def test_a_server_failure_is_told_apart_from_a_refused_address(school, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("organizations.services.send_mail", down)
    with pytest.raises(InvitationError) as error:
        invitation_create(organization=school, email="nadia@example.org")
    assert error.value.code == "email_failed"


def test_resend_bumps_the_sent_date_and_sends_again(school):
    invitation = invitation_create(organization=school, email="nadia@example.org")
    sent_long_ago(invitation)
    before = Invitation.objects.get().updated_at
    invitation_resend(invitation=invitation)
    assert Invitation.objects.get().updated_at > before
    assert len(mail.outbox) == 2


def test_resend_is_throttled_to_once_per_five_seconds(school):
    invitation = invitation_create(organization=school, email="nadia@example.org")
    with pytest.raises(InvitationError) as error:
        invitation_resend(invitation=invitation)
    assert error.value.code == "resend_too_soon"
    assert len(mail.outbox) == 1


def test_a_cancelled_invitation_can_be_neither_resent_nor_cancelled_again(school):
    invitation = invitation_cancel(invitation=InvitationFactory(organization=school))
    assert invitation.status == "cancelled"
    with pytest.raises(InvitationError):
        invitation_resend(invitation=invitation)
    with pytest.raises(InvitationError):
        invitation_cancel(invitation=invitation)


# -- Accepting ------------------------------------------------------------------------------------


def test_the_first_member_of_an_organization_becomes_admin(school, user):
    invitation = InvitationFactory(organization=school, role="")
    membership = invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user)
    assert membership.role == "ADMIN"
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.accepted_by == user


def test_later_members_without_a_role_become_members(school, admin, user):
    invitation = InvitationFactory(organization=school, role="")
    assert invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user).role == "MEMBER"


def test_a_removed_member_does_not_count_as_a_member(school, user):
    MembershipFactory(organization=school, role="ADMIN", disabled_at=timezone.now())
    invitation = InvitationFactory(organization=school, role="")
    assert invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user).role == "ADMIN"


def test_the_invitation_role_wins(school, user):
    invitation = InvitationFactory(organization=school, role="MEMBER")
    assert invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user).role == "MEMBER"
    other = InvitationFactory(organization=school, role="ADMIN")
    assert invitation_accept(invitation_id=other.pk, code=other.code, user=UserFactory()).role == "ADMIN"


def test_the_code_must_match(school, user):
    invitation = InvitationFactory(organization=school)
    with pytest.raises(InvitationNotFound):
        invitation_accept(invitation_id=invitation.pk, code="ZZZZZZZZZZ", user=user)
    with pytest.raises(InvitationNotFound):
        invitation_accept(invitation_id=invitation.pk + 1000, code=invitation.code, user=user)
    assert not Membership.objects.filter(user=user).exists()


def test_the_code_is_single_use(school, user):
    invitation = InvitationFactory(organization=school)
    invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user)
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=UserFactory())
    assert error.value.code == "already_accepted"
    assert Membership.objects.filter(organization=school).count() == 1


def test_a_cancelled_invitation_cannot_be_accepted(school, user):
    invitation = InvitationFactory(organization=school, status="cancelled")
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user)
    assert error.value.code == "cancelled"


def test_a_member_accepting_an_invitation_without_role_is_told_they_already_are_one(school, admin):
    invitation = InvitationFactory(organization=school, role="")
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=admin)
    assert error.value.code == "already_member"
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_a_member_accepting_an_invitation_with_a_role_gets_that_role(school, admin):
    member = MembershipFactory(organization=school, role="MEMBER")
    invitation = InvitationFactory(organization=school, role="ADMIN")
    assert (
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=member.user).role == "ADMIN"
    )
    assert Membership.objects.filter(organization=school, disabled_at__isnull=True).count() == 2


def test_the_signed_in_account_joins_even_if_the_invitation_went_to_another_address(school, user):
    invitation = InvitationFactory(organization=school, email="ancienne.adresse@example.org")
    membership = invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user)
    assert membership.user == user


def test_an_archived_organization_cannot_be_joined(user):
    invitation = InvitationFactory(organization=OrganizationFactory(archived_at=timezone.now()))
    with pytest.raises(InvitationError):
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=user)


# -- Roles, removal, leaving: an organization keeps an administrator ---------------------------------


def test_an_admin_changes_a_member_role(school, admin):
    member = MembershipFactory(organization=school)
    updated = membership_update_role(membership=member, role="ADMIN", by=admin)
    assert updated.role == "ADMIN" and updated.updated_by == admin


def test_the_last_admin_cannot_be_demoted(school, admin):
    membership = Membership.objects.get(user=admin)
    with pytest.raises(MembershipError) as error:
        membership_update_role(membership=membership, role="MEMBER", by=admin)
    assert error.value.code == "last_admin"
    MembershipFactory(organization=school, role="ADMIN")
    assert membership_update_role(membership=membership, role="MEMBER", by=admin).role == "MEMBER"


def test_an_unknown_role_is_refused(school, admin):
    with pytest.raises(MembershipError):
        membership_update_role(membership=MembershipFactory(organization=school), role="OWNER", by=admin)


def test_removing_a_member_keeps_the_row_with_its_date(school, admin):
    member = MembershipFactory(organization=school)
    membership_disable(membership=member, by=admin)
    member.refresh_from_db()
    assert member.disabled_at is not None and member.updated_by == admin


def test_the_last_admin_cannot_be_removed(school, admin):
    MembershipFactory(organization=school)
    with pytest.raises(MembershipError) as error:
        membership_disable(membership=Membership.objects.get(user=admin), by=admin)
    assert error.value.code == "last_admin"


def test_an_admin_among_several_can_be_removed(school, admin):
    other = MembershipFactory(organization=school, role="ADMIN")
    membership_disable(membership=other, by=admin)
    assert Membership.objects.get(pk=other.pk).disabled_at is not None


def test_a_member_leaves(school, admin):
    member = MembershipFactory(organization=school)
    membership_leave(membership=member)
    assert Membership.objects.get(pk=member.pk).disabled_at is not None


def test_the_last_admin_cannot_leave_colleagues_without_an_admin(school, admin):
    MembershipFactory(organization=school)
    with pytest.raises(MembershipError):
        membership_leave(membership=Membership.objects.get(user=admin))


def test_the_last_admin_alone_may_leave(school, admin):
    membership_leave(membership=Membership.objects.get(user=admin))
    assert not Membership.objects.filter(organization=school, disabled_at__isnull=True).exists()


def test_a_removed_member_can_be_invited_and_join_again(school, admin):
    member = MembershipFactory(organization=school)
    membership_disable(membership=member, by=admin)
    invitation = invitation_create(organization=school, email=member.user.email)
    assert (
        invitation_accept(invitation_id=invitation.pk, code=invitation.code, user=member.user).role
        == "MEMBER"
    )
