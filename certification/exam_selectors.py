"""Reads of the day of the exam (pix-certif.md §3): where a candidate stands, what the invigilator sees.

The writes are in ``certification.exam``; the questions and answers of the test in
``assessments.services``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from assessments.engine import scoring
from assessments.engine.certification_v2 import PlacementCompetence
from assessments.engine.knowledge import latest_knowledge_elements
from assessments.engine.types import KnowledgeElementSource, KnowledgeElementStatus
from assessments.models import Answer, Assessment
from assessments.selectors import ReferentialSnapshot, knowledge_elements_of, referential_snapshot
from certification.models import Candidate, CertificationCourse, LiveAlert, Session
from certification.selectors import session_accepts_answers

# The invigilator's page shows a theoretical end 105 minutes after the start, plus the extra time (§3.4).
SESSION_DURATION_MINUTES = 105
INVIGILATOR_TOKEN_SALT = "certification.invigilator"
# An invigilator's access lasts a working day at most; the session's closing ends it sooner.
INVIGILATOR_TOKEN_MAX_AGE = 16 * 3600
ENDED_STATES = frozenset(
    {
        Assessment.State.COMPLETED,
        Assessment.State.ENDED_BY_INVIGILATOR,
        Assessment.State.ENDED_DUE_TO_FINALIZATION,
        Assessment.State.ABORTED,
    }
)


# -- Certifiability (pix-engine.md §11) ---------------------------------------------------------


@dataclass(frozen=True)
class Certifiability:
    certifiable_competences: int
    required: int = scoring.MINIMUM_CERTIFIABLE_COMPETENCES

    @property
    def is_certifiable(self) -> bool:
        return self.certifiable_competences >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.certifiable_competences)


def certifiability_of(*, user, at: datetime | None = None) -> Certifiability:
    """Competences at level 1 or more on the uncapped profile at `at` (now by default): two queries."""
    snapshot = referential_snapshot()
    at = at or timezone.now()
    elements = knowledge_elements_of(user=user, snapshot=snapshot, limit_date=at)
    return Certifiability(
        certifiable_competences=scoring.certifiable_competence_count(
            knowledge_elements=elements, competences=list(snapshot.competences), limit_date=at
        )
    )


def v2_placement_of(
    *, user, limit_date: datetime, snapshot: ReferentialSnapshot
) -> tuple[list[PlacementCompetence], frozenset[str]]:
    """The uncapped profile at `limit_date` with each competence's directly validated skills, and the
    challenges behind those skills (v2 prefers other challenges, pix-engine.md §12.1): two queries."""
    elements = knowledge_elements_of(user=user, snapshot=snapshot, limit_date=limit_date)
    profile = scoring.placement_profile(
        knowledge_elements=elements, competences=list(snapshot.competences), limit_date=limit_date
    )
    direct = [
        element
        for element in latest_knowledge_elements(knowledge_elements=elements, limit_date=limit_date)
        if element.status == KnowledgeElementStatus.VALIDATED
        and element.source == KnowledgeElementSource.DIRECT
    ]
    skills_by_competence: dict[str, list] = {}
    for element in direct:
        skill = snapshot.skills.get(element.skill_id)
        if skill is not None:
            skills_by_competence.setdefault(element.competence, []).append(skill)
    answer_ids = [element.answer_id for element in direct if element.answer_id is not None]
    answered = frozenset(
        Answer.objects.filter(pk__in=answer_ids).values_list("challenge_id", flat=True) if answer_ids else ()
    )
    placement = [
        PlacementCompetence(
            competence=code,
            estimated_level=score.level,
            pix_score=score.pix_score,
            directly_validated_skills=tuple(skills_by_competence.get(code, ())),
        )
        for code, score in profile.items()
    ]
    return placement, answered


# -- The candidate's side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidacy:
    """A person's place in a session they joined, and how far they are (§3.1–3.2)."""

    candidate: Candidate
    course: CertificationCourse | None
    assessment_state: str | None

    @property
    def session(self) -> Session:
        return self.candidate.session

    @property
    def has_started(self) -> bool:
        return self.course is not None

    @property
    def is_running(self) -> bool:
        return self.course is not None and self.assessment_state == Assessment.State.STARTED

    @property
    def has_ended(self) -> bool:
        return self.course is not None and self.assessment_state != Assessment.State.STARTED

    @property
    def needs_instructions(self) -> bool:
        """The instructions of the v3 test are read and accepted once, before the access code (§3.1 step 4)."""
        return (
            self.session.version == Session.Version.V3
            and not self.candidate.has_seen_certification_instructions
        )


def _candidacies(user) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(user=user, reconciled_at__isnull=False)
        .select_related("session", "course")
        .prefetch_related(
            Prefetch(
                "course__assessments",
                queryset=Assessment.objects.filter(type=Assessment.Type.CERTIFICATION).only(
                    "id", "state", "certification_course_id"
                ),
            )
        )
    )


def _candidacy(candidate: Candidate) -> Candidacy:
    course = getattr(candidate, "course", None)
    state = None
    if course is not None:
        assessments = list(course.assessments.all())
        state = assessments[0].state if assessments else None
    return Candidacy(candidate=candidate, course=course, assessment_state=state)


def current_candidacy(*, user) -> Candidacy | None:
    """The session the person joined and may still take part in: open, and its test not ended.

    The latest joined first; None when there is none (the person then joins a session). Three queries.
    """
    if not user.is_authenticated:
        return None
    for candidate in (
        _candidacies(user)
        .filter(session__finalized_at__isnull=True, session__published_at__isnull=True)
        .order_by("-reconciled_at", "-id")[:5]
    ):
        candidacy = _candidacy(candidate)
        if not candidacy.has_ended:
            return candidacy
    return None


def candidacy_of(*, user, session_id: int) -> Candidacy | None:
    """The person's candidacy in this session; None if they have not joined it."""
    if not user.is_authenticated:
        return None
    candidate = _candidacies(user).filter(session_id=session_id).first()
    return _candidacy(candidate) if candidate is not None else None


def certification_assessment_of(*, user, course_id: int) -> Assessment | None:
    """The person's own certification test, with its course, session and `answer_count`; None otherwise (404).

    One query.
    """
    if not user.is_authenticated:
        return None
    return (
        Assessment.objects.filter(
            certification_course_id=course_id, user=user, type=Assessment.Type.CERTIFICATION
        )
        .select_related("certification_course__session")
        .annotate(answer_count=Count("answers"))
        .first()
    )


def ongoing_alert_of(*, course_id: int) -> LiveAlert | None:
    return LiveAlert.objects.filter(course_id=course_id, status=LiveAlert.Status.ONGOING).first()


def course_accepts_answers(*, course: CertificationCourse) -> bool:
    return session_accepts_answers(course.session)


# -- The invigilator's side ---------------------------------------------------------------------


def invigilator_key(session: Session) -> str:
    """Changes when the session's invigilator password changes: a new password closes old accesses."""
    return salted_hmac(INVIGILATOR_TOKEN_SALT, f"{session.pk}:{session.invigilator_password}").hexdigest()[
        :32
    ]


def invigilated_session(*, token: object, session_id: int) -> Session | None:
    """The session this signed access opens, if it is this one; None otherwise. One query at most."""
    if not isinstance(token, str) or not token:
        return None
    try:
        data = signing.loads(token, salt=INVIGILATOR_TOKEN_SALT, max_age=INVIGILATOR_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("session") != session_id:
        return None
    session = Session.objects.filter(pk=session_id).first()
    if session is None or not constant_time_compare(str(data.get("key", "")), invigilator_key(session)):
        return None
    return session


def theoretical_end(*, started_at: datetime, extra_time_percentage) -> datetime:
    """Start + 105 minutes, lengthened by the candidate's extra time (0.33 → a third more)."""
    factor = 1 + float(extra_time_percentage or 0)
    return started_at + timedelta(minutes=math.ceil(SESSION_DURATION_MINUTES * factor))


class InvigilatedStatus:
    NOT_STARTED = "not_started"
    CONFIRMED = "confirmed"
    ONGOING = "ongoing"
    ON_HOLD = "on_hold"
    OVERTIME = "overtime"
    ENDED = "ended"


@dataclass(frozen=True)
class InvigilatedCandidate:
    """One line of the invigilator's live list (§3.4)."""

    candidate: Candidate
    course: CertificationCourse | None
    assessment_state: str | None
    ongoing_alert: LiveAlert | None
    answer_count: int
    theoretical_end: datetime | None
    now: datetime

    @property
    def is_joined(self) -> bool:
        return self.candidate.reconciled_at is not None

    @property
    def has_started(self) -> bool:
        return self.course is not None

    @property
    def is_running(self) -> bool:
        return self.course is not None and self.assessment_state == Assessment.State.STARTED

    @property
    def is_overtime(self) -> bool:
        return self.is_running and self.theoretical_end is not None and self.now > self.theoretical_end

    @property
    def resume_authorized(self) -> bool:
        return self.is_running and self.candidate.authorized_to_start

    @property
    def ended_by_invigilator(self) -> bool:
        return self.assessment_state == Assessment.State.ENDED_BY_INVIGILATOR

    @property
    def status(self) -> str:
        if not self.has_started:
            return (
                InvigilatedStatus.CONFIRMED
                if self.candidate.authorized_to_start
                else InvigilatedStatus.NOT_STARTED
            )
        if not self.is_running:
            return InvigilatedStatus.ENDED
        if self.ongoing_alert is not None:
            return InvigilatedStatus.ON_HOLD
        if self.is_overtime:
            return InvigilatedStatus.OVERTIME
        return InvigilatedStatus.ONGOING

    @property
    def started_at(self) -> datetime | None:
        return self.candidate.started_at or (self.course.created_at if self.course else None)


def invigilated_candidates(*, session: Session, now: datetime | None = None) -> list[InvigilatedCandidate]:
    """Every candidate of the session with their test's state and ongoing alert: three queries,
    whatever the number of candidates."""
    now = now or timezone.now()
    candidates = list(
        Candidate.objects.filter(session=session)
        .select_related("course")
        .prefetch_related(
            Prefetch(
                "course__assessments",
                queryset=Assessment.objects.filter(type=Assessment.Type.CERTIFICATION)
                .only("id", "state", "certification_course_id")
                .annotate(answer_count=Count("answers")),
            ),
            Prefetch(
                "course__live_alerts",
                queryset=LiveAlert.objects.filter(status=LiveAlert.Status.ONGOING),
                to_attr="ongoing_alerts",
            ),
        )
        .order_by("last_name", "first_name", "id")
    )
    rows = []
    for candidate in candidates:
        course = getattr(candidate, "course", None)
        state, answer_count, alert = None, 0, None
        if course is not None:
            assessments = list(course.assessments.all())
            if assessments:
                state, answer_count = assessments[0].state, assessments[0].answer_count
            alert = course.ongoing_alerts[0] if course.ongoing_alerts else None
        started_at = candidate.started_at or (course.created_at if course else None)
        rows.append(
            InvigilatedCandidate(
                candidate=candidate,
                course=course,
                assessment_state=state,
                ongoing_alert=alert,
                answer_count=answer_count,
                theoretical_end=(
                    theoretical_end(
                        started_at=started_at, extra_time_percentage=candidate.extra_time_percentage
                    )
                    if started_at
                    else None
                ),
                now=now,
            )
        )
    return rows


@dataclass(frozen=True)
class RoomSummary:
    total: int
    joined: int
    ongoing: int
    on_hold: int
    ended: int


def room_summary(rows: list[InvigilatedCandidate]) -> RoomSummary:
    statuses = [row.status for row in rows]
    return RoomSummary(
        total=len(rows),
        joined=sum(1 for row in rows if row.is_joined),
        ongoing=sum(1 for s in statuses if s in (InvigilatedStatus.ONGOING, InvigilatedStatus.OVERTIME)),
        on_hold=statuses.count(InvigilatedStatus.ON_HOLD),
        ended=statuses.count(InvigilatedStatus.ENDED),
    )
