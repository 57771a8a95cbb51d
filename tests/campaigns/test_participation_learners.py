"""Participations and the organization's learners (pix-orga-learner.md §1.6 "restricted campaigns", §1.7
refusals 3 and 11), and the retry/reset rules the learner's pages show."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment
from campaigns import services
from campaigns.models import CampaignParticipation
from organizations.models import OrganizationLearner
from organizations.services import learner_reconcile
from tests.assessments.conftest import RIGHT, WRONG
from tests.factories import OrganizationFactory, UserFactory
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = pytest.mark.django_db

BIRTHDATE = datetime.date(2011, 3, 14)


def play(assessment, *, knows_up_to: int) -> None:
    while (challenge := assessment_services.assessment_next_challenge(assessment=assessment)) is not None:
        value = RIGHT if challenge.skill.level <= knows_up_to else WRONG
        assessment_services.answer_save(assessment=assessment, challenge_id=challenge.id, value=value)


@pytest.fixture
def school(db):
    return OrganizationFactory(type="SCO", is_managing_students=True, name="Collège Jean-Moulin")


@pytest.fixture
def restricted(school, target_profile):
    from tests.factories import MembershipFactory

    creator = MembershipFactory(organization=school, role="ADMIN").user
    return services.campaign_create(
        organization=school, creator=creator, name="3e B", type="ASSESSMENT", target_profile=target_profile
    )


@pytest.fixture
def student(school):
    return OrganizationLearnerFactory(
        organization=school, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE
    )


def reconcile(school, user) -> OrganizationLearner:
    return learner_reconcile(
        organization=school, user=user, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE
    )


def test_an_open_campaign_creates_a_learner_record_from_the_account_names(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    record = started.participation.organization_learner
    assert record.organization_id == campaign.organization_id and record.user_id == learner.pk
    assert (record.first_name, record.last_name, record.birthdate) == (
        learner.first_name,
        learner.last_name,
        None,
    )


def test_another_campaign_of_the_same_organization_reuses_the_learner_record(
    campaign, learner, organization, teacher, target_profile
):
    first = services.participation_start(campaign=campaign, user=learner)
    other = services.campaign_create(
        organization=organization,
        creator=teacher,
        name="Autre",
        type="ASSESSMENT",
        target_profile=target_profile,
    )
    second = services.participation_start(campaign=other, user=learner)
    assert second.participation.organization_learner_id == first.participation.organization_learner_id
    assert OrganizationLearner.objects.filter(user=learner).count() == 1


def test_a_campaign_is_restricted_when_its_organization_manages_its_students(restricted, campaign):
    assert restricted.is_restricted and not campaign.is_restricted


def test_a_restricted_campaign_refuses_an_account_that_is_not_one_of_its_students(
    restricted, learner, student
):
    with pytest.raises(services.CampaignError) as refusal:
        services.participation_start(campaign=restricted, user=learner)
    assert refusal.value.code == "not_reconciled"
    assert "Collège Jean-Moulin" in refusal.value.detail
    assert not CampaignParticipation.objects.exists()
    assert not Assessment.objects.exists()
    assert OrganizationLearner.objects.count() == 1  # no record made up from the account's names


def test_a_restricted_campaign_ties_the_participation_to_the_reconciled_student(restricted, learner, student):
    reconcile(restricted.organization, learner)
    started = services.participation_start(campaign=restricted, user=learner)
    assert started.participation.organization_learner_id == student.pk


def test_a_student_the_school_disabled_cannot_join(restricted, learner, student):
    reconcile(restricted.organization, learner)
    OrganizationLearner.objects.filter(pk=student.pk).update(is_disabled=True)
    with pytest.raises(services.CampaignError) as refusal:
        services.participation_start(campaign=restricted, user=learner)
    assert refusal.value.code == "learner_disabled"
    assert not CampaignParticipation.objects.exists()


def test_a_disabled_learner_record_of_an_open_campaign_comes_back_when_joining(campaign, learner):
    record = OrganizationLearner.objects.create(
        organization=campaign.organization, user=learner, first_name="C", last_name="D", is_disabled=True
    )
    started = services.participation_start(campaign=campaign, user=learner)
    record.refresh_from_db()
    assert started.participation.organization_learner_id == record.pk and not record.is_disabled


def test_a_student_who_took_part_with_another_account_is_refused(restricted, student):
    first_account, second_account = UserFactory(), UserFactory()
    reconcile(restricted.organization, first_account)
    services.participation_start(campaign=restricted, user=first_account)
    # The school unlinks the first account; the student reconciles again with a second one.
    OrganizationLearner.objects.filter(pk=student.pk).update(user=None)
    reconcile(restricted.organization, second_account)
    with pytest.raises(services.CampaignError) as refusal:
        services.participation_start(campaign=restricted, user=second_account)
    assert refusal.value.code == "learner_already_participated"
    assert "Léa Martin" in refusal.value.detail
    assert CampaignParticipation.objects.filter(user=second_account).count() == 0
    assert Assessment.objects.filter(user=second_account).count() == 0


def test_a_deleted_participation_of_another_account_does_not_block_the_student(restricted, student, teacher):
    first_account, second_account = UserFactory(), UserFactory()
    reconcile(restricted.organization, first_account)
    services.participation_start(campaign=restricted, user=first_account)
    CampaignParticipation.objects.update(deleted_at=timezone.now())
    OrganizationLearner.objects.filter(pk=student.pk).update(user=None)
    reconcile(restricted.organization, second_account)
    started = services.participation_start(campaign=restricted, user=second_account)
    assert started.participation.organization_learner_id == student.pk


def test_the_check_raises_the_same_refusal_and_writes_nothing(restricted, campaign, learner, student):
    with pytest.raises(services.CampaignError) as refusal:
        services.participation_start_check(campaign=restricted, user=learner)
    assert refusal.value.code == "not_reconciled"
    services.participation_start_check(campaign=campaign, user=learner)  # nothing to refuse
    assert not CampaignParticipation.objects.exists()
    assert OrganizationLearner.objects.count() == 1


def test_a_retry_is_offered_once_the_results_are_sent_while_something_is_left_to_gain(campaign, learner):
    campaign.multiple_sendings = True
    campaign.save()
    started = services.participation_start(campaign=campaign, user=learner)
    play(started.assessment, knows_up_to=1)
    assert not services.can_retry(participation=started.participation)  # not sent yet
    shared = services.participation_share(participation=started.participation)
    assert services.can_retry(participation=shared)
    services.campaign_archive(campaign=campaign, by=campaign.owner)
    shared.campaign.refresh_from_db()
    assert not services.can_retry(participation=shared)


def test_no_retry_without_multiple_sendings_nor_when_everything_is_mastered(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    play(started.assessment, knows_up_to=1)
    shared = services.participation_share(participation=started.participation)
    assert not services.can_retry(participation=shared)
    campaign.multiple_sendings = True
    shared.validated_skills_count = 5  # every skill of the campaign
    assert not services.can_retry(participation=shared)


def test_no_retry_nor_reset_for_a_student_the_school_disabled(restricted, learner, student, target_profile):
    restricted.multiple_sendings = True
    restricted.save()
    target_profile.are_knowledge_elements_resettable = True
    target_profile.save()
    reconcile(restricted.organization, learner)
    started = services.participation_start(campaign=restricted, user=learner)
    play(started.assessment, knows_up_to=1)
    shared = services.participation_share(
        participation=started.participation, now=timezone.now() - timedelta(days=5)
    )
    assert services.can_retry(participation=shared) and services.can_reset(participation=shared)
    OrganizationLearner.objects.filter(pk=student.pk).update(is_disabled=True)
    shared = CampaignParticipation.objects.select_related("organization_learner").get(pk=shared.pk)
    assert not services.can_retry(participation=shared)
    assert not services.can_reset(participation=shared)
