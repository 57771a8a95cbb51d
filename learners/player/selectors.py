"""Reads of the test player: where a learner stands in a test, checkpoint rows, end-page figures."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from assessments.engine import scoring
from assessments.models import Answer, Assessment
from assessments.selectors import ReferentialSnapshot, knowledge_elements_of, referential_snapshot
from challenges.models import Challenge
from challenges.presentation import VerdictView, prefetch_for_presentation, render_markdown, verdict_for
from pix.design import width_class  # noqa: F401 - also used by this module's callers
from referential.models import Competence

# A checkpoint ("Vos résultats") every 5 answers, and one at the end (pix-orga-learner.md §3.4).
CHECKPOINT_EVERY = 5
EXCERPT_LENGTH = 90
# The player drives the tests whose next question it knows how to ask.
PLAYABLE_TYPES = frozenset({Assessment.Type.COMPETENCE_EVALUATION, Assessment.Type.CAMPAIGN})
# What a question page shows above the question: the competence, or the campaign and its organization.
PLAYER_RELATED = ("competence__area", "campaign_participation__campaign__organization")

_SPACES = re.compile(r"\s+")


def playable_assessment_of(*, user, assessment_id: int) -> Assessment | None:
    """The learner's own test that this player can run, with `answer_count`; None otherwise (404).

    One query: the player needs the number of answers on every page to know where the learner stands.
    """
    if not user.is_authenticated:
        return None
    return (
        Assessment.objects.filter(pk=assessment_id, user=user, type__in=PLAYABLE_TYPES)
        # A campaign test whose participation the organization deleted is nobody's to play any more.
        .exclude(type=Assessment.Type.CAMPAIGN, campaign_participation__deleted_at__isnull=False)
        .select_related(*PLAYER_RELATED)
        .annotate(answer_count=Count("answers"))
        .first()
    )


def reportable_assessment_of(*, user, assessment_id: int) -> Assessment | None:
    """The learner's own test where a question may be reported: any but a certification (its own process)."""
    if not user.is_authenticated:
        return None
    return (
        Assessment.objects.filter(pk=assessment_id, user=user)
        .exclude(type=Assessment.Type.CERTIFICATION)
        .select_related(*PLAYER_RELATED)
        .first()
    )


def campaign_of(assessment: Assessment):
    """The campaign a campaign test belongs to (loaded with the assessment); None for other tests."""
    if assessment.type != Assessment.Type.CAMPAIGN or assessment.campaign_participation is None:
        return None
    return assessment.campaign_participation.campaign


def asked_challenge_of(*, assessment: Assessment) -> Challenge | None:
    """The challenge the learner was last asked (answered or not), from the cached referential."""
    if not assessment.last_challenge_id:
        return None
    return referential_snapshot().challenge_rows.get(assessment.last_challenge_id)


def position_in_block(number: int) -> int:
    """1 to 5: where question `number` (1-based) stands in its block between two checkpoints."""
    return (number - 1) % CHECKPOINT_EVERY + 1


def is_checkpoint_due(answered: int) -> bool:
    return answered > 0 and answered % CHECKPOINT_EVERY == 0


def remaining_seconds(
    *, challenge: Challenge, assessment: Assessment, now: datetime | None = None
) -> int | None:
    """Seconds left on a timed challenge by the server's clock (negative once expired); None if untimed."""
    if challenge.timer is None:
        return None
    if assessment.last_question_date is None:
        return challenge.timer
    elapsed = ((now or timezone.now()) - assessment.last_question_date).total_seconds()
    return math.floor(challenge.timer - elapsed)


def instruction_excerpt(instruction: str, *, length: int = EXCERPT_LENGTH) -> str:
    """The start of an instruction as plain text: Markdown rendered, tags removed, spaces collapsed."""
    text = html.unescape(strip_tags(render_markdown(instruction)))
    return Truncator(_SPACES.sub(" ", text).strip()).chars(length)


# -- Checkpoints and results --------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    number: int  # position of the question in the test, from 1
    answer_id: int
    challenge_id: str
    verdict: VerdictView
    excerpt: str
    correction_url: str

    @property
    def is_ok(self) -> bool:
        return self.verdict.is_ok


def answer_rows_of(
    *, assessment: Assessment, snapshot: ReferentialSnapshot | None = None, last: int | None = None
) -> tuple[AnswerRow, ...]:
    """The test's answers in order (only the `last` ones when given): one query, whatever the history."""
    snapshot = snapshot or referential_snapshot()
    rows = list(
        Answer.objects.filter(assessment=assessment)
        .order_by("created_at", "id")
        .values_list("id", "challenge_id", "result")
    )
    first = max(0, len(rows) - last) if last is not None else 0
    return tuple(
        AnswerRow(
            number=index + 1,
            answer_id=answer_id,
            challenge_id=challenge_id,
            verdict=verdict_for(result),
            excerpt=instruction_excerpt(snapshot.challenge_rows[challenge_id].instruction)
            if challenge_id in snapshot.challenge_rows
            else "",
            correction_url=reverse(
                "learners:answer_correction", kwargs={"assessment_id": assessment.pk, "answer_id": answer_id}
            ),
        )
        for index, (answer_id, challenge_id, result) in enumerate(rows)
        if index >= first
    )


@dataclass(frozen=True)
class CompetenceResult:
    competence: Competence
    level: int
    pix: int  # the competence's pix now
    earned_pix: int  # pix this test brought
    max_reachable_level: int
    rows: tuple[AnswerRow, ...]

    @property
    def correct_count(self) -> int:
        return sum(1 for row in self.rows if row.is_ok)

    @property
    def is_max_level(self) -> bool:
        return self.level >= self.max_reachable_level


def competence_result_of(*, assessment: Assessment) -> CompetenceResult:
    """Level and pix of the test's competence, and the pix gained in this test.

    Gained = the pix now − the pix the learner would have without this test's knowledge elements,
    so another test taken meanwhile (a campaign) is not counted as gained here.
    """
    snapshot = referential_snapshot()
    code = snapshot.competence_codes_by_pk[assessment.competence_id]
    elements = knowledge_elements_of(user=assessment.user_id, snapshot=snapshot, competence_code=code)
    max_level = settings.MAX_REACHABLE_LEVEL
    now_score = scoring.competence_score(
        competence=code, knowledge_elements=elements, max_reachable_level=max_level
    )
    without = scoring.competence_score(
        competence=code,
        knowledge_elements=[e for e in elements if e.assessment_id != assessment.pk],
        max_reachable_level=max_level,
    )
    return CompetenceResult(
        competence=snapshot.competences[code],
        level=now_score.level,
        pix=now_score.pix_score,
        earned_pix=max(0, now_score.pix_score - without.pix_score),
        max_reachable_level=max_level,
        rows=answer_rows_of(assessment=assessment, snapshot=snapshot),
    )


# -- Corrections --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerForCorrection:
    answer: Answer
    challenge: Challenge  # with what correction_for reads, prefetched
    number: int


def answer_for_correction(*, user, assessment_id: int, answer_id: int) -> AnswerForCorrection | None:
    """An answer of the learner's own test, never of a certification; None otherwise (404)."""
    if not user.is_authenticated:
        return None
    answer = (
        Answer.objects.filter(pk=answer_id, assessment_id=assessment_id, assessment__user=user)
        .exclude(assessment__type=Assessment.Type.CERTIFICATION)  # no correction in an exam
        .select_related(*(f"assessment__{related}" for related in PLAYER_RELATED))
        .first()
    )
    if answer is None:
        return None
    challenge = prefetch_for_presentation(Challenge.objects.filter(pk=answer.challenge_id)).get()
    number = Answer.objects.filter(
        Q(created_at__lt=answer.created_at) | Q(created_at=answer.created_at, id__lte=answer.pk),
        assessment_id=assessment_id,
    ).count()
    return AnswerForCorrection(answer=answer, challenge=challenge, number=number)
