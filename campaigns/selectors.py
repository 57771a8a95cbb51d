"""Reads for campaigns, and their skills, stages and badges as the engine sees them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from fractions import Fraction
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.engine import knowledge, scoring
from assessments.engine.types import Skill as EngineSkill
from assessments.models import Assessment
from assessments.selectors import knowledge_elements_of, referential_snapshot
from campaigns.models import (
    Badge,
    BadgeAcquisition,
    Campaign,
    CampaignParticipation,
    CampaignSkill,
    Stage,
    StageAcquisition,
    TargetProfile,
)
from pix.design import width_class  # noqa: F401 - also used by this module's callers
from referential.models import Tube, Tutorial


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


# -- Pix Orga: the campaigns of an organization ------------------------------------------------------
#
# Only SHARED results are ever shown to an organization, and a deleted participation (or one a retry
# replaced) is in no view and no export: every read below starts from `visible_participations`.


def visible_participations(*, campaign: Campaign | int) -> QuerySet[CampaignParticipation]:
    """The campaign's current participations: not deleted, not replaced by a retry."""
    return CampaignParticipation.objects.filter(campaign=campaign, deleted_at__isnull=True, is_improved=False)


def shared_participations(*, campaign: Campaign | int) -> QuerySet[CampaignParticipation]:
    return visible_participations(campaign=campaign).filter(status=CampaignParticipation.Status.SHARED)


def target_profiles_available_to(*, organization) -> QuerySet[TargetProfile]:
    """What an organization may build an assessment campaign on: its own profiles, the ones shared with
    it and the public ones (no owner), never an outdated one (§2)."""
    return (
        TargetProfile.objects.filter(outdated=False)
        .filter(
            Q(owner_organization__isnull=True)
            | Q(owner_organization=organization)
            | Q(
                pk__in=TargetProfile.shared_with.through.objects.filter(organization=organization).values(
                    "targetprofile_id"
                )
            )
        )
        .order_by("name")
    )


def campaigns_of(*, organization, owner=None, search: str = "", archived: bool = False) -> QuerySet[Campaign]:
    """The organization's live campaigns (``owner`` for "Mes campagnes"), newest first, each with its
    participants and shared counts: one query for the page, whatever the number of campaigns."""
    visible = Q(participations__deleted_at__isnull=True, participations__is_improved=False)
    campaigns = (
        Campaign.objects.filter(organization=organization, deleted_at__isnull=True)
        .filter(archived_at__isnull=not archived)
        .select_related("owner", "target_profile")
        .annotate(
            participants_count=Count("participations", filter=visible),
            shared_count=Count(
                "participations",
                filter=visible & Q(participations__status=CampaignParticipation.Status.SHARED),
            ),
        )
        .order_by("-created_at", "-pk")
    )
    if owner is not None:
        campaigns = campaigns.filter(owner=owner)
    for word in search.split():
        campaigns = campaigns.filter(Q(name__icontains=word) | Q(code__iexact=word))
    return campaigns


def campaign_in(*, organization, campaign_id: int) -> Campaign | None:
    """A live (not deleted) campaign of this organization, or None: another organization's is never found."""
    return (
        Campaign.objects.select_related("organization", "target_profile", "owner", "creator")
        .filter(organization=organization, pk=campaign_id, deleted_at__isnull=True)
        .annotate(
            shared_count=Count(
                "participations",
                filter=Q(
                    participations__deleted_at__isnull=True,
                    participations__is_improved=False,
                    participations__status=CampaignParticipation.Status.SHARED,
                ),
            ),
            participants_count=Count(
                "participations",
                filter=Q(participations__deleted_at__isnull=True, participations__is_improved=False),
            ),
        )
        .first()
    )


def can_manage_campaign(*, campaign: Campaign, membership) -> bool:
    """Edit, archive, delete: an administrator of the organization or the campaign's owner (§1.6)."""
    return bool(membership.is_admin or campaign.owner_id == membership.user_id)


def campaign_stages(*, campaign: Campaign) -> list[Stage]:
    """The profile's stages in collection order: the zero stage, the first-skill stage, then by threshold
    (a level stage at the threshold its level gives on this campaign's skills) (§1.10, §10.4)."""
    if campaign.target_profile_id is None:
        return []
    skills = campaign_engine_skills(campaign=campaign)

    def order(stage: Stage) -> tuple[int, int, int]:
        engine_stage = scoring.Stage(
            id=stage.pk, threshold=stage.threshold, level=stage.level, is_first_skill=stage.is_first_skill
        )
        if engine_stage.is_zero_stage:
            return 0, 0, stage.pk
        if stage.is_first_skill:
            return 1, 0, stage.pk
        return 2, scoring.stage_threshold(stage=engine_stage, campaign_skills=skills), stage.pk

    return sorted(Stage.objects.filter(target_profile_id=campaign.target_profile_id), key=order)


def campaign_badges(*, campaign: Campaign) -> list[Badge]:
    if campaign.target_profile_id is None:
        return []
    return list(Badge.objects.filter(target_profile_id=campaign.target_profile_id).order_by("pk"))


def _percentage(value: Fraction) -> int:
    return scoring.round_half_up(100 * value)


def rate_percentage(rate) -> int:
    """A stored mastery rate (0 to 1) as a whole percentage, halves up."""
    return _percentage(Fraction(rate or 0))


# -- Activity ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    started: int
    shared: int


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    index: int  # 0 for the first stage of the collection
    count: int
    percentage: int  # of the shared participants
    total: int  # stages in the collection

    @property
    def bar_class(self) -> str:
        return width_class(self.percentage)

    @property
    def stars(self) -> list[bool]:
        return stars(index=self.index, total=self.total)


def stars(*, index: int | None, total: int) -> list[bool]:
    """One star per stage above the first, lit up to the reached one (as Pix shows stages)."""
    if index is None or total <= 1:
        return []
    return [i <= index for i in range(1, total)]


@dataclass(frozen=True)
class MasteryBucket:
    low: int  # % (included)
    high: int  # % (included)
    count: int


@dataclass(frozen=True)
class CampaignActivity:
    participants: int
    started: int  # still answering (or, for a collection, not sent yet)
    to_share: int  # assessment finished, results not sent yet
    shared: int
    days: tuple[DayCount, ...]
    stages: tuple[StageCount, ...]
    mastery: tuple[MasteryBucket, ...]

    @property
    def max_per_day(self) -> int:
        return max((max(d.started, d.shared) for d in self.days), default=0)


ACTIVITY_MAX_DAYS = 90


def completed_assessment() -> Exists:
    return Exists(
        Assessment.objects.filter(campaign_participation=OuterRef("pk"), state=Assessment.State.COMPLETED)
    )


def _stages_count() -> Coalesce:
    acquisitions = (
        StageAcquisition.objects.filter(participation=OuterRef("pk"))
        .order_by()
        .values("participation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(acquisitions, output_field=IntegerField()), 0)


def campaign_activity(*, campaign: Campaign, today: date | None = None) -> CampaignActivity:
    """Participants by status, participations started and shared per day, reached stages and the
    spread of mastery rates (§1.8 statistics): a fixed number of queries."""
    paris = ZoneInfo(settings.TIME_ZONE)
    participations = visible_participations(campaign=campaign)
    started = to_share = shared = 0
    for row in (
        participations.annotate(done=completed_assessment()).values("status", "done").annotate(n=Count("pk"))
    ):
        if row["status"] == CampaignParticipation.Status.SHARED:
            shared += row["n"]
        elif row["done"] and campaign.is_assessment:
            to_share += row["n"]
        else:
            started += row["n"]
    started_by_day = dict(
        participations.annotate(day=TruncDate("created_at", tzinfo=paris))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    shared_by_day = dict(
        participations.filter(status=CampaignParticipation.Status.SHARED, shared_at__isnull=False)
        .annotate(day=TruncDate("shared_at", tzinfo=paris))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    days: list[DayCount] = []
    if started_by_day or shared_by_day:
        first = min([*started_by_day, *shared_by_day])
        last = max([*started_by_day, *shared_by_day, today or timezone.localdate()])
        first = max(first, last - timedelta(days=ACTIVITY_MAX_DAYS - 1))
        day = first
        while day <= last:
            days.append(DayCount(day, started_by_day.get(day, 0), shared_by_day.get(day, 0)))
            day += timedelta(days=1)
    stages: list[StageCount] = []
    mastery: list[MasteryBucket] = []
    if campaign.is_assessment and shared:
        ordered = campaign_stages(campaign=campaign)
        if ordered:
            reached = dict(
                participations.filter(status=CampaignParticipation.Status.SHARED)
                .annotate(reached=_stages_count())
                .values("reached")
                .annotate(n=Count("pk"))
                .values_list("reached", "n")
            )
            for index, stage in enumerate(ordered):
                count = reached.get(index + 1, 0) + (reached.get(0, 0) if index == 0 else 0)
                stages.append(
                    StageCount(stage, index, count, _percentage(Fraction(count, shared)), len(ordered))
                )
        buckets = [0] * 10
        for rate, n in (
            participations.filter(status=CampaignParticipation.Status.SHARED)
            .values("mastery_rate")
            .annotate(n=Count("pk"))
            .values_list("mastery_rate", "n")
        ):
            percentage = _percentage(Fraction(rate or 0))
            buckets[min(9, percentage // 10)] += n
        mastery = [
            MasteryBucket(low=i * 10, high=i * 10 + 9 if i < 9 else 100, count=count)
            for i, count in enumerate(buckets)
        ]
    return CampaignActivity(
        participants=started + to_share + shared,
        started=started,
        to_share=to_share,
        shared=shared,
        days=tuple(days),
        stages=tuple(stages),
        mastery=tuple(mastery),
    )


# -- Results of an assessment campaign -------------------------------------------------------------


def participants_filters(*, campaign: Campaign) -> tuple[list[str], list[str]]:
    """The classes and the groups of the campaign's participants, for the filters."""
    learners = visible_participations(campaign=campaign).filter(organization_learner__isnull=False)
    divisions = (
        learners.exclude(organization_learner__division="")
        .order_by("organization_learner__division")
        .values_list("organization_learner__division", flat=True)
        .distinct()
    )
    groups = (
        learners.exclude(organization_learner__group="")
        .order_by("organization_learner__group")
        .values_list("organization_learner__group", flat=True)
        .distinct()
    )
    return list(divisions), list(groups)


def _names_ordered(participations: QuerySet[CampaignParticipation]) -> QuerySet[CampaignParticipation]:
    return participations.select_related("organization_learner", "user").order_by(
        Lower("organization_learner__last_name"), Lower("organization_learner__first_name"), "pk"
    )


def assessment_results(
    *,
    campaign: Campaign,
    division: str = "",
    group: str = "",
    stage_index: int | None = None,
    badge_id: int | None = None,
    search: str = "",
) -> QuerySet[CampaignParticipation]:
    """The shared participations of an assessment campaign, by name, each with `stages_count` (the
    stages acquired); filters by class, group, reached stage (its index in `campaign_stages`) and badge.
    Prefetches the badges: two queries per page, whatever the number of participants."""
    rows = _names_ordered(shared_participations(campaign=campaign)).annotate(stages_count=_stages_count())
    if division:
        rows = rows.filter(organization_learner__division=division)
    if group:
        rows = rows.filter(organization_learner__group=group)
    if stage_index is not None:
        rows = rows.filter(stages_count=stage_index + 1)
    if badge_id is not None:
        rows = rows.filter(badge_acquisitions__badge_id=badge_id)
    for word in search.split():
        rows = rows.filter(
            Q(organization_learner__first_name__icontains=word)
            | Q(organization_learner__last_name__icontains=word)
        )
    return rows.prefetch_related(
        Prefetch(
            "badge_acquisitions", queryset=BadgeAcquisition.objects.select_related("badge").order_by("pk")
        )
    )


def participant_names(participation: CampaignParticipation) -> tuple[str, str]:
    """(last name, first name) as the organization knows the participant."""
    learner = participation.organization_learner
    if learner is not None:
        return learner.last_name, learner.first_name
    user = participation.user
    return (user.last_name, user.first_name) if user is not None else ("", "")


def participation_in(*, campaign: Campaign, participation_id: int) -> CampaignParticipation | None:
    """One live participation of the campaign (a retried one too), or None."""
    return (
        CampaignParticipation.objects.select_related("organization_learner", "user")
        .filter(campaign=campaign, pk=participation_id, deleted_at__isnull=True)
        .annotate(done=completed_assessment())
        .first()
    )


@dataclass(frozen=True)
class CompetenceResult:
    code: str
    name: str
    area_code: str
    validated: int
    total: int

    @property
    def percentage(self) -> int:
        return _percentage(Fraction(self.validated, self.total)) if self.total else 0

    @property
    def bar_class(self) -> str:
        return width_class(self.percentage)


@dataclass(frozen=True)
class ParticipantResult:
    participation: CampaignParticipation
    last_name: str
    first_name: str
    progress: int  # %
    is_shared: bool
    skills_total: int
    competences_count: int
    validated: int | None  # None until shared
    mastery_percentage: int | None
    competences: tuple[CompetenceResult, ...]  # empty until shared
    stage: Stage | None
    stage_index: int | None
    stages_total: int
    badges: tuple[Badge, ...]

    @property
    def progress_class(self) -> str:
        return width_class(self.progress)


def _competences_of_skills(skills) -> list[tuple[str, list]]:
    """Campaign skills grouped by competence, in framework order."""
    snapshot = referential_snapshot()
    grouped: dict[str, list] = {}
    for skill in skills:
        grouped.setdefault(skill.competence, []).append(skill)
    return [(code, grouped[code]) for code in snapshot.competences if code in grouped]


def participation_progress(*, participation: CampaignParticipation, skills, completed: bool) -> int:
    """Avancement (%): 100 once results are sent or the test is over, otherwise the share of the
    campaign's skills the learner already has a knowledge element on (§1.9 `% de progression`)."""
    if participation.is_shared or completed:
        return 100
    if not skills or participation.user_id is None:
        return 0
    snapshot = referential_snapshot()
    skill_ids = {skill.id for skill in skills}
    elements = knowledge.latest_knowledge_elements(
        knowledge_elements=knowledge_elements_of(user=participation.user_id, snapshot=snapshot)
    )
    tested = sum(1 for element in elements if element.skill_id in skill_ids)
    return _percentage(Fraction(tested, len(skill_ids)))


def participant_result(*, campaign: Campaign, participation: CampaignParticipation) -> ParticipantResult:
    """One participant's page (the seed's screen): progress, dates, skills validated out of the
    campaign's skills, score, per competence; only shared results carry figures."""
    skills = campaign_engine_skills(campaign=campaign)
    by_competence = _competences_of_skills(skills)
    snapshot = referential_snapshot()
    last_name, first_name = participant_names(participation)
    stages = campaign_stages(campaign=campaign)
    competences: list[CompetenceResult] = []
    stage = stage_index = None
    badges: tuple[Badge, ...] = ()
    validated = mastery = None
    if participation.is_shared:
        results = participation.results_snapshot or {}
        validated_ids = {
            skill for skill, status in results.get("skills", {}).items() if status == "validated"
        }
        for code, competence_skills in by_competence:
            competence = snapshot.competences[code]
            competences.append(
                CompetenceResult(
                    code=code,
                    name=competence.name,
                    area_code=competence.area.code,
                    validated=sum(1 for skill in competence_skills if skill.id in validated_ids),
                    total=len(competence_skills),
                )
            )
        validated = participation.validated_skills_count or 0
        mastery = scoring.mastery_percentage(
            validated_skill_ids=validated_ids, skill_ids=[s.id for s in skills]
        )
        acquired = StageAcquisition.objects.filter(participation=participation).count()
        if stages and acquired:
            stage_index = min(acquired, len(stages)) - 1
            stage = stages[stage_index]
        badges = tuple(
            Badge.objects.filter(
                pk__in=BadgeAcquisition.objects.filter(participation=participation).values("badge_id")
            ).order_by("pk")
        )
    return ParticipantResult(
        participation=participation,
        last_name=last_name,
        first_name=first_name,
        progress=participation_progress(
            participation=participation, skills=skills, completed=bool(getattr(participation, "done", False))
        ),
        is_shared=participation.is_shared,
        skills_total=len(skills),
        competences_count=len(by_competence),
        validated=validated,
        mastery_percentage=mastery,
        competences=tuple(competences),
        stage=stage,
        stage_index=stage_index,
        stages_total=len(stages),
        badges=badges,
    )


# -- Collective analysis (§1.8) ----------------------------------------------------------------------

RECOMMENDATION_REACHED_LEVEL_POINTS = 40
RECOMMENDATION_DIFFICULTY_POINTS = 30
RECOMMENDATION_PROGRESS_POINTS = 20
RECOMMENDATION_NEXT_STEP_POINTS = 10


def tube_recommendation_score(
    *, tube_skills: Sequence[EngineSkill], max_skill_level: int, validated_skill_ids: Collection[str]
) -> Fraction:
    """One participant's recommendation score for one tube (recommendation-service, §1.8), exactly:

    40 × reached level / max difficulty of the tube
    + 30 × max difficulty of the tube / max skill level of the profile
    + 20 × validated skills of the tube / skills of the tube
    + 10 × reached level / next level to reach (0 when nothing is validated).

    The reached level is the highest validated difficulty (0 if none); the next level to reach is the
    lowest difficulty not validated (the tube's max when everything is). The LOWER the score, the more
    the tube is worth working on: Orga shows it as relevance dots.
    """
    if not tube_skills or max_skill_level <= 0:
        return Fraction(0)
    max_difficulty = max(skill.level for skill in tube_skills)
    validated = [skill for skill in tube_skills if skill.id in validated_skill_ids]
    reached = max((skill.level for skill in validated), default=0)
    not_validated = [skill.level for skill in tube_skills if skill.id not in validated_skill_ids]
    next_level = min(not_validated) if not_validated else max_difficulty
    score = Fraction(RECOMMENDATION_REACHED_LEVEL_POINTS * reached, max_difficulty)
    score += Fraction(RECOMMENDATION_DIFFICULTY_POINTS * max_difficulty, max_skill_level)
    score += Fraction(RECOMMENDATION_PROGRESS_POINTS * len(validated), len(tube_skills))
    if validated:
        score += Fraction(RECOMMENDATION_NEXT_STEP_POINTS * reached, next_level)
    return score


class Relevance(IntEnum):
    """Orga's "boulettes de pertinence": 4 dots for a score ≤ 25, 3 ≤ 50, 2 ≤ 75, 1 above."""

    MODERATELY = 1
    RECOMMENDED = 2
    STRONGLY = 3
    VERY_STRONGLY = 4

    @classmethod
    def of(cls, score: Fraction) -> Relevance:
        if score <= 25:
            return cls.VERY_STRONGLY
        if score <= 50:
            return cls.STRONGLY
        if score <= 75:
            return cls.RECOMMENDED
        return cls.MODERATELY

    @property
    def label(self) -> str:
        return str(RELEVANCE_LABELS[self])


RELEVANCE_LABELS = {
    Relevance.VERY_STRONGLY: _("Très fortement recommandé"),
    Relevance.STRONGLY: _("Fortement recommandé"),
    Relevance.RECOMMENDED: _("Recommandé"),
    Relevance.MODERATELY: _("Assez recommandé"),
}


@dataclass(frozen=True)
class TutorialLink:
    title: str
    url: str
    source: str
    format: str
    duration_minutes: int


@dataclass(frozen=True)
class TubeRecommendation:
    tube: str  # "@name"
    title: str
    competence_code: str
    competence_name: str
    area_code: str
    average_score: Fraction
    reached_level: Fraction  # mean over shared participants of the highest validated level
    max_level: int  # the tube's highest level in the campaign
    tutorials: tuple[TutorialLink, ...]

    @property
    def relevance(self) -> Relevance:
        return Relevance.of(self.average_score)

    @property
    def dots(self) -> list[tuple[int, bool]]:
        """(x, lit) of the four dots of the 46 × 10 SVG: as many lit as the relevance."""
        return [(5 + 12 * i, i < int(self.relevance)) for i in range(4)]

    @property
    def reached_level_value(self) -> float:
        return round(float(self.reached_level), 1)

    @property
    def reached_class(self) -> str:
        return width_class(100 * float(self.reached_level) / self.max_level if self.max_level else 0)


@dataclass(frozen=True)
class CampaignAnalysis:
    participants: int  # shared
    competences: tuple[CompetenceResult, ...]  # validated = all participants' validated skills summed
    tubes: tuple[TubeRecommendation, ...]  # most recommended first


def campaign_analysis(*, campaign: Campaign, language: str = "fr") -> CampaignAnalysis:
    """The collective analysis of an assessment campaign's SHARED results: mastery per competence and,
    per tube, the average recommendation score, the mean reached level and the tube's tutorials.

    Reads each shared participation's frozen results once, streamed: constant memory, three queries.
    """
    skills = campaign_engine_skills(campaign=campaign)
    snapshot = referential_snapshot()
    tubes: dict[str, list[EngineSkill]] = {}
    for skill in skills:
        tubes.setdefault(skill.tube, []).append(skill)
    max_skill_level = max((skill.level for skill in skills), default=0)
    by_competence = _competences_of_skills(skills)
    validated_by_competence = dict.fromkeys((code for code, _skills in by_competence), 0)
    score_sums = dict.fromkeys(tubes, Fraction(0))
    reached_sums = dict.fromkeys(tubes, 0)
    participants = 0
    for results in (
        shared_participations(campaign=campaign)
        .values_list("results_snapshot", flat=True)
        .iterator(chunk_size=500)
    ):
        participants += 1
        validated = {
            skill for skill, status in (results or {}).get("skills", {}).items() if status == "validated"
        }
        for skill in skills:
            if skill.id in validated:
                validated_by_competence[skill.competence] += 1
        for tube, tube_skills in tubes.items():
            score_sums[tube] += tube_recommendation_score(
                tube_skills=tube_skills, max_skill_level=max_skill_level, validated_skill_ids=validated
            )
            reached_sums[tube] += max((s.level for s in tube_skills if s.id in validated), default=0)
    competences = tuple(
        CompetenceResult(
            code=code,
            name=snapshot.competences[code].name,
            area_code=snapshot.competences[code].area.code,
            validated=validated_by_competence[code],
            total=len(competence_skills) * participants,
        )
        for code, competence_skills in by_competence
    )
    if not participants:
        return CampaignAnalysis(participants=0, competences=competences, tubes=())
    tube_rows = {
        row.name: row for row in Tube.objects.filter(name__in=list(tubes)).select_related("competence__area")
    }
    tutorials = _tutorials_by_tube(skill_pks=[snapshot.skill_pks[s.id] for s in skills], language=language)
    recommendations = []
    for tube, tube_skills in tubes.items():
        row = tube_rows[tube]
        recommendations.append(
            TubeRecommendation(
                tube=tube,
                title=row.title,
                competence_code=row.competence.code,
                competence_name=row.competence.name,
                area_code=row.competence.area.code,
                average_score=score_sums[tube] / participants,
                reached_level=Fraction(reached_sums[tube], participants),
                max_level=max(skill.level for skill in tube_skills),
                tutorials=tutorials.get(tube, ()),
            )
        )
    recommendations.sort(key=lambda r: (r.average_score, r.competence_code, r.tube))
    return CampaignAnalysis(participants=participants, competences=competences, tubes=tuple(recommendations))


def _tutorials_by_tube(*, skill_pks: list[int], language: str) -> dict[str, tuple[TutorialLink, ...]]:
    """The tutorials of the tubes' skills, in the reader's language when there are some (else French)."""
    rows = (
        Tutorial.objects.filter(skills__pk__in=skill_pks)
        .values_list("skills__tube__name", "title", "url", "source", "format", "duration_minutes", "locale")
        .distinct()
        .order_by("skills__tube__name", "title")
    )
    found: dict[str, dict[str, list[TutorialLink]]] = {}
    for tube, title, url, source, fmt, duration, locale in rows:
        links = found.setdefault(tube, {}).setdefault((locale or "fr")[:2].lower(), [])
        link = TutorialLink(title=title, url=url, source=source, format=fmt, duration_minutes=duration)
        if link not in links:
            links.append(link)
    return {
        tube: tuple(by_language.get(language[:2]) or by_language.get("fr") or ())
        for tube, by_language in found.items()
    }


# -- Profiles collection ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceLevel:
    code: str
    name: str
    area_code: str
    level: int
    pix: int


@dataclass(frozen=True)
class CollectedProfile:
    participation: CampaignParticipation
    last_name: str
    first_name: str
    pix_score: int
    certifiable_competences: int
    levels: tuple[CompetenceLevel, ...]

    @property
    def is_certifiable(self) -> bool:
        return self.certifiable_competences >= scoring.MINIMUM_CERTIFIABLE_COMPETENCES


def collected_profiles(
    *, campaign: Campaign, division: str = "", group: str = "", search: str = ""
) -> QuerySet[CampaignParticipation]:
    """The shared participations of a profiles collection, by name (one query per page)."""
    rows = _names_ordered(shared_participations(campaign=campaign))
    if division:
        rows = rows.filter(organization_learner__division=division)
    if group:
        rows = rows.filter(organization_learner__group=group)
    for word in search.split():
        rows = rows.filter(
            Q(organization_learner__first_name__icontains=word)
            | Q(organization_learner__last_name__icontains=word)
        )
    return rows


def collected_profile(participation: CampaignParticipation) -> CollectedProfile:
    """A shared profile as it was sent (frozen at sharing, capped levels, §1.9)."""
    snapshot = referential_snapshot()
    results = participation.results_snapshot or {}
    by_code = results.get("competences", {})
    last_name, first_name = participant_names(participation)
    return CollectedProfile(
        participation=participation,
        last_name=last_name,
        first_name=first_name,
        pix_score=int(results.get("pix_score") or 0),
        certifiable_competences=int(results.get("certifiable_competences") or 0),
        levels=tuple(
            CompetenceLevel(
                code=code,
                name=competence.name,
                area_code=competence.area.code,
                level=int(by_code.get(code, {}).get("level", 0)),
                pix=int(by_code.get(code, {}).get("pix", 0)),
            )
            for code, competence in snapshot.competences.items()
        ),
    )


# -- Exports ----------------------------------------------------------------------------------------


def export_job_in(*, campaign: Campaign, job_id: int):
    from campaigns.models import ExportJob

    return ExportJob.objects.filter(campaign=campaign, pk=job_id).first()


def participants_activity(
    *, campaign: Campaign, division: str = "", group: str = "", search: str = ""
) -> QuerySet[CampaignParticipation]:
    """Every current participant, by name, with `done` (the test is over): the activity list."""
    rows = _names_ordered(visible_participations(campaign=campaign)).annotate(done=completed_assessment())
    if division:
        rows = rows.filter(organization_learner__division=division)
    if group:
        rows = rows.filter(organization_learner__group=group)
    for word in search.split():
        rows = rows.filter(
            Q(organization_learner__first_name__icontains=word)
            | Q(organization_learner__last_name__icontains=word)
        )
    return rows
