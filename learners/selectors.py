"""Reads of the learner site: the home page, the profile of 16 competences, one competence, tutorials.

Pix, levels and statuses come from `assessments.selectors` (scorecards) and the engine; this module
only shapes them for the pages. Every function runs a fixed number of queries, whatever the history.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.engine import scoring
from assessments.engine.knowledge import latest_knowledge_elements
from assessments.engine.types import KnowledgeElement, KnowledgeElementSource, KnowledgeElementStatus
from assessments.selectors import (
    ReferentialSnapshot,
    knowledge_elements_of,
    referential_snapshot,
    scorecard_of,
    scorecards_of,
)
from learners.models import SavedTutorial
from pix.design import width_class  # noqa: F401 - also used by this module's callers
from referential.models import Competence, Skill, Tutorial

HOME_TUTORIALS = 3
HOME_RESUME_CARDS = 4
HOME_SUGGESTIONS = 3

STATUS_LABELS = {
    scoring.ScorecardStatus.NOT_STARTED: _("Non commencé"),
    scoring.ScorecardStatus.STARTED: _("En cours"),
    scoring.ScorecardStatus.COMPLETED: _("Terminé"),
}
STATUS_TAGS = {
    scoring.ScorecardStatus.NOT_STARTED: "tag--neutral",
    scoring.ScorecardStatus.STARTED: "tag--info",
    scoring.ScorecardStatus.COMPLETED: "tag--success",
}
TUTORIAL_FORMAT_LABELS = {
    "page": _("Page web"),
    "vidéo": _("Vidéo"),
    "outil": _("Outil"),
    "pdf": _("PDF"),
    "son": _("Son"),
    "jeu": _("Jeu"),
}


# -- Competence cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceCard:
    """One competence as a learner sees it: the referential's words and the learner's scorecard."""

    competence: Competence
    scorecard: scoring.Scorecard

    @property
    def code(self) -> str:
        return self.competence.code

    @property
    def name(self) -> str:
        return self.competence.name

    @property
    def description(self) -> str:
        return self.competence.description

    @property
    def area_code(self) -> str:
        return self.competence.area.code

    @property
    def area_name(self) -> str:
        return self.competence.area.name

    @property
    def level(self) -> int:
        return self.scorecard.level

    @property
    def pix(self) -> int:
        return self.scorecard.earned_pix

    @property
    def status(self) -> str:
        return self.scorecard.status.value

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.scorecard.status])

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS[self.scorecard.status]

    @property
    def pix_ahead(self) -> int:
        return self.scorecard.pix_score_ahead_of_next_level

    @property
    def pix_to_next_level(self) -> int:
        return self.scorecard.remaining_pix_to_next_level

    @property
    def next_level(self) -> int:
        return self.level + 1

    @property
    def progress_percentage(self) -> int:
        """Progress towards the next level (pix ahead ÷ 8); a full bar once the maximum level is reached."""
        if self.scorecard.is_max_level:
            return 100
        return scoring.round_half_up(self.scorecard.percentage_ahead_of_next_level)

    @property
    def progress_class(self) -> str:
        return width_class(self.progress_percentage)

    @property
    def details_url(self) -> str:
        return f"/competences/{self.code}/details"

    @property
    def play_url(self) -> str:
        # The player's page (learners' player module): start or resume the evaluation of this competence.
        return f"/competences/{self.code}/evaluer"


@dataclass(frozen=True)
class AreaGroup:
    code: str
    name: str
    cards: tuple[CompetenceCard, ...]

    @property
    def pix(self) -> int:
        return sum(card.pix for card in self.cards)


@dataclass(frozen=True)
class Certifiability:
    """Certifiable with at least 5 competences at level 1 or more (pix-engine.md §11)."""

    certifiable_competences: int
    required: int = scoring.MINIMUM_CERTIFIABLE_COMPETENCES

    @property
    def is_certifiable(self) -> bool:
        return self.certifiable_competences >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.certifiable_competences)

    @property
    def progress_class(self) -> str:
        return width_class(100 * min(self.certifiable_competences, self.required) / self.required)


def _cards(
    snapshot: ReferentialSnapshot, scorecards: Iterable[scoring.Scorecard]
) -> tuple[CompetenceCard, ...]:
    return tuple(
        CompetenceCard(competence=snapshot.competences[scorecard.competence], scorecard=scorecard)
        for scorecard in scorecards
    )


def _certifiability(snapshot: ReferentialSnapshot, elements: Sequence[KnowledgeElement]) -> Certifiability:
    return Certifiability(
        certifiable_competences=scoring.certifiable_competence_count(
            knowledge_elements=elements, competences=list(snapshot.competences)
        )
    )


def _max_pix(competence_count: int) -> int:
    return settings.MAX_REACHABLE_LEVEL * scoring.PIX_PER_LEVEL * competence_count


# -- Tutorials ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TutorialItem:
    id: int
    title: str
    url: str
    source: str
    format: str
    duration_minutes: int
    is_saved: bool
    competence: Competence | None = None  # the competence it is recommended for, when it is

    @property
    def format_label(self) -> str:
        return str(TUTORIAL_FORMAT_LABELS.get(self.format, self.format))

    @property
    def area_code(self) -> str:
        return self.competence.area.code if self.competence else ""


def _tutorial_item(
    tutorial: Tutorial, *, is_saved: bool, competence: Competence | None = None
) -> TutorialItem:
    return TutorialItem(
        id=tutorial.pk,
        title=tutorial.title,
        url=tutorial.url,
        source=tutorial.source,
        format=tutorial.format,
        duration_minutes=tutorial.duration_minutes,
        is_saved=is_saved,
        competence=competence,
    )


def _failed_skill_names(elements: Iterable[KnowledgeElement], competence_code: str | None) -> list[str]:
    """Skills whose current element (latest, not reset) is a direct failure, as the reference does.

    Inferred failures are left out: failing a level-2 question invalidates every harder skill of the
    tube, and recommending all their tutorials would bury the one that matters.
    """
    return [
        element.skill_id
        for element in latest_knowledge_elements(knowledge_elements=elements)
        if element.status == KnowledgeElementStatus.INVALIDATED
        and element.source == KnowledgeElementSource.DIRECT
        and (competence_code is None or element.competence == competence_code)
    ]


def _saved_ids(user, tutorial_ids: Iterable[int]) -> set[int]:
    wanted = list(tutorial_ids)
    if not wanted:
        return set()
    return set(
        SavedTutorial.objects.filter(user=user, tutorial_id__in=wanted).values_list("tutorial_id", flat=True)
    )


def _recommended(
    *,
    user,
    snapshot: ReferentialSnapshot,
    elements: Sequence[KnowledgeElement],
    competence_code: str | None = None,
    limit: int | None = None,
) -> tuple[tuple[TutorialItem, ...], int]:
    """The recommended tutorials (at most `limit`) and how many there are in all: two queries at most."""
    failed = _failed_skill_names(elements, competence_code)
    if not failed:
        return (), 0
    positions = {code: index for index, code in enumerate(snapshot.competences)}
    skill_order = {
        snapshot.skill_pks[name]: (
            positions[snapshot.skills[name].competence],
            snapshot.skills[name].level,
            snapshot.skills[name].tube,
        )
        for name in failed
        if name in snapshot.skill_pks
    }
    links = Skill.tutorials.through.objects.filter(skill_id__in=list(skill_order)).select_related("tutorial")
    seen: set[int] = set()
    ordered: list[tuple[Tutorial, Competence]] = []
    for link in sorted(
        links, key=lambda link: (skill_order[link.skill_id], link.tutorial.title, link.tutorial_id)
    ):
        if link.tutorial_id in seen:
            continue
        seen.add(link.tutorial_id)
        skill = snapshot.skills[snapshot.skill_names_by_pk[link.skill_id]]
        ordered.append((link.tutorial, snapshot.competences[skill.competence]))
    shown = ordered[:limit] if limit is not None else ordered
    saved = _saved_ids(user, (tutorial.pk for tutorial, _competence in shown))
    return (
        tuple(
            _tutorial_item(tutorial, is_saved=tutorial.pk in saved, competence=competence)
            for tutorial, competence in shown
        ),
        len(ordered),
    )


def recommended_tutorials_for(*, user, competence: str | None = None) -> tuple[TutorialItem, ...]:
    """Tutorials of the skills the learner currently fails, without duplicates, in framework order."""
    snapshot = referential_snapshot()
    elements = knowledge_elements_of(user=user, snapshot=snapshot, competence_code=competence)
    items, _count = _recommended(user=user, snapshot=snapshot, elements=elements, competence_code=competence)
    return items


def saved_tutorials_for(*, user) -> tuple[TutorialItem, ...]:
    """The learner's saved tutorials, the latest saved first, each with its competence: two queries."""
    snapshot = referential_snapshot()
    saved = list(SavedTutorial.objects.filter(user=user).select_related("tutorial"))
    competences: dict[int, Competence] = {}
    links = (
        Skill.tutorials.through.objects.filter(tutorial_id__in=[row.tutorial_id for row in saved])
        .order_by("skill_id")
        .values_list("tutorial_id", "skill_id")
        if saved
        else ()
    )
    for tutorial_id, skill_id in links:
        skill = snapshot.skills.get(snapshot.skill_names_by_pk.get(skill_id, ""))
        if skill is not None and tutorial_id not in competences:
            competences[tutorial_id] = snapshot.competences[skill.competence]
    return tuple(
        _tutorial_item(row.tutorial, is_saved=True, competence=competences.get(row.tutorial_id))
        for row in saved
    )


@dataclass(frozen=True)
class TutorialsPage:
    tutorials: tuple[TutorialItem, ...]
    recommended_count: int
    saved_count: int


def tutorials_page_for(*, user, tab: str) -> TutorialsPage:
    """'Mes tutos': the tutorials of one tab ("recommandes" or "enregistres") and the count of each."""
    snapshot = referential_snapshot()
    elements = knowledge_elements_of(user=user, snapshot=snapshot)
    recommended, recommended_count = _recommended(user=user, snapshot=snapshot, elements=elements)
    if tab == "enregistres":
        saved = saved_tutorials_for(user=user)
        return TutorialsPage(tutorials=saved, recommended_count=recommended_count, saved_count=len(saved))
    saved_count = SavedTutorial.objects.filter(user=user).count()
    return TutorialsPage(tutorials=recommended, recommended_count=recommended_count, saved_count=saved_count)


# -- Profile chart ------------------------------------------------------------------------------


# Coordinates are strings with a dot, so that no template localisation ("210,5") ever reaches the SVG.


@dataclass(frozen=True)
class Petal:
    card: CompetenceCard
    track_path: str
    fill_path: str  # empty when the learner has no pix in this competence
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Ring:
    level: int
    radius: str


@dataclass(frozen=True)
class ProfileChart:
    """A flower of 16 petals, one per competence; a petal's length is its pix out of the maximum."""

    size: int
    centre: str
    inner_radius: str
    petals: tuple[Petal, ...]
    rings: tuple[Ring, ...]


CHART_SIZE = 420
CHART_INNER = 46.0
CHART_OUTER = 168.0
CHART_LABEL = 192.0
CHART_GAP_DEGREES = 1.6


def _point(centre: float, radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees - 90)  # 0° at the top, clockwise
    return centre + radius * math.cos(angle), centre + radius * math.sin(angle)


def _sector(centre: float, inner: float, outer: float, start: float, end: float) -> str:
    x0, y0 = _point(centre, inner, start)
    x1, y1 = _point(centre, outer, start)
    x2, y2 = _point(centre, outer, end)
    x3, y3 = _point(centre, inner, end)
    return (
        f"M{x0:.2f} {y0:.2f}L{x1:.2f} {y1:.2f}A{outer:.2f} {outer:.2f} 0 0 1 {x2:.2f} {y2:.2f}"
        f"L{x3:.2f} {y3:.2f}A{inner:.2f} {inner:.2f} 0 0 0 {x0:.2f} {y0:.2f}Z"
    )


def profile_chart(cards: Sequence[CompetenceCard], *, max_level: int) -> ProfileChart:
    centre = CHART_SIZE / 2
    span = 360 / max(1, len(cards))
    max_pix = max_level * scoring.PIX_PER_LEVEL
    petals = []
    for index, card in enumerate(cards):
        start, end = index * span + CHART_GAP_DEGREES / 2, (index + 1) * span - CHART_GAP_DEGREES / 2
        share = min(card.scorecard.exactly_earned_pix, max_pix) / max_pix if max_pix else 0
        outer = CHART_INNER + (CHART_OUTER - CHART_INNER) * float(share)
        label_x, label_y = _point(centre, CHART_LABEL, (start + end) / 2)
        petals.append(
            Petal(
                card=card,
                track_path=_sector(centre, CHART_INNER, CHART_OUTER, start, end),
                fill_path=_sector(centre, CHART_INNER, outer, start, end) if share > 0 else "",
                label_x=f"{label_x:.2f}",
                label_y=f"{label_y:.2f}",
            )
        )
    rings = tuple(
        Ring(level=level, radius=f"{CHART_INNER + (CHART_OUTER - CHART_INNER) * level / max_level:.2f}")
        for level in range(1, max_level + 1)
    )
    return ProfileChart(
        size=CHART_SIZE,
        centre=f"{centre:.2f}",
        inner_radius=f"{CHART_INNER:.2f}",
        petals=tuple(petals),
        rings=rings,
    )


# -- Pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    cards: tuple[CompetenceCard, ...]
    areas: tuple[AreaGroup, ...]
    total_pix: int
    max_pix: int
    max_level: int
    certifiability: Certifiability
    chart: ProfileChart

    @property
    def started_count(self) -> int:
        return sum(1 for card in self.cards if not card.scorecard.is_not_started)

    @property
    def completed_count(self) -> int:
        return sum(1 for card in self.cards if card.scorecard.is_completed)

    @property
    def total_progress_class(self) -> str:
        return width_class(100 * self.total_pix / self.max_pix if self.max_pix else 0)


def _areas(cards: Sequence[CompetenceCard]) -> tuple[AreaGroup, ...]:
    groups: dict[str, list[CompetenceCard]] = {}
    for card in cards:
        groups.setdefault(card.area_code, []).append(card)
    return tuple(
        AreaGroup(code=code, name=members[0].area_name, cards=tuple(members))
        for code, members in groups.items()
    )


def profile_for(*, user, now: datetime | None = None) -> Profile:
    """The 16 competences by area, the total pix, certifiability and the chart: five queries."""
    now = now or timezone.now()
    snapshot = referential_snapshot()
    cards = _cards(snapshot, scorecards_of(user=user, now=now))
    elements = knowledge_elements_of(user=user, snapshot=snapshot)
    return Profile(
        cards=cards,
        areas=_areas(cards),
        total_pix=sum(card.pix for card in cards),
        max_pix=_max_pix(len(cards)),
        max_level=settings.MAX_REACHABLE_LEVEL,
        certifiability=_certifiability(snapshot, elements),
        chart=profile_chart(cards, max_level=settings.MAX_REACHABLE_LEVEL),
    )


@dataclass(frozen=True)
class Home:
    first_name: str
    total_pix: int
    max_pix: int
    to_resume: tuple[CompetenceCard, ...]
    resume_count: int
    to_start: tuple[CompetenceCard, ...]
    tutorials: tuple[TutorialItem, ...]
    recommended_count: int
    certifiability: Certifiability
    started_count: int
    completed_count: int
    campaigns: tuple = ()  # learners.campaigns.selectors.CampaignCard: to resume, or results to send
    campaigns_count: int = 0

    @property
    def total_progress_class(self) -> str:
        return width_class(100 * self.total_pix / self.max_pix if self.max_pix else 0)


def _suggestions(cards: Sequence[CompetenceCard], count: int) -> tuple[CompetenceCard, ...]:
    """Competences not started yet, one per area first, in framework order."""
    fresh = [card for card in cards if card.scorecard.is_not_started]
    chosen: list[CompetenceCard] = []
    areas_taken: set[str] = set()
    for card in fresh:
        if len(chosen) < count and card.area_code not in areas_taken:
            chosen.append(card)
            areas_taken.add(card.area_code)
    for card in fresh:
        if len(chosen) < count and card not in chosen:
            chosen.append(card)
    return tuple(sorted(chosen, key=lambda card: fresh.index(card)))


def home_for(*, user, now: datetime | None = None) -> Home:
    """The dashboard: campaigns and competences to resume, what to start, tutorials, certifiability, total pix."""
    now = now or timezone.now()
    snapshot = referential_snapshot()
    cards = _cards(snapshot, scorecards_of(user=user, now=now))
    elements = knowledge_elements_of(user=user, snapshot=snapshot)
    last_move: dict[str, datetime] = {}
    for element in elements:
        last_move[element.competence] = element.created_at  # oldest first: the last one wins
    started = sorted(
        (card for card in cards if card.scorecard.is_started),
        key=lambda card: last_move.get(card.code, now),
        reverse=True,
    )
    tutorials, recommended_count = _recommended(
        user=user, snapshot=snapshot, elements=elements, limit=HOME_TUTORIALS
    )
    from learners.campaigns.selectors import campaign_cards_for  # it uses this module's width_class

    campaigns, campaigns_count = campaign_cards_for(user=user)
    return Home(
        first_name=user.first_name,
        total_pix=sum(card.pix for card in cards),
        max_pix=_max_pix(len(cards)),
        to_resume=tuple(started[:HOME_RESUME_CARDS]),
        resume_count=len(started),
        to_start=_suggestions(cards, HOME_SUGGESTIONS),
        tutorials=tutorials,
        recommended_count=recommended_count,
        certifiability=_certifiability(snapshot, elements),
        started_count=sum(1 for card in cards if not card.scorecard.is_not_started),
        completed_count=sum(1 for card in cards if card.scorecard.is_completed),
        campaigns=campaigns,
        campaigns_count=campaigns_count,
    )


@dataclass(frozen=True)
class CompetenceDetails:
    card: CompetenceCard
    tutorials: tuple[TutorialItem, ...]
    max_level: int

    @property
    def scorecard(self) -> scoring.Scorecard:
        return self.card.scorecard

    @property
    def level_ring_length(self) -> int:
        """Length of the arc drawn around "NIVEAU n" (progress to the next level), circumference 100."""
        return self.card.progress_percentage

    @property
    def can_start(self) -> bool:
        return self.scorecard.is_not_started

    @property
    def can_resume(self) -> bool:
        return self.scorecard.is_progressable

    @property
    def has_something_to_reset(self) -> bool:
        return not self.scorecard.is_not_started


def competence_card_for(*, user, code: str, now: datetime | None = None) -> CompetenceCard | None:
    """One competence and its scorecard; None for an unknown code (callers answer 404)."""
    snapshot = referential_snapshot()
    competence = snapshot.competences.get(code)
    if competence is None:
        return None
    return CompetenceCard(
        competence=competence,
        scorecard=scorecard_of(user=user, competence_code=code, now=now or timezone.now()),
    )


def competence_details_for(*, user, code: str, now: datetime | None = None) -> CompetenceDetails | None:
    """The details page of one competence; None for an unknown code (callers answer 404)."""
    card = competence_card_for(user=user, code=code, now=now)
    if card is None:
        return None
    return CompetenceDetails(
        card=card,
        tutorials=recommended_tutorials_for(user=user, competence=code),
        max_level=settings.MAX_REACHABLE_LEVEL,
    )
