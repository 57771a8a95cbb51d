from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from organizations.selectors import (
    AccountState,
    account_states,
    divisions_of,
    learners_of,
    members_of,
    membership_of,
    organizations_of,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = pytest.mark.django_db


def test_learners_of_lists_the_current_students_of_the_organization_only(school):
    mine = OrganizationLearnerFactory(organization=school, last_name="ARNAUD")
    OrganizationLearnerFactory(organization=school, is_disabled=True)
    OrganizationLearnerFactory(organization=school, deleted_at=timezone.now())
    OrganizationLearnerFactory()  # another school
    assert list(learners_of(organization=school)) == [mine]


def test_learners_of_searches_names_and_filters_by_division_and_group(school):
    lea = OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="DURAND", division="3A")
    zoe = OrganizationLearnerFactory(
        organization=school, first_name="Zoé", last_name="PETIT", division="3B", group="G1"
    )
    assert list(learners_of(organization=school, search="dura")) == [lea]
    assert list(learners_of(organization=school, search="zoé petit")) == [zoe]
    assert list(learners_of(organization=school, search=lea.national_student_id.lower())) == [lea]
    assert list(learners_of(organization=school, division="3B")) == [zoe]
    assert list(learners_of(organization=school, group="G1")) == [zoe]


def test_the_account_state_says_how_a_student_signs_in(school):
    nobody = OrganizationLearnerFactory(organization=school)
    by_email = OrganizationLearnerFactory(organization=school, user=UserFactory())
    by_username = OrganizationLearnerFactory(
        organization=school, user=UserFactory(email=None, username="lea.d1403")
    )
    both = OrganizationLearnerFactory(organization=school, user=UserFactory(username="zoe.p0101"))
    states = {learner.pk: account_states(learner) for learner in learners_of(organization=school)}
    assert states[nobody.pk] == [AccountState.NONE]
    assert states[by_email.pk] == [AccountState.EMAIL]
    assert states[by_username.pk] == [AccountState.USERNAME]
    assert states[both.pk] == [AccountState.EMAIL, AccountState.USERNAME]


def test_no_participation_means_no_date(school):
    OrganizationLearnerFactory(organization=school)
    assert learners_of(organization=school).get().last_participation_at is None


def test_divisions_of_lists_the_classes_in_order(school):
    for division in ("3B", "3A", "3A", ""):
        OrganizationLearnerFactory(organization=school, division=division)
    OrganizationLearnerFactory(organization=school, division="6C", is_disabled=True)
    assert divisions_of(organization=school) == ["3A", "3B"]


def test_members_of_lists_active_members_admins_first(school):
    member = MembershipFactory(organization=school, user=UserFactory(last_name="Aubert"))
    admin = MembershipFactory(organization=school, role="ADMIN", user=UserFactory(last_name="Zola"))
    MembershipFactory(organization=school, disabled_at=timezone.now())
    assert list(members_of(organization=school)) == [admin, member]


def test_an_archived_organization_or_a_removed_membership_gives_no_access(school, user):
    membership = MembershipFactory(organization=school, user=user)
    assert membership_of(user=user, organization_id=school.pk) == membership
    membership.disabled_at = timezone.now()
    membership.save()
    assert membership_of(user=user, organization_id=school.pk) is None
    archived = OrganizationFactory(archived_at=timezone.now())
    MembershipFactory(organization=archived, user=user)
    assert membership_of(user=user, organization_id=archived.pk) is None
    assert list(organizations_of(user=user)) == []


def test_the_latest_participation_in_the_organization_campaigns_is_shown(school, admin):
    """The hook of learners_of: real participations of the campaigns app, never made up."""
    from django.apps import apps

    campaign_model = apps.get_model("campaigns", "Campaign")
    participation_model = apps.get_model("campaigns", "CampaignParticipation")
    student = UserFactory()
    learner = OrganizationLearnerFactory(organization=school, user=student)
    elsewhere = campaign_model.objects.create(
        organization=OrganizationFactory(),
        name="Ailleurs",
        code="ZZZZZZ999",
        type="ASSESSMENT",
        owner=admin,
        creator=admin,
    )
    here = campaign_model.objects.create(
        organization=school, name="Rentrée", code="ABCDEF234", type="ASSESSMENT", owner=admin, creator=admin
    )
    link = (
        {"organization_learner": learner}
        if "organization_learner" in {f.name for f in participation_model._meta.get_fields()}
        else {}
    )
    day = timezone.now().replace(microsecond=0)
    participation_model.objects.create(
        campaign=here, user=student, created_at=day - datetime.timedelta(days=3), **link
    )
    participation_model.objects.create(campaign=here, user=student, created_at=day, **link)
    participation_model.objects.create(
        campaign=here, user=student, created_at=day + datetime.timedelta(days=1), deleted_at=day, **link
    )
    participation_model.objects.create(
        campaign=elsewhere, user=student, created_at=day + datetime.timedelta(days=2)
    )
    assert learners_of(organization=school).get().last_participation_at == day
