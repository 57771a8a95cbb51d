"""Pix's side after finalisation: the jury's actions on a certification, and publication (pix-certif.md §4.3–4.5).

Every action that can change a result rescores the course (a new `AssessmentResult`, emitter
"Jury Pix"); none is possible before the session is finalised or once it is published. Identity
corrections change no score and stay possible after publication (a typo on a certificate).
Publication is refused while a certification has no result or one in error, then the result
recipients get a signed link, valid 30 days, to download the session's results.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.engine import neutralisation as rules
from certification.models import (
    AssessmentResult,
    Candidate,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    IssueReport,
    Session,
)
from certification.scoring import EMITTER_JURY, course_score

logger = logging.getLogger(__name__)

RESULTS_LINK_SALT = "certification.session-results"
RESULTS_LINK_MAX_AGE = 30 * 24 * 3600  # 30 days (§4.5)
MIN_BIRTHDATE = date(1900, 1, 1)


class JuryError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# -- Reads: what blocks a session --------------------------------------------------------------------


def latest_result_status() -> Subquery:
    """For a CertificationCourse queryset: the status of its latest result (None without result)."""
    return Subquery(
        AssessmentResult.objects.filter(course=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("status")[:1]
    )


def unresolved_impactful_reports() -> QuerySet[IssueReport]:
    return IssueReport.objects.filter(resolved_at__isnull=True).filter(
        Q(category__in=[str(c) for c in rules.IMPACTFUL_CATEGORIES])
        | Q(subcategory__in=[str(s) for s in rules.IMPACTFUL_SUBCATEGORIES])
    )


def sessions_awaiting_jury() -> QuerySet[Session]:
    """Finalised, unpublished sessions, each annotated with `is_publishable` (§4.3)."""
    blocked_courses = (
        CertificationCourse.objects.filter(session=OuterRef("pk"))
        .annotate(latest_status=latest_result_status())
        .filter(Q(latest_status=AssessmentResult.Status.ERROR) | Q(latest_status__isnull=True))
    )
    return Session.objects.filter(finalized_at__isnull=False, published_at__isnull=True).annotate(
        has_blocked_course=Exists(blocked_courses),
        has_unresolved_report=Exists(unresolved_impactful_reports().filter(course__session=OuterRef("pk"))),
    )


def publishable_filter() -> Q:
    """On `sessions_awaiting_jury()`: no global comment, no required action, no scoring error, no officer."""
    return Q(
        examiner_global_comment="",
        has_blocked_course=False,
        has_unresolved_report=False,
        assigned_certification_officer__isnull=True,
    )


def sessions_to_publish() -> QuerySet[Session]:
    return sessions_awaiting_jury().filter(publishable_filter())


def sessions_with_required_action() -> QuerySet[Session]:
    return sessions_awaiting_jury().exclude(publishable_filter())


@dataclass(frozen=True)
class SessionJuryState:
    required_actions: list[str]
    publication_problems: list[str]

    @property
    def is_publishable(self) -> bool:
        return not self.required_actions and not self.publication_problems


def session_jury_state(*, session: Session) -> SessionJuryState:
    """What the jury must look at before publishing, in French (three queries)."""
    statuses = list(
        CertificationCourse.objects.filter(session=session)
        .annotate(latest_status=latest_result_status())
        .values_list("latest_status", flat=True)
    )
    problems: list[str] = []
    errors = sum(1 for status in statuses if status == AssessmentResult.Status.ERROR)
    missing = sum(1 for status in statuses if status is None)
    if errors:
        problems.append(_("%(count)d certification(s) en erreur de calcul.") % {"count": errors})
    if missing:
        problems.append(_("%(count)d certification(s) sans résultat.") % {"count": missing})
    if session.published_at:
        problems.append(_("La session est déjà publiée."))
    actions: list[str] = []
    if session.examiner_global_comment:
        actions.append(_("Le surveillant a laissé un commentaire global sur la session."))
    reports = unresolved_impactful_reports().filter(course__session=session).count()
    if reports:
        actions.append(_("%(count)d signalement(s) à traiter par le jury.") % {"count": reports})
    return SessionJuryState(required_actions=actions, publication_problems=problems)


# -- Jury actions on one certification --------------------------------------------------------------


def _may_change_result(course: CertificationCourse) -> None:
    session = course.session
    if session.published_at is not None:
        raise JuryError(_("La session est publiée : ses résultats ne peuvent plus être modifiés."))
    if session.finalized_at is None:
        raise JuryError(_("La session n'est pas encore finalisée : le jury ne peut pas encore intervenir."))


def _rescore(course: CertificationCourse) -> AssessmentResult:
    result = course_score(course_id=course.pk, emitter=EMITTER_JURY)
    if result is None:  # only when the session was published meanwhile
        raise JuryError(_("La certification n'a pas pu être recalculée."))
    return result


def _question(course: CertificationCourse, question_number: int) -> CertificationChallenge:
    question = CertificationChallenge.objects.filter(course=course, position=question_number).first()
    if question is None:
        raise JuryError(
            _("Aucune question de ce test ne porte le numéro %(number)s.") % {"number": question_number}
        )
    return question


@transaction.atomic
def challenge_neutralize(*, course: CertificationCourse, question_number: int) -> AssessmentResult:
    _may_change_result(course)
    question = _question(course, question_number)
    if question.is_neutralized:
        raise JuryError(_("Cette question est déjà neutralisée."))
    question.is_neutralized = True
    question.save(update_fields=["is_neutralized"])
    return _rescore(course)


@transaction.atomic
def challenge_deneutralize(*, course: CertificationCourse, question_number: int) -> AssessmentResult:
    _may_change_result(course)
    question = _question(course, question_number)
    if not question.is_neutralized:
        raise JuryError(_("Cette question n'est pas neutralisée."))
    question.is_neutralized = False
    question.save(update_fields=["is_neutralized"])
    return _rescore(course)


def _has_result(course: CertificationCourse) -> bool:
    return AssessmentResult.objects.filter(course=course).exists()


@transaction.atomic
def course_cancel(*, course: CertificationCourse) -> AssessmentResult:
    """Cancel the certification (§4.4: a finalised session and an existing result are required)."""
    _may_change_result(course)
    if not _has_result(course):
        raise JuryError(_("Cette certification n'a pas encore de résultat : elle ne peut pas être annulée."))
    if course.is_cancelled:
        raise JuryError(_("Cette certification est déjà annulée."))
    course.is_cancelled = True
    course.save(update_fields=["is_cancelled"])
    return _rescore(course)


@transaction.atomic
def course_uncancel(*, course: CertificationCourse) -> AssessmentResult:
    _may_change_result(course)
    if not course.is_cancelled:
        raise JuryError(_("Cette certification n'est pas annulée."))
    course.is_cancelled = False
    course.save(update_fields=["is_cancelled"])
    return _rescore(course)


@transaction.atomic
def course_reject_for_fraud(*, course: CertificationCourse) -> AssessmentResult:
    _may_change_result(course)
    if course.is_rejected_for_fraud:
        raise JuryError(_("Cette certification est déjà rejetée pour fraude."))
    course.is_rejected_for_fraud = True
    course.save(update_fields=["is_rejected_for_fraud"])
    return _rescore(course)


@transaction.atomic
def course_unreject_for_fraud(*, course: CertificationCourse) -> AssessmentResult:
    _may_change_result(course)
    if not course.is_rejected_for_fraud:
        raise JuryError(_("Cette certification n'est pas rejetée pour fraude."))
    course.is_rejected_for_fraud = False
    course.save(update_fields=["is_rejected_for_fraud"])
    return _rescore(course)


@transaction.atomic
def issue_report_resolve(*, report: IssueReport, resolution: str, now: datetime | None = None) -> IssueReport:
    """The jury's own resolution of a report; the course is rescored so that its result is current."""
    _may_change_result(report.course)
    text = (resolution or "").strip()
    if not text:
        raise JuryError(_("Indiquez comment le signalement a été traité."))
    if report.resolved_at is not None:
        raise JuryError(_("Ce signalement est déjà traité."))
    report.resolved_at = now or timezone.now()
    report.resolution = text[:2000]
    report.has_been_automatically_resolved = False
    report.save(update_fields=["resolved_at", "resolution", "has_been_automatically_resolved"])
    return report


@transaction.atomic
def jury_comments_update(
    *,
    course: CertificationCourse,
    comment_for_candidate: str,
    comment_for_organization: str,
    comment_by_jury: str,
) -> AssessmentResult:
    """A new result row, the latest one with the jury's comments (results are append-only)."""
    _may_change_result(course)
    latest = AssessmentResult.objects.filter(course=course).order_by("-created_at", "-id").first()
    if latest is None:
        raise JuryError(_("Cette certification n'a pas encore de résultat à commenter."))
    marks = list(latest.competence_marks.all())
    latest.pk = None
    latest._state.adding = True
    latest.emitter = EMITTER_JURY
    latest.created_at = timezone.now()
    latest.comment_for_candidate = (comment_for_candidate or "").strip()
    latest.comment_for_organization = (comment_for_organization or "").strip()
    latest.comment_by_jury = (comment_by_jury or "").strip()
    latest.save()
    for mark in marks:
        mark.pk = None
        mark._state.adding = True
        mark.result = latest
    CompetenceMark.objects.bulk_create(marks)
    return latest


def _clean_name(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip())


def identity_checked(*, first_name: str, last_name: str, birthdate: date | None, sex: str) -> tuple[str, str]:
    """The names cleaned (trimmed, spaces collapsed), or a JuryError naming the rule broken (§3.2)."""
    first, last = _clean_name(first_name), _clean_name(last_name)
    if not first or not last:
        raise JuryError(_("Le prénom et le nom ne peuvent pas être vides."))
    if sex not in Candidate.Sex.values:
        raise JuryError(_("Le sexe doit être « M » ou « F »."))
    if birthdate is None or birthdate <= MIN_BIRTHDATE or birthdate > timezone.localdate():
        raise JuryError(_("La date de naissance doit être une date valide, après le 01/01/1900."))
    return first, last


def course_identity_correct(
    *,
    course: CertificationCourse,
    first_name: str,
    last_name: str,
    birthdate: date | None,
    sex: str,
    birthplace: str = "",
    external_id: str | None = None,
) -> CertificationCourse:
    """Correct the identity printed on the certificate (§3.2 rules); the enrolment is left alone."""
    first, last = identity_checked(first_name=first_name, last_name=last_name, birthdate=birthdate, sex=sex)
    course.first_name, course.last_name, course.birthdate, course.sex = first, last, birthdate, sex
    fields = ["first_name", "last_name", "birthdate", "sex"]
    if birthplace and birthplace.strip():
        course.birthplace = _clean_name(birthplace)
        fields.append("birthplace")
    if external_id is not None:
        course.external_id = external_id.strip()
        fields.append("external_id")
    course.save(update_fields=fields)
    return course


# -- What the jury's page shows ----------------------------------------------------------------------


@dataclass(frozen=True)
class JuryQuestion:
    number: int
    question: CertificationChallenge
    answer_status: str | None


@dataclass(frozen=True)
class JuryReport:
    report: IssueReport
    label: str
    is_impactful: bool


def course_jury_details(*, course: CertificationCourse) -> dict:
    """The questions with their answers, the issue reports and the results of a course (5 queries)."""
    from assessments.models import Answer
    from certification.finalisation import report_is_impactful, report_label

    answers = dict(
        Answer.objects.filter(assessment__certification_course=course).values_list("challenge_id", "result")
    )
    questions = [
        JuryQuestion(
            number=question.position, question=question, answer_status=answers.get(question.challenge_id)
        )
        for question in CertificationChallenge.objects.filter(course=course).order_by("position")
    ]
    reports = [
        JuryReport(report=report, label=report_label(report), is_impactful=report_is_impactful(report))
        for report in IssueReport.objects.filter(course=course).order_by("created_at", "id")
    ]
    results = list(
        AssessmentResult.objects.filter(course=course)
        .order_by("-created_at", "-id")
        .prefetch_related("competence_marks")
    )
    return {
        "questions": questions,
        "reports": reports,
        "results": results,
        "latest": results[0] if results else None,
        "can_change_result": course.session.finalized_at is not None and course.session.published_at is None,
    }


# -- Publication and the result recipients' e-mail (§4.5) -------------------------------------------


@dataclass(frozen=True)
class PublicationOutcome:
    session: Session
    recipients: tuple[str, ...]
    failed_recipients: tuple[str, ...]


def session_results_token(*, session: Session) -> str:
    return signing.dumps({"session": session.pk}, salt=RESULTS_LINK_SALT, compress=True)


def session_from_results_token(*, token: str) -> Session | None:
    """The published session of a recipient's link, or None when forged, expired or unpublished."""
    try:
        data = signing.loads(token, salt=RESULTS_LINK_SALT, max_age=RESULTS_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    session_id = data.get("session") if isinstance(data, dict) else None
    if not isinstance(session_id, int):
        return None
    return Session.objects.filter(pk=session_id, published_at__isnull=False).first()


def session_results_url(*, session: Session) -> str:
    path = reverse("learners:session_results_download", args=[session_results_token(session=session)])
    return settings.SITE_URL.rstrip("/") + path


def session_publish(*, session: Session, now: datetime | None = None) -> PublicationOutcome:
    """Publish the results of a finalised session and e-mail each distinct result recipient."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.published_at is not None:
            raise JuryError(_("Cette session est déjà publiée."))
        if locked.finalized_at is None:
            raise JuryError(_("La session n'est pas finalisée : elle ne peut pas être publiée."))
        statuses = list(
            CertificationCourse.objects.filter(session=locked)
            .annotate(latest_status=latest_result_status())
            .values_list("latest_status", flat=True)
        )
        if any(status == AssessmentResult.Status.ERROR for status in statuses):
            raise JuryError(_("Publication impossible : au moins une certification est en erreur de calcul."))
        if any(status is None for status in statuses):
            raise JuryError(_("Publication impossible : au moins une certification n'a pas de résultat."))
        locked.published_at = now
        locked.save(update_fields=["published_at", "updated_at"])
        CertificationCourse.objects.filter(session=locked).update(is_published=True)

    recipients = _result_recipients(locked)
    failed = _send_results_emails(session=locked, recipients=recipients)
    if recipients and not failed:
        Session.objects.filter(pk=locked.pk).update(results_sent_to_prescriber_at=now)
    session.refresh_from_db()
    return PublicationOutcome(session=session, recipients=tuple(recipients), failed_recipients=tuple(failed))


def _result_recipients(session: Session) -> list[str]:
    seen: dict[str, str] = {}
    for email in (
        Candidate.objects.filter(session=session)
        .exclude(result_recipient_email="")
        .values_list("result_recipient_email", flat=True)
    ):
        seen.setdefault(email.strip().lower(), email.strip())
    return sorted(seen.values(), key=str.lower)


def _send_results_emails(*, session: Session, recipients: list[str]) -> list[str]:
    if not recipients:
        return []
    url = session_results_url(session=session)
    subject = _("Résultats de la session de certification n°%(number)s") % {"number": session.pk}
    body = _(
        "Bonjour,\n\n"
        "Les résultats de la session de certification Pix n°%(number)s du %(date)s, passée au centre "
        "« %(center)s », sont disponibles.\n\n"
        "Téléchargez-les (fichier CSV) avec ce lien, valable 30 jours :\n%(url)s\n\n"
        "Vous recevez ce message parce qu'un candidat de cette session vous a désigné comme "
        "destinataire de ses résultats.\n\nL'équipe Pix libre"
    ) % {
        "number": session.pk,
        "date": session.date.strftime("%d/%m/%Y"),
        "center": session.center_name,
        "url": url,
    }
    failed: list[str] = []
    for recipient in recipients:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except Exception:
            logger.exception("results e-mail of session %s to %s failed", session.pk, recipient)
            failed.append(recipient)
    return failed
