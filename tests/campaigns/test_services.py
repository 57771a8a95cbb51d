from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment, KnowledgeElement
from campaigns import services
from campaigns.models import Badge, BadgeCriterion, Campaign, CampaignParticipation, Stage
from campaigns.selectors import campaign_engine_skills
from challenges.models import Challenge
from tests.assessments.conftest import RIGHT, WRONG
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def play(assessment, *, knows_up_to: int) -> None:
    while (challenge := assessment_services.assessment_next_challenge(assessment=assessment)) is not None:
        value = RIGHT if challenge.skill.level <= knows_up_to else WRONG
        assessment_services.answer_save(assessment=assessment, challenge_id=challenge.id, value=value)


def test_a_campaign_code_is_six_letters_without_i_l_o_then_three_digits_from_2_to_9(campaign):
    assert re.fullmatch(r"[A-HJKMNP-Z]{6}[2-9]{3}", campaign.code)
    codes = {services.campaign_code_generate() for _ in range(200)}
    assert all(re.fullmatch(r"[A-HJKMNP-Z]{6}[2-9]{3}", code) for code in codes)


def test_the_campaign_skills_are_the_active_skills_of_the_capped_tubes(campaign):
    names = [skill.name for skill in campaign_engine_skills(campaign=campaign)]
    assert names == ["@alpha1", "@alpha2", "@alpha3", "@beta1", "@beta2"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"type": "ASSESSMENT"}, "target_profile"),
        ({"type": "PROFILES_COLLECTION", "title": "Un titre"}, "title"),
        (
            {"type": "PROFILES_COLLECTION", "custom_result_page_button_text": "Suite"},
            "custom_result_page_button_url",
        ),
        ({"type": "PROFILES_COLLECTION", "external_id_label": "Matricule"}, "external_id_type"),
        ({"type": "PROFILES_COLLECTION", "name": "  "}, "name"),
        ({"type": "NOPE"}, "type"),
    ],
)
def test_creation_is_refused_with_a_message_per_field(organization, teacher, kwargs, field):
    arguments = {"organization": organization, "creator": teacher, "name": "Campagne", **kwargs}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(**arguments)
    assert field in error.value.message_dict
    assert not Campaign.objects.exists()


def test_the_owner_must_be_a_member_of_the_organization(organization, teacher, target_profile):
    with pytest.raises(ValidationError, match="membre de l'organisation"):
        services.campaign_create(
            organization=organization,
            creator=teacher,
            owner=UserFactory(),
            name="C",
            type="ASSESSMENT",
            target_profile=target_profile,
        )


def test_a_profile_owned_by_another_organization_is_not_available(organization, teacher, target_profile):
    from tests.factories import OrganizationFactory

    target_profile.owner_organization = OrganizationFactory()
    target_profile.save()
    with pytest.raises(ValidationError, match="pas disponible"):
        services.campaign_create(
            organization=organization,
            creator=teacher,
            name="C",
            type="ASSESSMENT",
            target_profile=target_profile,
        )


def test_a_campaign_assessment_asks_only_the_campaign_skills_and_ends(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    assert started.assessment.type == Assessment.Type.CAMPAIGN
    asked = []
    while (
        challenge := assessment_services.assessment_next_challenge(assessment=started.assessment)
    ) is not None:
        asked.append(challenge.skill.name)
        assessment_services.answer_save(assessment=started.assessment, challenge_id=challenge.id, value=RIGHT)
    assert asked and set(asked) <= {"@alpha1", "@alpha2", "@alpha3", "@beta1", "@beta2"}
    started.assessment.refresh_from_db()
    assert started.assessment.state == Assessment.State.COMPLETED


def test_what_was_validated_elsewhere_is_not_asked_again(campaign, learner):
    evaluation = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    play(evaluation, knows_up_to=7)
    started = services.participation_start(campaign=campaign, user=learner)
    assert assessment_services.assessment_next_challenge(assessment=started.assessment) is None
    shared = services.participation_share(participation=started.participation)
    assert shared.results_snapshot["mastery_percentage"] == 100


def test_sharing_freezes_mastery_stages_and_badges(campaign, learner, target_profile):
    zero = Stage.objects.create(target_profile=target_profile, title="Départ", threshold=0)
    half = Stage.objects.create(target_profile=target_profile, title="À mi-chemin", threshold=50)
    Stage.objects.create(target_profile=target_profile, title="Tout", threshold=100)
    badge = Badge.objects.create(target_profile=target_profile, key="alpha-ok", title="Alpha")
    BadgeCriterion.objects.create(
        badge=badge, scope="CappedTubes", threshold=100, capped_tubes=[{"tube": "@alpha", "level": 2}]
    )
    started = services.participation_start(campaign=campaign, user=learner)
    play(started.assessment, knows_up_to=2)
    shared = services.participation_share(participation=started.participation)
    assert shared.status == "SHARED" and shared.shared_at is not None
    assert shared.validated_skills_count == 4  # @alpha1-2, @beta1-2
    assert shared.results_snapshot["mastery_percentage"] == 80
    assert set(shared.stage_acquisitions.values_list("stage_id", flat=True)) == {zero.pk, half.pk}
    assert list(shared.badge_acquisitions.values_list("badge_id", flat=True)) == [badge.pk]


def test_results_cannot_be_sent_before_the_end_nor_twice(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    with pytest.raises(services.CampaignError, match="Terminez d'abord"):
        services.participation_share(participation=started.participation)
    play(started.assessment, knows_up_to=1)
    services.participation_share(participation=started.participation)
    with pytest.raises(services.CampaignError, match="déjà été envoyés"):
        services.participation_share(participation=started.participation)


def test_an_archived_campaign_can_be_neither_joined_nor_shared(campaign, learner, teacher):
    started = services.participation_start(campaign=campaign, user=learner)
    play(started.assessment, knows_up_to=1)
    services.campaign_archive(campaign=campaign, by=teacher)
    with pytest.raises(services.CampaignError, match="archivé"):
        services.participation_share(participation=started.participation)
    with pytest.raises(services.CampaignError, match="archivé"):
        services.participation_start(campaign=campaign, user=UserFactory())
    with pytest.raises(services.CampaignError, match="déjà archivée"):
        services.campaign_archive(campaign=campaign, by=teacher)
    services.campaign_unarchive(campaign=campaign)
    services.participation_share(participation=started.participation)


def test_without_multiple_sendings_a_second_participation_is_refused(campaign, learner):
    services.participation_start(campaign=campaign, user=learner)
    with pytest.raises(services.CampaignError) as error:
        services.participation_start(campaign=campaign, user=learner)
    assert error.value.code == "already_participated"


def test_with_multiple_sendings_a_retry_needs_the_results_sent_and_something_to_improve(campaign, learner):
    campaign.multiple_sendings = True
    campaign.save()
    first = services.participation_start(campaign=campaign, user=learner, participant_external_id="")
    with pytest.raises(services.CampaignError) as error:
        services.participation_start(campaign=campaign, user=learner)
    assert error.value.code == "not_shared"
    play(first.assessment, knows_up_to=1)
    services.participation_share(participation=first.participation)
    # Skills failed less than 4 days before the new attempt are not asked again (§6.4): come back later.
    second = services.participation_start(
        campaign=campaign, user=learner, now=timezone.now() + timedelta(days=5)
    )
    first.participation.refresh_from_db()
    assert first.participation.is_improved and second.assessment.is_improving
    play(second.assessment, knows_up_to=7)
    services.participation_share(participation=second.participation)
    with pytest.raises(services.CampaignError) as error:
        services.participation_start(campaign=campaign, user=learner)
    assert error.value.code == "nothing_to_improve"


def test_starting_again_from_zero_waits_four_days_and_forgets_the_campaign_skills(
    campaign, learner, target_profile
):
    campaign.multiple_sendings = True
    campaign.save()
    target_profile.are_knowledge_elements_resettable = True
    target_profile.save()
    first = services.participation_start(campaign=campaign, user=learner)
    play(first.assessment, knows_up_to=7)
    shared = services.participation_share(participation=first.participation)
    with pytest.raises(services.CampaignError) as error:
        services.participation_start(campaign=campaign, user=learner, is_reset=True)
    assert error.value.code == "cannot_reset"
    later = shared.shared_at + timedelta(days=4, minutes=1)
    services.participation_start(campaign=campaign, user=learner, is_reset=True, now=later)
    latest_statuses = {}
    for element in KnowledgeElement.objects.filter(user=learner).order_by("created_at", "id"):
        latest_statuses[element.skill.name] = element.status
    assert {latest_statuses[name] for name in ("@alpha1", "@alpha3", "@beta2")} == {"reset"}


def test_the_external_id_is_required_and_checked_when_asked(campaign, learner):
    campaign.external_id_label = "Adresse e-mail professionnelle"
    campaign.external_id_type = "EMAIL"
    campaign.save()
    with pytest.raises(services.CampaignError) as missing:
        services.participation_start(campaign=campaign, user=learner)
    assert missing.value.code == "missing_external_id"
    with pytest.raises(services.CampaignError) as invalid:
        services.participation_start(campaign=campaign, user=learner, participant_external_id="pas-un-email")
    assert invalid.value.code == "invalid_email"
    started = services.participation_start(
        campaign=campaign, user=learner, participant_external_id="camille@example.org"
    )
    assert started.participation.participant_external_id == "camille@example.org"


def test_deleting_a_campaign_anonymises_its_participations_and_needs_an_admin_or_the_owner(
    campaign, learner, organization
):
    started = services.participation_start(campaign=campaign, user=learner)
    member = MembershipFactory(organization=organization, role="MEMBER").user
    with pytest.raises(services.CampaignError) as error:
        services.campaign_delete(campaign=campaign, by=member)
    assert error.value.code == "forbidden"
    services.campaign_delete(campaign=campaign, by=campaign.owner)
    participation = CampaignParticipation.objects.get(pk=started.participation.pk)
    assert participation.user is None and participation.deleted_at is not None
    campaign.refresh_from_db()
    assert campaign.deleted_at is not None


def test_a_profiles_collection_shares_the_sixteen_competence_profile(
    organization, teacher, learner, small_release
):
    evaluation = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    play(evaluation, knows_up_to=2)
    collection = services.campaign_create(
        organization=organization, creator=teacher, name="Profils", type="PROFILES_COLLECTION"
    )
    started = services.participation_start(campaign=collection, user=learner)
    assert started.assessment is None
    shared = services.participation_share(participation=started.participation)
    assert shared.results_snapshot["competences"]["1.1"]["level"] == 2
    assert len(shared.results_snapshot["competences"]) == 16


def test_multiple_sendings_cannot_change_once_someone_participated(campaign, learner):
    services.participation_start(campaign=campaign, user=learner)
    with pytest.raises(ValidationError, match="envoi multiple"):
        services.campaign_update(campaign=campaign, multiple_sendings=True)


def test_a_campaign_answer_can_still_raise_a_level(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    level_ups = []
    while (
        challenge := assessment_services.assessment_next_challenge(assessment=started.assessment)
    ) is not None:
        outcome = assessment_services.answer_save(
            assessment=started.assessment, challenge_id=challenge.id, value=RIGHT
        )
        level_ups.append(outcome.level_up)
    assert any(level_ups)
    assert Challenge.objects.filter(answers__assessment=started.assessment).count() == len(level_ups)


def test_a_competence_reset_restarts_the_running_campaign_tests_on_those_skills(campaign, learner):
    evaluation = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    play(evaluation, knows_up_to=3)
    started = services.participation_start(campaign=campaign, user=learner)
    later = timezone.now() + timedelta(days=8)
    assessment_services.scorecard_reset(user=learner, competence_code="1.1", now=later)
    started.assessment.refresh_from_db()
    assert started.assessment.state == Assessment.State.ABORTED
    fresh = started.participation.assessments.exclude(pk=started.assessment.pk).get()
    assert fresh.state == Assessment.State.STARTED and fresh.type == Assessment.Type.CAMPAIGN


def test_a_competence_reset_leaves_shared_campaign_results_alone(campaign, learner):
    started = services.participation_start(campaign=campaign, user=learner)
    play(started.assessment, knows_up_to=2)
    services.participation_share(participation=started.participation)
    later = timezone.now() + timedelta(days=8)
    assessment_services.scorecard_reset(user=learner, competence_code="1.1", now=later)
    assert started.participation.assessments.count() == 1
    started.assessment.refresh_from_db()
    assert started.assessment.state == Assessment.State.COMPLETED
