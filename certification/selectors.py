"""Reads of the certification floor: a person's centres, a centre's sessions, a session's candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from certification.codes import VERIFICATION_CODE_PATTERN
from certification.models import (
    Candidate,
    CenterMembership,
    CertificationCenter,
    CertificationCourse,
    Session,
)
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


# -- After the exam: answers, results, certificates (pix-certif.md §4–5) -----------------------------


def session_accepts_answers(session: Session) -> bool:
    """A finalised or published session refuses new answers (and new starts): its tests are over."""
    return session.finalized_at is None and session.published_at is None


@dataclass(frozen=True)
class PrivateCertification:
    """One of a person's certifications as "Mes certifications" lists it (§5.1)."""

    course: CertificationCourse
    status: str  # cancelled, validated, rejected, error or started (§5.1)
    is_published: bool
    pix_score: int | None
    mesh_level: int | None
    jury_comment: str
    is_shareable: bool

    @property
    def mesh_label(self) -> str:
        from certification.results import MESH_LABELS

        if not self.is_shareable or self.mesh_level is None or self.mesh_level < 1:
            return ""
        return str(MESH_LABELS.get(self.mesh_level, ""))

    @property
    def display_status(self) -> str:
        """What the candidate is told: nothing about the result until it is published."""
        return self.status if self.is_published else "pending"


def _courses_with_session() -> QuerySet[CertificationCourse]:
    return CertificationCourse.objects.select_related("session")


def certifications_of(*, user) -> list[PrivateCertification]:
    """The person's certifications, newest first, each with its private status: three queries."""
    from certification.results import is_shareable, jury_comment, private_status, with_latest_results

    if not user.is_authenticated:
        return []
    courses = with_latest_results(_courses_with_session().filter(user=user).order_by("-created_at", "-id"))
    items = []
    for course in courses:
        result = course.latest_result
        published = course.is_published
        items.append(
            PrivateCertification(
                course=course,
                status=private_status(course),
                is_published=published,
                pix_score=result.pix_score if published and result else None,
                mesh_level=result.reached_mesh_level if published and result else None,
                jury_comment=jury_comment(result) if published else "",
                is_shareable=is_shareable(course),
            )
        )
    return items


def certification_of(*, user, course_id: int) -> PrivateCertification | None:
    """One of the person's certifications (None for anybody else's: the page answers 404)."""
    return next((item for item in certifications_of(user=user) if item.course.pk == course_id), None)


def shareable_course(*, course_id: int | None = None, verification_code: str | None = None):
    """A published, not cancelled course whose latest result is validated (§5.1), or None."""
    from certification.results import is_shareable, with_latest_results

    courses = _courses_with_session().filter(is_published=True, is_cancelled=False)
    if course_id is not None:
        courses = courses.filter(pk=course_id)
    elif verification_code:
        courses = courses.filter(verification_code=verification_code)
    else:
        return None
    found = with_latest_results(courses[:1])
    return found[0] if found and is_shareable(found[0]) else None


def published_certificate(*, verification_code: str):
    """The certificate behind a public code: only a published, validated, not cancelled one."""
    from certification.results import certificate_of

    code = (verification_code or "").strip().upper()
    if not re.fullmatch(VERIFICATION_CODE_PATTERN, code):
        return None
    course = shareable_course(verification_code=code)
    return certificate_of(course) if course is not None else None


def learner_courses_of_organization(
    *, organization, division: str | None = None
) -> QuerySet[CertificationCourse]:
    """Courses of an organization's active learners (linked as candidates, or by their Pix account)."""
    learners = OrganizationLearner.objects.filter(
        organization=organization, is_disabled=False, deleted_at__isnull=True
    )
    if division is not None:
        learners = learners.filter(division=division)
    return _courses_with_session().filter(
        Q(candidate__organization_learner__in=learners)
        | Q(user_id__in=learners.exclude(user__isnull=True).values("user_id"))
    )


def latest_per_learner(courses: list[CertificationCourse]) -> list[CertificationCourse]:
    """Only the most recent certification of each person (§5.3)."""
    latest: dict[int, CertificationCourse] = {}
    for course in courses:
        kept = latest.get(course.user_id)
        if kept is None or (course.created_at, course.pk) > (kept.created_at, kept.pk):
            latest[course.user_id] = course
    return sorted(
        latest.values(), key=lambda course: (course.last_name.lower(), course.first_name.lower(), course.pk)
    )


def class_certificates(*, organization, division: str) -> list:
    """The attestations of a class of a school managing its students: the latest shareable one per pupil."""
    from certification.results import certificate_of, is_shareable, with_latest_results

    if not (organization.type == "SCO" and organization.is_managing_students) or not division:
        return []
    courses = with_latest_results(
        learner_courses_of_organization(organization=organization, division=division).filter(
            is_published=True, is_cancelled=False
        )
    )
    shareable = [course for course in courses if is_shareable(course)]
    return [certificate_of(course) for course in latest_per_learner(shareable)]


def certified_divisions_of(*, organization) -> list[str]:
    """The divisions of the organization's active learners, sorted."""
    return list(
        OrganizationLearner.objects.filter(
            organization=organization, is_disabled=False, deleted_at__isnull=True
        )
        .exclude(division="")
        .values_list("division", flat=True)
        .distinct()
        .order_by("division")
    )


@dataclass(frozen=True)
class LivretCertification:
    course: CertificationCourse
    learner: OrganizationLearner | None
    status: str  # validated, rejected or pending (§5.3)
    pix_score: int
    competence_levels: list[tuple[str, int]]


def livret_scolaire_organization(*, uai: str):
    """The school of this UAI, only when it is a SCO organization managing its students."""
    from organizations.models import Organization

    if not uai or not uai.strip():
        return None
    return Organization.objects.filter(
        external_id__iexact=uai.strip(), type="SCO", is_managing_students=True, archived_at__isnull=True
    ).first()


def livret_scolaire_certifications(*, organization) -> list[LivretCertification]:
    """The latest certification of each of the school's learners, as the "livret scolaire" reads it (§5.3).

    Not published → pending; the score and levels are given only when published and validated.
    Cancelled certifications are left out. Four queries whatever the number of pupils.
    """
    from certification.results import with_latest_results

    learners = list(
        OrganizationLearner.objects.filter(
            organization=organization, is_disabled=False, deleted_at__isnull=True
        )
    )
    by_pk = {learner.pk: learner for learner in learners}
    by_user = {learner.user_id: learner for learner in learners if learner.user_id}
    courses = with_latest_results(
        _courses_with_session()
        .select_related("candidate")
        .filter(
            Q(candidate__organization_learner_id__in=list(by_pk)) | Q(user_id__in=list(by_user)),
            is_cancelled=False,
        )
    )
    items = []
    for course in latest_per_learner(courses):
        result = course.latest_result
        learner = by_pk.get(course.candidate.organization_learner_id) or by_user.get(course.user_id)
        if not course.is_published:
            status = "pending"
        elif result is not None and result.status == "validated":
            status = "validated"
        else:
            status = "rejected"
        items.append(
            LivretCertification(
                course=course,
                learner=learner,
                status=status,
                pix_score=result.pix_score if status == "validated" else 0,
                competence_levels=[
                    (mark.competence_code, mark.level) for mark in result.competence_marks.all()
                ]
                if status == "validated"
                else [],
            )
        )
    return items
