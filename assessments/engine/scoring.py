"""Pix, levels, scorecards, certifiability, mastery, stages and badges (pix-engine.md §7, §10.3–10.5, §11).

Pix are summed as `Fraction`s: a level is worth exactly 8 pix, split among its skills (8/3 each for
three skills), and a float sum of 8/3 + 8/3 + 8/3 + 4 + 4 lands just under 16 and floors one level
too low. Every rounding here is explicit: `floor` for pix and levels, half-up for percentages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from assessments.engine.knowledge import (
    ANSWER_STATUS_OK,
    MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING,
    latest_knowledge_elements,
    merge_new_knowledge_elements,
)
from assessments.engine.types import KnowledgeElement, KnowledgeElementStatus, Skill, SkillStatus

PIX_PER_LEVEL = 8
DEFAULT_MAX_REACHABLE_LEVEL = 7
MINIMUM_DELAY_IN_DAYS_FOR_RESET = 7
MINIMUM_CERTIFIABLE_COMPETENCES = 5
MINIMUM_LEVEL_FOR_A_CERTIFIABLE_COMPETENCE = 1

_ONE_DAY = timedelta(days=1)


def round_half_up(value: Fraction) -> int:
    """Round like JavaScript's Math.round (halves go up), which the reference uses for percentages."""
    return math.floor(value + Fraction(1, 2))


# --- Pix and levels (§7.1) -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompetenceScore:
    competence: str
    exact_pix: Fraction  # the unrounded, uncapped sum ("realTotal")
    pix_score: int  # floor(exact_pix), capped unless excess is allowed
    level: int  # floor(exact_pix / 8), capped unless excess is allowed

    @property
    def pix_score_ahead_of_next_level(self) -> int:
        return self.pix_score % PIX_PER_LEVEL

    @property
    def remaining_pix_to_next_level(self) -> int:
        return PIX_PER_LEVEL - self.pix_score_ahead_of_next_level

    @property
    def percentage_ahead_of_next_level(self) -> Fraction:
        return Fraction(self.pix_score_ahead_of_next_level * 100, PIX_PER_LEVEL)


def earned_pix(*, knowledge_elements: Iterable[KnowledgeElement]) -> Fraction:
    """Exact sum of the pix of the current validated elements (the input is reduced to the latest first)."""
    return sum(
        (
            element.earned_pix
            for element in latest_knowledge_elements(knowledge_elements=knowledge_elements)
            if element.status == KnowledgeElementStatus.VALIDATED
        ),
        start=Fraction(0),
    )


def score_from_pix(
    *,
    competence: str,
    exact_pix: Fraction,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    allow_excess: bool = False,
) -> CompetenceScore:
    pix_score = math.floor(exact_pix)
    level = math.floor(exact_pix / PIX_PER_LEVEL)
    if not allow_excess:
        pix_score = min(pix_score, max_reachable_level * PIX_PER_LEVEL)
        level = min(level, max_reachable_level)
    return CompetenceScore(competence=competence, exact_pix=exact_pix, pix_score=pix_score, level=level)


def competence_score(
    *,
    competence: str,
    knowledge_elements: Iterable[KnowledgeElement],
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    allow_excess: bool = False,
) -> CompetenceScore:
    """Pix and level of one competence from the user's elements (other competences are ignored)."""
    return score_from_pix(
        competence=competence,
        exact_pix=earned_pix(
            knowledge_elements=(e for e in knowledge_elements if e.competence == competence)
        ),
        max_reachable_level=max_reachable_level,
        allow_excess=allow_excess,
    )


def competence_scores(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    competences: Iterable[str] | None = None,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    allow_excess: bool = False,
) -> dict[str, CompetenceScore]:
    """Scores by competence: the listed ones (0 when untouched), or those present in the elements."""
    by_competence: dict[str, list[KnowledgeElement]] = defaultdict(list)
    for element in latest_knowledge_elements(knowledge_elements=knowledge_elements):
        by_competence[element.competence].append(element)
    wanted = sorted(by_competence) if competences is None else list(competences)
    return {
        competence: competence_score(
            competence=competence,
            knowledge_elements=by_competence.get(competence, ()),
            max_reachable_level=max_reachable_level,
            allow_excess=allow_excess,
        )
        for competence in wanted
    }


def total_pix_score(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> int:
    """The profile's pix: the sum of the capped pix score of every competence."""
    scores = competence_scores(knowledge_elements=knowledge_elements, max_reachable_level=max_reachable_level)
    return sum(score.pix_score for score in scores.values())


# --- Scorecard (§7.2) ------------------------------------------------------------------------------


class ScorecardStatus(StrEnum):
    NOT_STARTED = "NOT_STARTED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"


COMPETENCE_EVALUATION_RESET = "reset"
ASSESSMENT_COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class Scorecard:
    competence: str
    level: int
    earned_pix: int
    exactly_earned_pix: Fraction
    status: ScorecardStatus
    remaining_days_before_reset: int | None  # None when there is no knowledge element
    remaining_days_before_improving: int | None
    max_reachable_level: int

    @property
    def pix_score_ahead_of_next_level(self) -> int:
        return self.earned_pix % PIX_PER_LEVEL

    @property
    def remaining_pix_to_next_level(self) -> int:
        return PIX_PER_LEVEL - self.pix_score_ahead_of_next_level

    @property
    def percentage_ahead_of_next_level(self) -> Fraction:
        return Fraction(self.pix_score_ahead_of_next_level * 100, PIX_PER_LEVEL)

    @property
    def is_max_level(self) -> bool:
        return self.level >= self.max_reachable_level

    @property
    def is_not_started(self) -> bool:
        return self.status == ScorecardStatus.NOT_STARTED

    @property
    def is_started(self) -> bool:
        return self.status == ScorecardStatus.STARTED

    @property
    def is_completed(self) -> bool:
        return self.status == ScorecardStatus.COMPLETED

    @property
    def is_progressable(self) -> bool:
        return self.is_started and not self.is_max_level

    @property
    def is_improvable(self) -> bool:
        return self.is_completed and not self.is_max_level and self.remaining_days_before_improving == 0

    @property
    def should_wait_before_improving(self) -> bool:
        return (
            self.is_completed
            and not self.is_max_level
            and self.remaining_days_before_improving is not None
            and self.remaining_days_before_improving > 0
        )

    @property
    def is_resettable(self) -> bool:
        return (self.is_started or self.is_completed) and self.remaining_days_before_reset == 0

    @property
    def has_not_earned_anything(self) -> bool:
        return self.earned_pix == 0

    @property
    def has_reached_at_least_level_one(self) -> bool:
        return self.level >= 1


def remaining_days(*, since: datetime | None, now: datetime, delay_days: int) -> int | None:
    """max(0, ceil(delay − days elapsed since `since`)), in exact time arithmetic; None without a date."""
    if since is None:
        return None
    remaining = timedelta(days=delay_days) - (now - since)
    return max(0, -(-remaining // _ONE_DAY))


def build_scorecard(
    *,
    competence: str,
    knowledge_elements: Iterable[KnowledgeElement],
    now: datetime,
    competence_evaluation_status: str | None = None,
    assessment_state: str | None = None,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    reset_delay_days: int = MINIMUM_DELAY_IN_DAYS_FOR_RESET,
    improving_delay_days: int = MINIMUM_DELAY_IN_DAYS_BEFORE_IMPROVING,
) -> Scorecard:
    """The scorecard of one competence.

    `competence_evaluation_status` is None when the user has no competence evaluation, else "started"
    or "reset"; `assessment_state` is the state of that evaluation's current assessment.
    """
    elements = latest_knowledge_elements(
        knowledge_elements=(e for e in knowledge_elements if e.competence == competence)
    )
    score = competence_score(
        competence=competence, knowledge_elements=elements, max_reachable_level=max_reachable_level
    )
    if competence_evaluation_status is None or competence_evaluation_status == COMPETENCE_EVALUATION_RESET:
        status = ScorecardStatus.STARTED if elements else ScorecardStatus.NOT_STARTED
    elif assessment_state == ASSESSMENT_COMPLETED:
        status = ScorecardStatus.COMPLETED
    else:
        status = ScorecardStatus.STARTED
    last_move = max((e.created_at for e in elements), default=None)
    return Scorecard(
        competence=competence,
        level=score.level,
        earned_pix=score.pix_score,
        exactly_earned_pix=score.exact_pix,
        status=status,
        remaining_days_before_reset=remaining_days(since=last_move, now=now, delay_days=reset_delay_days),
        remaining_days_before_improving=remaining_days(
            since=last_move, now=now, delay_days=improving_delay_days
        ),
        max_reachable_level=max_reachable_level,
    )


def level_reached_by_answer(
    *,
    competence: str,
    answer_status: str,
    knowledge_elements: Sequence[KnowledgeElement],
    new_knowledge_elements: Sequence[KnowledgeElement],
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
    is_exam: bool = False,
) -> int | None:
    """The new (capped) level when this OK answer raised the competence's level, else None.

    `knowledge_elements` are the user's elements before the answer, `new_knowledge_elements` the ones
    it created. EXAM campaigns never announce a level-up.
    """
    if answer_status != ANSWER_STATUS_OK or is_exam:
        return None
    before = competence_score(
        competence=competence, knowledge_elements=knowledge_elements, max_reachable_level=max_reachable_level
    )
    after = competence_score(
        competence=competence,
        knowledge_elements=merge_new_knowledge_elements(
            knowledge_elements=knowledge_elements, new_knowledge_elements=new_knowledge_elements
        ),
        max_reachable_level=max_reachable_level,
    )
    return after.level if after.level > before.level else None


# --- Certifiability (§11) --------------------------------------------------------------------------


def placement_profile(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    competences: Iterable[str],
    limit_date: datetime | None = None,
) -> dict[str, CompetenceScore]:
    """Uncapped scores of the given (Pix) competences, from the elements created before `limit_date`."""
    return competence_scores(
        knowledge_elements=latest_knowledge_elements(
            knowledge_elements=knowledge_elements, limit_date=limit_date
        ),
        competences=competences,
        allow_excess=True,
    )


def certifiable_competence_count(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    competences: Iterable[str],
    limit_date: datetime | None = None,
) -> int:
    profile = placement_profile(
        knowledge_elements=knowledge_elements, competences=competences, limit_date=limit_date
    )
    return sum(1 for score in profile.values() if score.level >= MINIMUM_LEVEL_FOR_A_CERTIFIABLE_COMPETENCE)


def is_certifiable(
    *,
    knowledge_elements: Iterable[KnowledgeElement],
    competences: Iterable[str],
    limit_date: datetime | None = None,
) -> bool:
    """At least 5 of the given competences at level 1 or more on the uncapped profile."""
    count = certifiable_competence_count(
        knowledge_elements=knowledge_elements, competences=competences, limit_date=limit_date
    )
    return count >= MINIMUM_CERTIFIABLE_COMPETENCES


# --- Campaigns: skills, mastery, stages, badges (§10) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class CappedTube:
    tube: str  # "@tubeName", as in Skill.tube
    level: int


def campaign_skills_from_capped_tubes(
    *, skills: Iterable[Skill], capped_tubes: Iterable[CappedTube]
) -> tuple[Skill, ...]:
    """The active skills of each capped tube up to its cap, ordered by tube, level and id (§10.1)."""
    caps: dict[str, int] = {}
    for capped in capped_tubes:
        caps[capped.tube] = max(capped.level, caps.get(capped.tube, capped.level))
    return tuple(
        sorted(
            (
                skill
                for skill in skills
                if skill.status == SkillStatus.ACTIVE
                and skill.tube in caps
                and skill.level <= caps[skill.tube]
            ),
            key=lambda skill: (skill.tube, skill.level, skill.id),
        )
    )


def mastery_rate(*, validated_skill_ids: Collection[str], skill_ids: Collection[str]) -> Fraction:
    """Share (0 to 1) of the skills that are validated; 0 for an empty skill set."""
    wanted = set(skill_ids)
    if not wanted:
        return Fraction(0)
    return Fraction(len(wanted.intersection(validated_skill_ids)), len(wanted))


def mastery_percentage(*, validated_skill_ids: Collection[str], skill_ids: Collection[str]) -> int:
    """round(100 × validated / skills), halves up; 0 for an empty skill set (§10.3)."""
    return round_half_up(100 * mastery_rate(validated_skill_ids=validated_skill_ids, skill_ids=skill_ids))


@dataclass(frozen=True, slots=True)
class Stage:
    id: int
    threshold: int | None = None  # % of mastery of the campaign skills
    level: int | None = None  # or a skill level
    is_first_skill: bool = False

    @property
    def is_zero_stage(self) -> bool:
        return self.threshold == 0 or self.level == 0


def stage_threshold(*, stage: Stage, campaign_skills: Collection[Skill]) -> int:
    """The mastery % a stage needs; a level stage needs the share of campaign skills up to that level."""
    if stage.level is None:
        return stage.threshold or 0
    if not campaign_skills:
        return 100
    up_to_level = sum(1 for skill in campaign_skills if skill.level <= stage.level)
    return round_half_up(Fraction(100 * up_to_level, len(campaign_skills)))


def acquired_stages(
    *,
    stages: Sequence[Stage],
    campaign_skills: Collection[Skill],
    validated_skill_ids: Collection[str],
    already_acquired_stage_ids: Collection[int] = (),
) -> tuple[Stage, ...]:
    """Stages the participant holds, in the given order; stages acquired earlier are kept (§10.4)."""
    skill_ids = {skill.id for skill in campaign_skills}
    validated_count = len(skill_ids.intersection(validated_skill_ids))
    percentage = mastery_percentage(validated_skill_ids=validated_skill_ids, skill_ids=skill_ids)

    def is_acquired(stage: Stage) -> bool:
        if stage.id in already_acquired_stage_ids or stage.is_zero_stage:
            return True
        if stage.is_first_skill:
            return validated_count >= 1
        return stage_threshold(stage=stage, campaign_skills=campaign_skills) <= percentage

    return tuple(stage for stage in stages if is_acquired(stage))


def newly_acquired_stages(
    *,
    stages: Sequence[Stage],
    campaign_skills: Collection[Skill],
    validated_skill_ids: Collection[str],
    already_acquired_stage_ids: Collection[int],
) -> tuple[Stage, ...]:
    """Stages to record as acquired now."""
    return tuple(
        stage
        for stage in acquired_stages(
            stages=stages, campaign_skills=campaign_skills, validated_skill_ids=validated_skill_ids
        )
        if stage.id not in already_acquired_stage_ids
    )


class BadgeCriterionScope(StrEnum):
    CAMPAIGN_PARTICIPATION = "CampaignParticipation"
    CAPPED_TUBES = "CappedTubes"


@dataclass(frozen=True, slots=True)
class BadgeCriterion:
    scope: BadgeCriterionScope
    threshold: int  # % of mastery of the criterion's skill set
    capped_tubes: tuple[CappedTube, ...] = ()


@dataclass(frozen=True, slots=True)
class Badge:
    id: int
    criteria: tuple[BadgeCriterion, ...]


@dataclass(frozen=True, slots=True)
class BadgeResult:
    badge_id: int
    is_obtained: bool
    progress_percentage: int
    criterion_percentages: tuple[int, ...]  # one per criterion kept (criteria with no skill are dropped)


def criterion_skill_ids(*, criterion: BadgeCriterion, campaign_skills: Collection[Skill]) -> frozenset[str]:
    if criterion.scope == BadgeCriterionScope.CAMPAIGN_PARTICIPATION:
        return frozenset(skill.id for skill in campaign_skills)
    return frozenset(
        skill.id
        for skill in campaign_skills
        if any(skill.tube == capped.tube and skill.level <= capped.level for capped in criterion.capped_tubes)
    )


def criterion_acquisition_percentage(
    *, criterion: BadgeCriterion, skill_ids: Collection[str], validated_skill_ids: Collection[str]
) -> int:
    """min(100, round(mastery % / threshold × 100)); a criterion is fulfilled at exactly 100."""
    if criterion.threshold <= 0:
        return 100
    percentage = mastery_percentage(validated_skill_ids=validated_skill_ids, skill_ids=skill_ids)
    return min(100, round_half_up(Fraction(percentage * 100, criterion.threshold)))


def badge_result(
    *,
    badge: Badge,
    campaign_skills: Collection[Skill],
    validated_skill_ids: Collection[str],
) -> BadgeResult:
    """Obtained iff every criterion is fulfilled; progress is the rounded mean of criterion percentages."""
    percentages: list[int] = []
    for criterion in badge.criteria:
        skill_ids = criterion_skill_ids(criterion=criterion, campaign_skills=campaign_skills)
        if not skill_ids:
            continue
        percentages.append(
            criterion_acquisition_percentage(
                criterion=criterion, skill_ids=skill_ids, validated_skill_ids=validated_skill_ids
            )
        )
    if not percentages:
        # Every criterion was dropped: nothing can be measured, so nothing is awarded.
        return BadgeResult(
            badge_id=badge.id, is_obtained=False, progress_percentage=0, criterion_percentages=()
        )
    return BadgeResult(
        badge_id=badge.id,
        is_obtained=all(percentage == 100 for percentage in percentages),
        progress_percentage=round_half_up(Fraction(sum(percentages), len(percentages))),
        criterion_percentages=tuple(percentages),
    )
