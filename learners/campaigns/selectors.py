"""Reads of the learner's side of campaigns ("parcours"): the campaign behind a code, where the learner
stands in it, the results page, the profile a collection will send, and the home page's cards.

The rules (who may start, retry or reset, what is mastered) are `campaigns.services`' and the engine's;
this module only shapes them for the pages. Every function runs a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from assessments.engine import scoring
from assessments.models import Assessment
from assessments.selectors import referential_snapshot
from campaigns.models import Badge, Campaign, CampaignParticipation, Stage
from campaigns.selectors import campaign_engine_badges, campaign_engine_skills
from campaigns.services import can_reset, can_retry, participation_results
from challenges.presentation import render_markdown
from learners.selectors import width_class
from organizations.models import OrganizationLearner

HOME_CAMPAIGN_CARDS = 4
_SPACES = re.compile(r"\s+")


# -- The campaign and the learner's place in it ----------------------------------------------------


def normalize_code(raw: str | None) -> str:
    """What a learner types, as stored: spaces anywhere removed, upper case ("  abc def 234" → "ABCDEF234")."""
    return _SPACES.sub("", raw or "").upper()


def campaign_for_code(*, code: str) -> Campaign | None:
    """The campaign with this code, archived or deleted ones included (they lead to the "oups" page)."""
    code = normalize_code(code)
    if not code:
        return None
    return Campaign.objects.select_related("organization", "target_profile").filter(code=code).first()


def participation_for(*, campaign: Campaign, user) -> CampaignParticipation | None:
    """The learner's latest participation (the one no retry replaced), deleted or not; None if none."""
    participation = (
        CampaignParticipation.objects.filter(campaign=campaign, user=user, is_improved=False)
        .select_related("organization_learner", "user")
        .order_by("-created_at", "-pk")
        .first()
    )
    if participation is not None:
        participation.campaign = campaign  # already loaded, with its organization and profile
    return participation


def latest_assessment_of(*, participation: CampaignParticipation) -> Assessment | None:
    """The participation's current test (a competence reset may have replaced the first one)."""
    return participation.assessments.order_by("-created_at", "-pk").first()


def learner_for(*, campaign: Campaign, user) -> OrganizationLearner | None:
    """The student the account is linked to in the campaign's organization, if any."""
    return OrganizationLearner.objects.filter(
        organization_id=campaign.organization_id, user=user, deleted_at__isnull=True
    ).first()


def rendered_text(text: str) -> SafeString:
    """An organization's text (landing or end page), written in Markdown: only safe tags are kept."""
    return render_markdown(text) if text.strip() else SafeString("")


def campaign_heading(campaign: Campaign) -> str:
    """What a learner reads as the campaign's name: its title, or what kind of campaign it is."""
    if campaign.title:
        return campaign.title
    if campaign.is_assessment:
        return str(_("Parcours d'évaluation"))
    return str(_("Envoi de votre profil"))


def evaluation_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_evaluation", kwargs={"code": campaign.code})


def results_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_results", kwargs={"code": campaign.code})


def profile_send_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_profile_send", kwargs={"code": campaign.code})


def profile_sent_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_profile_sent", kwargs={"code": campaign.code})


# -- Results of an assessment campaign --------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceMastery:
    code: str
    name: str
    area_code: str
    area_name: str
    validated: int
    total: int

    @property
    def percentage(self) -> int:
        return scoring.round_half_up(Fraction(100 * self.validated, self.total)) if self.total else 0

    @property
    def bar_class(self) -> str:
        return width_class(self.percentage)


@dataclass(frozen=True)
class StageView:
    title: str
    message: str
    reached_stars: int  # stages reached, the "zero" stage (everyone has it) not counted
    total_stars: int

    @property
    def stars(self) -> list[bool]:
        return [index < self.reached_stars for index in range(self.total_stars)]


@dataclass(frozen=True)
class BadgeView:
    key: str
    title: str
    message: str
    alt: str
    is_obtained: bool
    progress: int

    @property
    def progress_class(self) -> str:
        return width_class(self.progress)


@dataclass(frozen=True)
class CampaignResults:
    campaign: Campaign
    participation: CampaignParticipation
    mastery_percentage: int
    validated_count: int
    skills_count: int
    competences: tuple[CompetenceMastery, ...]
    stage: StageView | None
    badges: tuple[BadgeView, ...]
    can_retry: bool
    can_reset: bool

    @property
    def is_shared(self) -> bool:
        return self.participation.is_shared

    @property
    def mastery_ring(self) -> str:
        """The SVG ring's dash: the circle's length is 100."""
        return f"{self.mastery_percentage} {100 - self.mastery_percentage}"

    @property
    def obtained_badges(self) -> tuple[BadgeView, ...]:
        return tuple(badge for badge in self.badges if badge.is_obtained)

    @property
    def badges_to_earn(self) -> tuple[BadgeView, ...]:
        return tuple(badge for badge in self.badges if not badge.is_obtained)


def assessment_results_for(
    *, participation: CampaignParticipation, now: datetime | None = None
) -> CampaignResults:
    """The results page: frozen at sharing for a shared participation, computed now otherwise."""
    now = now or timezone.now()
    campaign = participation.campaign
    results = (
        participation.results_snapshot
        if participation.is_shared and participation.results_snapshot
        else participation_results(participation=participation, now=now)
    )
    statuses: dict[str, str] = results.get("skills", {})
    validated = {skill_id for skill_id, status in statuses.items() if status == "validated"}
    skills = campaign_engine_skills(campaign=campaign)
    return CampaignResults(
        campaign=campaign,
        participation=participation,
        mastery_percentage=results.get(
            "mastery_percentage",
            scoring.mastery_percentage(validated_skill_ids=validated, skill_ids={s.id for s in skills}),
        ),
        validated_count=len(validated & {skill.id for skill in skills}),
        skills_count=len(skills),
        competences=_competence_masteries(skills, validated),
        stage=_stage_view(campaign, skills, set(results.get("stage_ids", ()))),
        badges=_badge_views(campaign, skills, validated, set(results.get("badge_ids", ()))),
        can_retry=can_retry(participation=participation),
        can_reset=can_reset(participation=participation, now=now),
    )


def _competence_masteries(skills, validated: set[str]) -> tuple[CompetenceMastery, ...]:
    snapshot = referential_snapshot()
    counts: dict[str, list[int]] = {}
    for skill in skills:
        validated_total = counts.setdefault(skill.competence, [0, 0])
        validated_total[0] += skill.id in validated
        validated_total[1] += 1
    return tuple(
        CompetenceMastery(
            code=code,
            name=competence.name,
            area_code=competence.area.code,
            area_name=competence.area.name,
            validated=counts[code][0],
            total=counts[code][1],
        )
        for code, competence in snapshot.competences.items()  # framework order
        if code in counts
    )


def _stage_view(campaign: Campaign, skills, reached_ids: set[int]) -> StageView | None:
    """The highest stage reached, with stars for the stages above the zero stage (§1.10).

    Which stages are reached is the participation's (frozen when sent); here they are only ordered:
    the zero stage first, the first-skill stage second, then by the mastery they need.
    """
    if campaign.target_profile_id is None:
        return None
    rows = list(Stage.objects.filter(target_profile_id=campaign.target_profile_id))
    if not rows:
        return None

    def engine(row: Stage) -> scoring.Stage:
        return scoring.Stage(
            id=row.pk, threshold=row.threshold, level=row.level, is_first_skill=row.is_first_skill
        )

    def order(row: Stage) -> tuple[int, int, int]:
        stage = engine(row)
        rank = 0 if stage.is_zero_stage else 1 if stage.is_first_skill else 2
        threshold = (
            0 if stage.is_first_skill else scoring.stage_threshold(stage=stage, campaign_skills=skills)
        )
        return rank, threshold, row.pk

    ordered = sorted(rows, key=order)
    is_zero = [engine(row).is_zero_stage for row in ordered]
    reached = [row for row, zero in zip(ordered, is_zero, strict=True) if zero or row.pk in reached_ids]
    if not reached:
        return None
    has_zero = any(is_zero)
    return StageView(
        title=reached[-1].title,
        message=reached[-1].message,
        reached_stars=len(reached) - (1 if has_zero else 0),
        total_stars=len(ordered) - (1 if has_zero else 0),
    )


def _badge_views(
    campaign: Campaign, skills, validated: set[str], obtained_ids: set[int]
) -> tuple[BadgeView, ...]:
    """Badges obtained (frozen when sent), then those still to earn that the profile shows to everyone."""
    if campaign.target_profile_id is None:
        return ()
    rows = [
        row
        for row in Badge.objects.filter(target_profile_id=campaign.target_profile_id).order_by("pk")
        if row.pk in obtained_ids or row.is_always_visible
    ]
    to_earn = [row.pk for row in rows if row.pk not in obtained_ids]
    progress: dict[int, int] = {}
    if to_earn:
        for badge in campaign_engine_badges(campaign=campaign):
            if badge.id in to_earn:
                result = scoring.badge_result(
                    badge=badge, campaign_skills=skills, validated_skill_ids=validated
                )
                progress[badge.id] = result.progress_percentage
    views = [
        BadgeView(
            key=row.key,
            title=row.title,
            message=row.message,
            alt=row.alt_message or row.title,
            is_obtained=row.pk in obtained_ids,
            progress=100 if row.pk in obtained_ids else progress.get(row.pk, 0),
        )
        for row in rows
    ]
    return tuple(sorted(views, key=lambda view: not view.is_obtained))


# -- Profiles collection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceLevel:
    code: str
    name: str
    level: int
    pix: int

    @property
    def bar_class(self) -> str:
        return width_class(100 * self.level / settings.MAX_REACHABLE_LEVEL)


@dataclass(frozen=True)
class AreaProfile:
    code: str
    name: str
    competences: tuple[CompetenceLevel, ...]


@dataclass(frozen=True)
class ProfileToSend:
    campaign: Campaign
    participation: CampaignParticipation
    areas: tuple[AreaProfile, ...]
    pix_score: int
    certifiable_competences: int
    max_level: int
    can_retry: bool

    @property
    def is_certifiable(self) -> bool:
        return self.certifiable_competences >= scoring.MINIMUM_CERTIFIABLE_COMPETENCES


def profile_to_send_for(
    *, participation: CampaignParticipation, now: datetime | None = None
) -> ProfileToSend:
    """The 16 competences as they will be sent (or as they were, once sent)."""
    snapshot = referential_snapshot()
    results = (
        participation.results_snapshot
        if participation.is_shared and participation.results_snapshot
        else participation_results(participation=participation, now=now)
    )
    levels = results.get("competences", {})
    areas: dict[str, list[CompetenceLevel]] = {}
    names: dict[str, str] = {}
    for code, competence in snapshot.competences.items():
        figures = levels.get(code, {"level": 0, "pix": 0})
        names[competence.area.code] = competence.area.name
        areas.setdefault(competence.area.code, []).append(
            CompetenceLevel(code=code, name=competence.name, level=figures["level"], pix=figures["pix"])
        )
    return ProfileToSend(
        campaign=participation.campaign,
        participation=participation,
        areas=tuple(
            AreaProfile(code=code, name=names[code], competences=tuple(rows)) for code, rows in areas.items()
        ),
        pix_score=results.get("pix_score") or 0,
        certifiable_competences=results.get("certifiable_competences", 0),
        max_level=settings.MAX_REACHABLE_LEVEL,
        can_retry=can_retry(participation=participation),
    )


# -- Home page cards -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignCard:
    code: str
    title: str
    organization_name: str
    is_assessment: bool
    is_to_send: bool  # finished (or a profile to send): only the sending is left

    @property
    def url(self) -> str:
        if not self.is_assessment:
            return reverse("learners:campaign_profile_send", kwargs={"code": self.code})
        name = "learners:campaign_results" if self.is_to_send else "learners:campaign_evaluation"
        return reverse(name, kwargs={"code": self.code})


def campaign_cards_for(*, user, limit: int = HOME_CAMPAIGN_CARDS) -> tuple[tuple[CampaignCard, ...], int]:
    """Campaigns to resume, or whose results wait to be sent (newest first), and how many there are.

    One query: the state of each participation's latest test comes with it.
    """
    latest_state = (
        Assessment.objects.filter(campaign_participation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("state")[:1]
    )
    rows = list(
        CampaignParticipation.objects.filter(
            user=user,
            is_improved=False,
            deleted_at__isnull=True,
            status=CampaignParticipation.Status.STARTED,
            campaign__archived_at__isnull=True,
            campaign__deleted_at__isnull=True,
        )
        .select_related("campaign__organization")
        .annotate(latest_state=Subquery(latest_state))
        .order_by("-created_at", "-pk")
    )
    cards = tuple(
        CampaignCard(
            code=row.campaign.code,
            title=campaign_heading(row.campaign),
            organization_name=row.campaign.organization.name,
            is_assessment=row.campaign.is_assessment,
            is_to_send=not row.campaign.is_assessment or row.latest_state != Assessment.State.STARTED,
        )
        for row in rows[:limit]
    )
    return cards, len(rows)


def competences_count_of(campaign: Campaign) -> int:
    return len({skill.competence for skill in campaign_engine_skills(campaign=campaign)})
