from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organizations.models import Invitation, Membership
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def team_url(organization) -> str:
    return reverse("orga:team", kwargs={"org_id": organization.pk})


def test_the_team_page_lists_members_and_pending_invitations(admin_client, school, admin):
    MembershipFactory(organization=school, user=UserFactory(first_name="Paul", last_name="Morel"))
    InvitationFactory(organization=school, email="nadia@example.org")
    InvitationFactory(organization=school, email="partie@example.org", status="cancelled")
    html = admin_client.get(team_url(school)).content.decode()
    assert "MOREL Paul" in html and admin.email in html
    assert "nadia@example.org" in html and "partie@example.org" not in html
    assert "Inviter des collègues" in html


def test_a_member_sees_the_team_without_admin_controls(client, school, admin):
    member = MembershipFactory(organization=school)
    InvitationFactory(organization=school, email="nadia@example.org")
    client.force_login(member.user)
    html = client.get(team_url(school)).content.decode()
    assert admin.email in html
    assert "Inviter des collègues" not in html and "nadia@example.org" not in html
    assert "Retirer" not in html


def test_an_admin_invites_several_colleagues_at_once(admin_client, school):
    response = admin_client.post(
        reverse("orga:invite", kwargs={"org_id": school.pk}),
        {"emails": "nadia@example.org, paul@example.org", "role": "ADMIN"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == team_url(school)
    assert set(Invitation.objects.values_list("email", "role")) == {
        ("nadia@example.org", "ADMIN"),
        ("paul@example.org", "ADMIN"),
    }
    assert len(mail.outbox) == 2
    assert "Invitations envoyées à nadia@example.org, paul@example.org." in response.content.decode()


def test_an_invalid_address_is_shown_next_to_the_field_and_nothing_is_sent(admin_client, school):
    response = admin_client.post(
        reverse("orga:invite", kwargs={"org_id": school.pk}),
        {"emails": "nadia@, paul@example.org", "role": "MEMBER"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html and 'role="alert"' in html and "nadia@" in html
    assert Invitation.objects.count() == 0 and len(mail.outbox) == 0


def test_an_admin_resends_and_cancels_an_invitation(admin_client, school):
    invitation = InvitationFactory(organization=school, updated_at=timezone.now() - timedelta(minutes=1))
    kwargs = {"org_id": school.pk, "invitation_id": invitation.pk}
    admin_client.post(reverse("orga:invitation_resend", kwargs=kwargs))
    assert len(mail.outbox) == 1
    admin_client.post(reverse("orga:invitation_cancel", kwargs=kwargs))
    assert Invitation.objects.get().status == "cancelled"


def test_an_invitation_of_another_organization_cannot_be_touched(admin_client, school):
    foreign = InvitationFactory()
    kwargs = {"org_id": school.pk, "invitation_id": foreign.pk}
    assert admin_client.post(reverse("orga:invitation_cancel", kwargs=kwargs)).status_code == 404
    assert Invitation.objects.get().status == "pending"


def test_an_admin_changes_a_role_and_is_told_so(admin_client, school):
    member = MembershipFactory(organization=school, user=UserFactory(first_name="Paul", last_name="Morel"))
    response = admin_client.post(
        reverse("orga:member_role", kwargs={"org_id": school.pk, "membership_id": member.pk}),
        {"role": "ADMIN"},
        follow=True,
    )
    assert Membership.objects.get(pk=member.pk).role == "ADMIN"
    assert "Paul Morel est maintenant administrateur." in response.content.decode()


def test_the_last_admin_is_told_why_they_cannot_become_a_member(admin_client, school, admin):
    membership = Membership.objects.get(user=admin)
    response = admin_client.post(
        reverse("orga:member_role", kwargs={"org_id": school.pk, "membership_id": membership.pk}),
        {"role": "MEMBER"},
        follow=True,
    )
    assert "seul administrateur" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).role == "ADMIN"


def test_a_member_of_another_organization_cannot_be_removed_from_here(admin_client, school):
    foreign = MembershipFactory()
    url = reverse("orga:member_remove", kwargs={"org_id": school.pk, "membership_id": foreign.pk})
    assert admin_client.post(url).status_code == 404
    assert Membership.objects.get(pk=foreign.pk).disabled_at is None


def test_removing_a_member_asks_for_confirmation_then_removes(admin_client, school):
    member = MembershipFactory(organization=school, user=UserFactory(first_name="Paul", last_name="Morel"))
    url = reverse("orga:member_remove", kwargs={"org_id": school.pk, "membership_id": member.pk})
    assert "Retirer Paul Morel de l'équipe ?" in admin_client.get(url).content.decode()
    assert Membership.objects.get(pk=member.pk).disabled_at is None
    admin_client.post(url)
    assert Membership.objects.get(pk=member.pk).disabled_at is not None


def test_a_member_leaves_the_organization(client, school, admin):
    member = MembershipFactory(organization=school)
    client.force_login(member.user)
    response = client.post(reverse("orga:leave", kwargs={"org_id": school.pk}))
    assert response["Location"] == reverse("orga:index")
    assert Membership.objects.get(pk=member.pk).disabled_at is not None
    assert client.get(reverse("orga:home", kwargs={"org_id": school.pk})).status_code == 404


def test_the_last_admin_cannot_leave_their_colleagues(admin_client, school, admin):
    MembershipFactory(organization=school)
    response = admin_client.post(reverse("orga:leave", kwargs={"org_id": school.pk}), follow=True)
    assert "seul administrateur" in response.content.decode()
    assert Membership.objects.get(user=admin).disabled_at is None


# -- Accepting an invitation ----------------------------------------------------------------------


def invitation_url(invitation, code=None) -> str:
    return f"{reverse('orga:invitation', args=[invitation.pk])}?code={code or invitation.code}"


def test_an_anonymous_visitor_is_offered_to_log_in_or_sign_up_and_come_back(client, school):
    invitation = InvitationFactory(organization=school)
    response = client.get(invitation_url(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert school.name in html
    back = f"next=/orga/invitations/{invitation.pk}%3Fcode%3D{invitation.code}"
    assert f"/connexion?{back}" in html and f"/inscription?{back}" in html


def test_a_signed_in_person_accepts_and_lands_in_the_organization(client, school, user):
    invitation = InvitationFactory(organization=school)
    client.force_login(user)
    assert "Accepter l'invitation" in client.get(invitation_url(invitation)).content.decode()
    response = client.post(invitation_url(invitation))
    assert response["Location"] == reverse("orga:home", kwargs={"org_id": school.pk})
    assert Membership.objects.get(user=user, organization=school).role == "ADMIN"  # the first member
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_code_is_a_404(client, school, user):
    invitation = InvitationFactory(organization=school)
    client.force_login(user)
    assert client.get(invitation_url(invitation, code="MAUVAISCOD")).status_code == 404
    assert client.post(invitation_url(invitation, code="MAUVAISCOD")).status_code == 404
    assert client.get(reverse("orga:invitation", args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(user=user).exists()


def test_a_used_or_cancelled_invitation_explains_itself(client, school, user):
    accepted = InvitationFactory(organization=school, status="accepted")
    cancelled = InvitationFactory(organization=school, status="cancelled")
    response = client.get(invitation_url(accepted))
    assert response.status_code == 412 and "déjà été acceptée" in response.content.decode()
    response = client.get(invitation_url(cancelled))
    assert response.status_code == 403 and "annulée" in response.content.decode()


def test_posting_without_being_signed_in_goes_to_the_login_page(client, school):
    invitation = InvitationFactory(organization=school)
    response = client.post(invitation_url(invitation))
    assert response["Location"].startswith(reverse("account_login"))
    assert Invitation.objects.get().status == "pending"


def test_a_member_accepting_a_roleless_invitation_is_told_they_already_are_one(admin_client, school, admin):
    invitation = InvitationFactory(organization=school, role="")
    response = admin_client.post(invitation_url(invitation))
    assert response.status_code == 200
    assert "déjà membre" in response.content.decode()


@pytest.mark.parametrize("count", [2, 40])
def test_the_team_page_runs_a_fixed_number_of_queries(
    admin_client, school, count, django_assert_max_num_queries
):
    MembershipFactory.create_batch(count, organization=school)
    for i in range(count):
        InvitationFactory(organization=school, email=f"invite-{count}-{i}@example.org")
    with django_assert_max_num_queries(8):
        assert admin_client.get(team_url(school)).status_code == 200
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("orga:home", kwargs={"org_id": school.pk})).status_code == 200
