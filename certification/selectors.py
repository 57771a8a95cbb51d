"""Reads of the certification floor: a person's centres, a centre's sessions, a session's candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from certification.models import Candidate, CenterMembership, CertificationCenter, Session
from organizations.models import OrganizationLearner


def centers_of(*, user) -> QuerySet[CertificationCenter]:
    """The certification centres a person is an active member of: the only ones they may see in Pix Certif."""
    if not user.is_authenticated:
        return CertificationCenter.objects.none()
    return CertificationCenter.objects.filter(
        memberships__user=user, memberships__disabled_at__isnull=True
    ).order_by("name")


def membership_of(*, user, center_id: int) -> CenterMembership | None:
    """The person's active membership of the centre, with the centre and its organization: one query."""
    if not user.is_authenticated:
        return None
    return (
        CenterMembership.objects.select_related("center__organization")
        .filter(user=user, center_id=center_id, disabled_at__isnull=True)
        .first()
    )


def session_has_started(*, session: Session) -> bool:
    """Whether any candidate has started the test: the session can then no longer be deleted (§2.2)."""
    return session.candidates.filter(started_at__isnull=False).exists()


def session_with_center(*, session_id: int) -> Session | None:
    return Session.objects.select_related("center__organization").filter(pk=session_id).first()


@dataclass(frozen=True)
class CenterSessions:
    upcoming: list[Session]
    past: list[Session]


def sessions_of(*, center: CertificationCenter, today: date | None = None) -> CenterSessions:
    """The centre's sessions, each with `candidates_count`: upcoming (not finalized, from today) and past.

    Two queries whatever the number of sessions; the status is derived from the row (§2.2).
    """
    today = today or timezone.localdate()
    sessions = Session.objects.filter(center=center).annotate(candidates_count=Count("candidates"))
    upcoming_filter = Q(date__gte=today, finalized_at__isnull=True)
    upcoming = list(sessions.filter(upcoming_filter).order_by("date", "time", "id"))
    past = list(sessions.exclude(upcoming_filter).order_by("-date", "-time", "-id"))
    return CenterSessions(upcoming=upcoming, past=past)


def candidates_of(*, session: Session) -> list[Candidate]:
    return list(session.candidates.order_by("last_name", "first_name", "id"))


def divisions_of(*, center: CertificationCenter) -> list[str]:
    """The divisions (classes) of the active students of the centre's school, sorted (§2.7)."""
    if not center.enrols_students:
        return []
    return list(
        OrganizationLearner.objects.filter(
            organization_id=center.organization_id, is_disabled=False, deleted_at__isnull=True
        )
        .exclude(division="")
        .values_list("division", flat=True)
        .distinct()
        .order_by("division")
    )


def students_for_enrolment(*, session: Session, division: str) -> list[OrganizationLearner]:
    """The active students of a division, each with `is_enrolled` in this session: one query."""
    center = session.center
    if not center.enrols_students or not division:
        return []
    enrolled = Candidate.objects.filter(session=session, organization_learner=OuterRef("pk"))
    return list(
        OrganizationLearner.objects.filter(
            organization_id=center.organization_id,
            division=division,
            is_disabled=False,
            deleted_at__isnull=True,
        )
        .annotate(is_enrolled=Exists(enrolled))
        .order_by("last_name", "first_name", "id")
    )


def learners_for_enrolment(*, session: Session, ids: list[int]) -> list[OrganizationLearner]:
    """The students picked on the enrolment page, whatever organization they belong to (the service checks)."""
    return list(OrganizationLearner.objects.filter(pk__in=ids))
