"""Participants for the Orga and export tests: real accounts, learners and participations started and
shared through campaigns.services (which freezes the results); only their knowledge is written directly,
as the learner's answers would have left it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from assessments.models import Assessment, KnowledgeElement
from campaigns import services
from campaigns.models import Campaign, CampaignParticipation
from organizations.models import OrganizationLearner
from referential.models import Skill
from tests.factories import UserFactory


def give_knowledge(
    user, *, validated: Iterable[str] = (), invalidated: Iterable[str] = (), when: datetime
) -> None:
    """Knowledge elements on skills (by name), as answers would have left them."""
    rows = {skill.name: skill for skill in Skill.objects.filter(name__in=[*validated, *invalidated])}
    elements = []
    for names, status in ((validated, "validated"), (invalidated, "invalidated")):
        for name in names:
            skill = rows[name]
            elements.append(
                KnowledgeElement(
                    user=user,
                    skill=skill,
                    competence_id=skill.competence_id,
                    status=status,
                    source="direct",
                    earned_pix_numerator=skill.pix_numerator if status == "validated" else 0,
                    earned_pix_denominator=skill.pix_denominator if status == "validated" else 1,
                    created_at=when,
                )
            )
    KnowledgeElement.objects.bulk_create(elements)


def participant(
    campaign: Campaign,
    *,
    first_name: str = "Camille",
    last_name: str = "Durand",
    validated: Iterable[str] = (),
    invalidated: Iterable[str] = (),
    division: str = "",
    group: str = "",
    student_number: str = "",
    external_id: str = "",
    started_at: datetime | None = None,
    shared_at: datetime | None = None,
    share: bool = True,
    complete: bool = True,
) -> CampaignParticipation:
    """A learner of the campaign's organization who joined it, answered, and (by default) sent results."""
    started_at = started_at or timezone.now() - timedelta(hours=2)
    user = UserFactory(first_name=first_name, last_name=last_name)
    OrganizationLearner.objects.create(
        organization=campaign.organization,
        user=user,
        first_name=first_name,
        last_name=last_name,
        division=division,
        group=group,
        student_number=student_number,
    )
    started = services.participation_start(
        campaign=campaign, user=user, participant_external_id=external_id or None, now=started_at
    )
    give_knowledge(
        user, validated=validated, invalidated=invalidated, when=started_at + timedelta(minutes=10)
    )
    if started.assessment is not None and (complete or share):
        Assessment.objects.filter(pk=started.assessment.pk).update(state=Assessment.State.COMPLETED)
    if share:
        return services.participation_share(
            participation=started.participation, now=shared_at or started_at + timedelta(minutes=30)
        )
    return started.participation


def target_profile_with_stages_and_badge(*, name: str = "Recherche et données – niveaux 1 à 3"):
    """On the small release: @alpha ≤ 3, @beta ≤ 2 (competence 1.1) and @epsilon ≤ 3 (1.2): 8 skills;
    stages at 0, 30 and 60 %, a badge on @alpha at 100 % and one on the whole profile at 50 %."""
    from campaigns.models import Badge, BadgeCriterion, Stage, TargetProfile, TargetProfileTube
    from referential.models import Tube

    profile = TargetProfile.objects.create(name=name, category="COMPETENCES", description="Trois sujets.")
    for tube, level in (("@alpha", 3), ("@beta", 2), ("@epsilon", 3)):
        TargetProfileTube.objects.create(
            target_profile=profile, tube=Tube.objects.get(name=tube), level=level
        )
    for threshold, title in ((0, "Premiers pas"), (30, "En progression"), (60, "Solide")):
        Stage.objects.create(target_profile=profile, threshold=threshold, title=title, prescriber_title=title)
    searcher = Badge.objects.create(target_profile=profile, key=f"chercheur-{profile.pk}", title="Chercheur")
    BadgeCriterion.objects.create(
        badge=searcher, scope="CappedTubes", threshold=100, capped_tubes=[{"tube": "@alpha", "level": 3}]
    )
    half = Badge.objects.create(target_profile=profile, key=f"moitie-{profile.pk}", title="La moitié")
    BadgeCriterion.objects.create(badge=half, scope="CampaignParticipation", threshold=50)
    return profile


def assessment_campaign(organization, owner, *, profile=None, **kwargs) -> Campaign:
    return services.campaign_create(
        organization=organization,
        creator=owner,
        name=kwargs.pop("name", "3e A – Recherche"),
        type="ASSESSMENT",
        target_profile=profile or target_profile_with_stages_and_badge(),
        **kwargs,
    )


SKILL_SETS = (  # validated, invalidated: from nothing to everything of the profile above
    ((), ("@alpha1",)),
    (("@alpha1",), ("@alpha2", "@beta1")),
    (("@alpha1", "@alpha2", "@beta1"), ("@alpha3",)),
    (("@alpha1", "@alpha2", "@alpha3", "@beta1", "@epsilon1"), ("@beta2",)),
    (("@alpha1", "@alpha2", "@alpha3", "@beta1", "@beta2", "@epsilon1", "@epsilon2", "@epsilon3"), ()),
)


def many_participants(
    campaign: Campaign, count: int, *, divisions=("3A", "3B")
) -> list[CampaignParticipation]:
    """`count` students who shared, with results from nothing to everything (every 7th has not shared)."""
    made = []
    for i in range(count):
        validated, invalidated = SKILL_SETS[i % len(SKILL_SETS)]
        made.append(
            participant(
                campaign,
                first_name=f"Élève{i}",
                last_name=f"Nom{i:04d}",
                division=divisions[i % len(divisions)],
                validated=validated,
                invalidated=invalidated,
                share=i % 7 != 6,
            )
        )
    return made
