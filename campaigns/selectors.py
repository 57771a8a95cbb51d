"""Reads for campaigns, and their skills, stages and badges as the engine sees them."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import QuerySet

from assessments.engine import scoring
from assessments.engine.types import Skill as EngineSkill
from assessments.selectors import referential_snapshot
from campaigns.models import Badge, Campaign, CampaignParticipation, CampaignSkill, Stage


def campaign_engine_skills(
    *, campaign: Campaign | None = None, campaign_id: int | None = None
) -> tuple[EngineSkill, ...]:
    """The campaign's skills (frozen at creation): cached per campaign and content release."""
    snapshot = referential_snapshot()
    return _campaign_skills(campaign_id if campaign is None else campaign.pk, snapshot.release_number)


@lru_cache(maxsize=2048)
def _campaign_skills(campaign_id: int, release_number: int) -> tuple[EngineSkill, ...]:
    snapshot = referential_snapshot()
    skill_pks = CampaignSkill.objects.filter(campaign_id=campaign_id).values_list("skill_id", flat=True)
    skills = (snapshot.skills[snapshot.skill_names_by_pk[pk]] for pk in skill_pks)
    return tuple(sorted(skills, key=lambda skill: (skill.tube, skill.level, skill.id)))


def forget_campaign_skills() -> None:
    _campaign_skills.cache_clear()


def campaign_engine_stages(*, campaign: Campaign) -> list[scoring.Stage]:
    if campaign.target_profile_id is None:
        return []
    rows = Stage.objects.filter(target_profile_id=campaign.target_profile_id).order_by(
        "threshold", "level", "id"
    )
    return [
        scoring.Stage(id=row.pk, threshold=row.threshold, level=row.level, is_first_skill=row.is_first_skill)
        for row in rows
    ]


def campaign_engine_badges(*, campaign: Campaign) -> list[scoring.Badge]:
    if campaign.target_profile_id is None:
        return []
    badges = Badge.objects.filter(target_profile_id=campaign.target_profile_id).prefetch_related("criteria")
    return [
        scoring.Badge(
            id=badge.pk,
            criteria=tuple(
                scoring.BadgeCriterion(
                    scope=scoring.BadgeCriterionScope(criterion.scope),
                    threshold=criterion.threshold,
                    capped_tubes=tuple(
                        scoring.CappedTube(tube=item["tube"], level=int(item["level"]))
                        for item in criterion.capped_tubes
                    ),
                )
                for criterion in badge.criteria.all()
            ),
        )
        for badge in badges
    ]


def campaign_by_code(*, code: str) -> Campaign | None:
    return (
        Campaign.objects.select_related("organization", "target_profile")
        .filter(code=code.strip().upper(), deleted_at__isnull=True)
        .first()
    )


def current_participation(*, campaign: Campaign, user) -> CampaignParticipation | None:
    """The learner's latest participation in this campaign (the one a retry has not replaced)."""
    return (
        CampaignParticipation.objects.filter(
            campaign=campaign, user=user, is_improved=False, deleted_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def participations_of(*, user) -> QuerySet[CampaignParticipation]:
    return (
        CampaignParticipation.objects.filter(user=user, is_improved=False, deleted_at__isnull=True)
        .select_related("campaign", "campaign__organization")
        .order_by("-created_at")
    )
