"""Finalising a session after the exam (pix-certif.md §4.1–4.3, pix-engine.md §14).

The centre files issue reports ("signalements") per candidate, gives an abort reason for each
unfinished test, and finalises. Finalising ends the unfinished tests, runs the automatic jury
(v2: unanswered questions skipped or neutralised, issue reports resolved by the engine's rules;
v3: unfinished tests scored) and queues the scoring once the transaction commits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.engine import neutralisation as rules
from assessments.models import Answer, Assessment
from certification.models import (
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    IssueReport,
    Session,
)

MAX_COMMENT_LENGTH = 500
UNFINISHED_STATES = (Assessment.State.STARTED, Assessment.State.ENDED_BY_INVIGILATOR)
ABORT_REASONS = tuple(CertificationCourse.AbortReason.values)

Category = rules.IssueReportCategory
Subcategory = rules.IssueReportSubcategory

# Codes and French labels shown to the centre (§4.2); deprecated ones are kept to display old reports.
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    Category.CANDIDATE_INFORMATIONS_CHANGES: (
        "C1-C2",
        gettext_lazy("Modification des informations du candidat"),
    ),
    Category.SIGNATURE_ISSUE: (
        "C4",
        gettext_lazy("Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne"),
    ),
    Category.FRAUD: ("C6", gettext_lazy("Suspicion de fraude")),
    Category.NON_BLOCKING_TECHNICAL_ISSUE: ("C7", gettext_lazy("Incident technique non bloquant")),
    Category.NON_BLOCKING_CANDIDATE_ISSUE: ("C8", gettext_lazy("Incident lié au candidat non bloquant")),
    Category.IN_CHALLENGE: ("E1-E12", gettext_lazy("Problème technique sur une question")),
    Category.TECHNICAL_PROBLEM: ("", gettext_lazy("Problème technique non bloquant")),
    Category.OTHER: ("", gettext_lazy("Autre")),
    Category.LATE_OR_LEAVING: ("", gettext_lazy("Retard, absence ou départ")),
    Category.CONNECTION_OR_END_SCREEN: ("", gettext_lazy("N'a pas pu terminer faute de temps")),
}
SUBCATEGORY_LABELS: dict[str, tuple[str, str]] = {
    Subcategory.NAME_OR_BIRTHDATE: ("C1", gettext_lazy("Modification des prénom, nom ou date de naissance")),
    Subcategory.EXTRA_TIME_PERCENTAGE: ("C2", gettext_lazy("Ajout ou modification du temps majoré")),
    Subcategory.IMAGE_NOT_DISPLAYING: ("E1", gettext_lazy("L'image ne s'affiche pas")),
    Subcategory.EMBED_NOT_WORKING: ("E2", gettext_lazy("Le simulateur ou l'application ne s'affiche pas")),
    Subcategory.FILE_NOT_OPENING: (
        "E3",
        gettext_lazy("Le fichier à télécharger ne se télécharge pas ou ne s'ouvre pas"),
    ),
    Subcategory.WEBSITE_UNAVAILABLE: (
        "E4",
        gettext_lazy("Le site à visiter est indisponible, en maintenance ou inaccessible"),
    ),
    Subcategory.WEBSITE_BLOCKED: (
        "E5",
        gettext_lazy("Le site est bloqué par les restrictions réseau de l'établissement"),
    ),
    Subcategory.EXTRA_TIME_EXCEEDED: (
        "E8",
        gettext_lazy("Le candidat bénéficiant d'un temps majoré n'a pas pu répondre dans le temps imparti"),
    ),
    Subcategory.SOFTWARE_NOT_WORKING: (
        "E9",
        gettext_lazy("Le logiciel installé sur l'ordinateur n'a pas fonctionné"),
    ),
    Subcategory.UNINTENTIONAL_FOCUS_OUT: (
        "E10",
        gettext_lazy("Le candidat a dû cliquer en dehors du cadre d'une question « focus »"),
    ),
    Subcategory.SKIP_ON_OOPS: (
        "E11",
        gettext_lazy("Page « Oups, une erreur est survenue » ou autre problème de la plateforme"),
    ),
    Subcategory.ACCESSIBILITY_ISSUE: (
        "E12",
        gettext_lazy("Problème d'accessibilité de la question (daltonisme, par exemple)"),
    ),
    Subcategory.LINK_NOT_WORKING: ("", gettext_lazy("Le lien ne fonctionne pas")),
    Subcategory.OTHER: ("", gettext_lazy("Autre")),
    Subcategory.LEFT_EXAM_ROOM: ("", gettext_lazy("Écran de fin de test non vu")),
}
# The categories a centre may choose today, in the order of the form.
CATEGORIES_FOR_NEW_REPORTS: tuple[Category, ...] = (
    Category.CANDIDATE_INFORMATIONS_CHANGES,
    Category.SIGNATURE_ISSUE,
    Category.FRAUD,
    Category.NON_BLOCKING_TECHNICAL_ISSUE,
    Category.NON_BLOCKING_CANDIDATE_ISSUE,
    Category.IN_CHALLENGE,
)
SUBCATEGORIES_FOR_NEW_REPORTS: dict[Category, tuple[Subcategory, ...]] = {
    category: tuple(s for s in Subcategory if s in rules.SUBCATEGORIES_OF[category])
    for category in rules.SUBCATEGORIES_OF
}


class FinalisationError(Exception):
    """A refusal with a French message for the centre; `errors` maps form fields to their message."""

    def __init__(self, detail: str, *, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = dict(errors or {})


def report_label(report: IssueReport) -> str:
    """ "E4 – Le site à visiter est indisponible…" (the subcategory's when it has one)."""
    code, label = SUBCATEGORY_LABELS.get(report.subcategory) or CATEGORY_LABELS.get(
        report.category, ("", report.category)
    )
    return f"{code} – {label}" if code else str(label)


def report_is_impactful(report: IssueReport) -> bool:
    category = Category(report.category) if report.category in Category.__members__ else None
    subcategory = Subcategory(report.subcategory) if report.subcategory in Subcategory.__members__ else None
    if category is None:
        return False
    return rules.is_impactful(category=category, subcategory=subcategory)


# -- What the finalisation page shows --------------------------------------------------------------


@dataclass
class FinalisationCourse:
    course: CertificationCourse
    assessment_state: str
    reports: list[IssueReport] = field(default_factory=list)

    @property
    def is_completed(self) -> bool:
        if self.assessment_state:
            return self.assessment_state == Assessment.State.COMPLETED
        return self.course.completed_at is not None

    @property
    def candidate_name(self) -> str:
        return f"{self.course.first_name} {self.course.last_name}"


def finalisation_courses(*, session: Session) -> list[FinalisationCourse]:
    """The session's tests, each with its state and issue reports: two queries whatever their number."""
    state = (
        Assessment.objects.filter(certification_course=OuterRef("pk")).order_by("-created_at").values("state")
    )
    courses = (
        CertificationCourse.objects.filter(session=session)
        .annotate(assessment_state=Subquery(state[:1]))
        .prefetch_related(
            Prefetch("issue_reports", queryset=IssueReport.objects.order_by("created_at", "id"))
        )
        .order_by("last_name", "first_name", "id")
    )
    return [
        FinalisationCourse(
            course=course,
            assessment_state=course.assessment_state or "",
            reports=list(course.issue_reports.all()),
        )
        for course in courses
    ]


# -- Issue reports ------------------------------------------------------------------------------------


def _open_session(session: Session) -> None:
    if session.finalized_at is not None or session.published_at is not None:
        raise FinalisationError(_("Cette session a déjà été finalisée : elle ne peut plus être modifiée."))


def _question_number(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # refused below with the range message


def issue_report_add(
    *,
    session: Session,
    course_id: int,
    category: str,
    subcategory: str = "",
    description: str = "",
    question_number: int | str | None = None,
) -> IssueReport:
    """Record a report for one candidate of this session, normalised as §4.2 says; French errors."""
    _open_session(session)
    course = CertificationCourse.objects.filter(pk=course_id, session=session).first()
    if course is None:
        raise FinalisationError(_("Ce candidat n'a pas passé de test dans cette session."))

    errors: dict[str, str] = {}
    if category not in Category.__members__:
        raise FinalisationError(
            _("Choisissez la catégorie du signalement."),
            errors={"category": _("Choisissez la catégorie du signalement.")},
        )
    chosen = Category(category)
    if chosen in rules.DEPRECATED_CATEGORIES:
        raise FinalisationError(
            _("Cette catégorie de signalement n'est plus utilisée : choisissez-en une autre."),
            errors={
                "category": _("Cette catégorie de signalement n'est plus utilisée : choisissez-en une autre.")
            },
        )
    sub = Subcategory(subcategory) if subcategory in Subcategory.__members__ else None
    if subcategory and sub is None:
        errors["subcategory"] = _("Cette sous-catégorie n'existe pas.")
    elif sub is not None and sub in rules.DEPRECATED_SUBCATEGORIES:
        errors["subcategory"] = _("Cette sous-catégorie n'est plus utilisée : choisissez-en une autre.")
    if chosen not in rules.SUBCATEGORIES_OF:
        sub = None  # a subcategory only qualifies C1-C2 and E1-E12 (§4.2 normalisation)
    report = rules.IssueReport(
        category=chosen,
        subcategory=sub,
        question_number=_question_number(question_number),
        description=(description or "").strip() or None,
    ).normalised()

    if (
        rules.requires_subcategory(category=chosen)
        and report.subcategory not in rules.SUBCATEGORIES_OF[chosen]
    ):
        errors.setdefault("subcategory", _("Précisez le problème en choisissant une sous-catégorie."))
    if rules.requires_question_number(category=chosen) and not (
        report.question_number is not None
        and rules.MIN_QUESTION_NUMBER <= report.question_number <= rules.MAX_QUESTION_NUMBER
    ):
        errors["question_number"] = _("Indiquez le numéro de la question, entre 1 et 500.")
    if rules.requires_description(category=chosen) and not report.description:
        errors["description"] = _("Décrivez ce qui s'est passé.")
    if report.description and len(report.description) > MAX_COMMENT_LENGTH:
        errors["description"] = _("La description ne doit pas dépasser 500 caractères.")
    if errors:
        raise FinalisationError(
            _("Le signalement n'a pas été enregistré : corrigez les champs indiqués."), errors=errors
        )
    if rules.issue_report_problems(report=report):  # the engine's own check, should the two ever differ
        raise FinalisationError(_("Le signalement n'a pas été enregistré : corrigez les champs indiqués."))

    return IssueReport.objects.create(
        course=course,
        category=report.category,
        subcategory=report.subcategory or "",
        description=report.description or "",
        question_number=report.question_number,
    )


def issue_report_delete(*, session: Session, report_id: int) -> None:
    _open_session(session)
    deleted, _rows = IssueReport.objects.filter(
        pk=report_id, course__session=session, live_alert__isnull=True
    ).delete()
    if not deleted:
        raise FinalisationError(_("Ce signalement n'existe pas ou ne peut pas être supprimé."))


# -- Finalisation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseReport:
    """What the form says of one candidate's test."""

    abort_reason: str = ""
    examiner_comment: str = ""


@dataclass(frozen=True)
class FinalisationOutcome:
    session: Session
    scored_course_ids: tuple[int, ...]
    neutralised_questions: int
    validated_answers: int


def _clean_comment(value: str | None) -> str:
    return re.sub(r"\r\n?", "\n", (value or "").strip())


def session_finalize(
    *,
    session: Session,
    examiner_global_comment: str = "",
    has_incident: bool = False,
    has_joining_issue: bool = False,
    course_reports: Mapping[int, CourseReport] | None = None,
    now: datetime | None = None,
) -> FinalisationOutcome:
    """Finalise the session with every check of §4.1; nothing changes when one fails."""
    now = now or timezone.now()
    course_reports = dict(course_reports or {})
    global_comment = _clean_comment(examiner_global_comment)

    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.finalized_at is not None or locked.published_at is not None:
            raise FinalisationError(_("Cette session a déjà été finalisée."))
        courses = finalisation_courses(session=locked)
        if not courses:
            raise FinalisationError(
                _("Aucun candidat n'a commencé son test : une session sans test ne peut pas être finalisée.")
            )
        errors = _check(courses=courses, course_reports=course_reports, global_comment=global_comment)
        if errors:
            raise FinalisationError(_check_summary(errors), errors=errors)

        locked.examiner_global_comment = global_comment
        locked.has_incident = bool(has_incident)
        locked.has_joining_issue = bool(has_joining_issue)
        locked.finalized_at = now
        locked.save(
            update_fields=[
                "examiner_global_comment",
                "has_incident",
                "has_joining_issue",
                "finalized_at",
                "updated_at",
            ]
        )
        for item in courses:
            report = course_reports.get(item.course.pk, CourseReport())
            item.course.examiner_comment = _clean_comment(report.examiner_comment)
            item.course.abort_reason = "" if item.is_completed else report.abort_reason
            item.course.save(update_fields=["examiner_comment", "abort_reason"])

        unfinished = [item for item in courses if not item.is_completed]
        Assessment.objects.filter(
            certification_course__in=[item.course for item in unfinished], state=Assessment.State.STARTED
        ).update(state=Assessment.State.ENDED_DUE_TO_FINALIZATION, updated_at=now)

        to_score = {item.course.pk for item in unfinished}
        neutralised = validated = 0
        if locked.version == Session.Version.V2:
            neutralised, validated, changed = _auto_jury_v2(courses=courses, now=now)
            to_score |= changed
        all_ids = {item.course.pk for item in courses}
        scored_ids = set(
            AssessmentResult.objects.filter(course_id__in=all_ids)
            .values_list("course_id", flat=True)
            .distinct()
        )
        to_score |= all_ids - scored_ids

        from certification.tasks import score_course

        for course_id in sorted(to_score):
            score_course.delay_on_commit(course_id)

    session.refresh_from_db()
    return FinalisationOutcome(
        session=session,
        scored_course_ids=tuple(sorted(to_score)),
        neutralised_questions=neutralised,
        validated_answers=validated,
    )


def _check(
    *, courses: list[FinalisationCourse], course_reports: Mapping[int, CourseReport], global_comment: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(global_comment) > MAX_COMMENT_LENGTH:
        errors["examiner_global_comment"] = _("Le commentaire global ne doit pas dépasser 500 caractères.")
    known = {item.course.pk for item in courses}
    if set(course_reports) - known:
        errors["__all__"] = _("Un des tests indiqués n'appartient pas à cette session.")
    for item in courses:
        report = course_reports.get(item.course.pk, CourseReport())
        key = f"course_{item.course.pk}"
        if len(_clean_comment(report.examiner_comment)) > MAX_COMMENT_LENGTH:
            errors[f"{key}_comment"] = _("Le commentaire ne doit pas dépasser 500 caractères.")
        if report.abort_reason and report.abort_reason not in ABORT_REASONS:
            errors[f"{key}_abort_reason"] = _("Ce motif d'abandon n'existe pas.")
        elif item.is_completed and report.abort_reason:
            errors[f"{key}_abort_reason"] = _(
                "Ce test est terminé : il ne peut pas avoir de motif d'abandon."
            )
        elif not item.is_completed and not report.abort_reason:
            errors[f"{key}_abort_reason"] = _("Choisissez le motif d'abandon de ce test non terminé.")
    return errors


def _check_summary(errors: Mapping[str, str]) -> str:
    if "__all__" in errors:
        return errors["__all__"]
    missing = sum(
        1 for key, message in errors.items() if key.endswith("_abort_reason") and "Choisissez" in message
    )
    if missing:
        return _("La session n'a pas été finalisée : indiquez le motif d'abandon de chaque test non terminé.")
    if any(key.endswith("_abort_reason") for key in errors):
        return _(
            "La session n'a pas été finalisée : un motif d'abandon ne s'applique qu'à un test non terminé."
        )
    return _("La session n'a pas été finalisée : corrigez les champs indiqués.")


# -- The automatic jury of v2 sessions (§4.3) -------------------------------------------------------


def _auto_jury_v2(*, courses: list[FinalisationCourse], now: datetime) -> tuple[int, int, set[int]]:
    """Complete the unfinished tests and resolve the issue reports; the courses changed are returned."""
    course_ids = [item.course.pk for item in courses]
    questions_by_course: dict[int, list[CertificationChallenge]] = {}
    for question in (
        CertificationChallenge.objects.filter(course_id__in=course_ids)
        .select_related("challenge")
        .prefetch_related("challenge__attachments")
        .order_by("course_id", "position")
    ):
        questions_by_course.setdefault(question.course_id, []).append(question)
    answers_by_course: dict[int, dict[str, Answer]] = {}
    for answer in Answer.objects.filter(assessment__certification_course_id__in=course_ids).select_related(
        "assessment"
    ):
        answers_by_course.setdefault(answer.assessment.certification_course_id, {})[answer.challenge_id] = (
            answer
        )

    neutralised = validated = 0
    changed: set[int] = set()
    to_neutralise: list[int] = []
    to_skip: list[int] = []
    for item in courses:
        course = item.course
        answers = answers_by_course.get(course.pk, {})
        questions = questions_by_course.get(course.pk, [])
        if not item.is_completed:
            # Candidate's abort: the unanswered questions count as wrong; technical: they are neutralised.
            for question in questions:
                if question.challenge_id in answers:
                    continue
                if course.abort_reason == CertificationCourse.AbortReason.TECHNICAL:
                    to_neutralise.append(question.pk)
                    question.is_neutralized = True
                    neutralised += 1
                else:
                    to_skip.append(question.pk)
                    question.has_been_skipped_automatically = True
                changed.add(course.pk)

        pending = [report for report in item.reports if report.resolved_at is None]
        if not pending:
            continue
        asked = [
            rules.AskedQuestion(
                challenge_id=question.challenge_id,
                answer_status=answers[question.challenge_id].result
                if question.challenge_id in answers
                else None,
                is_timed=question.challenge.timer is not None,
                is_focused=question.challenge.focused,
                has_illustration=bool(question.challenge.illustration),
                has_embed=bool(question.challenge.embed_url),
                has_attachment=bool(question.challenge.attachments.all()),
            )
            for question in questions
        ]
        engine_reports = [_engine_report(report) for report in pending]
        decisions = rules.resolve_issue_reports(reports=engine_reports, questions=asked)
        by_challenge = {question.challenge_id: question for question in questions}
        for report, decision in zip(pending, decisions, strict=True):
            if not decision.resolved:
                continue
            if decision.effect is rules.ResolutionEffect.NEUTRALISE_CHALLENGE:
                question = by_challenge[decision.challenge_id]
                if not question.is_neutralized:
                    question.is_neutralized = True
                    to_neutralise.append(question.pk)
                    neutralised += 1
                changed.add(course.pk)
            elif decision.effect is rules.ResolutionEffect.VALIDATE_ANSWER:
                answer = answers[decision.challenge_id]
                answer.result = "ok"
                answer.save(update_fields=["result"])
                validated += 1
                changed.add(course.pk)
            report.resolved_at = now
            report.resolution = decision.text
            report.has_been_automatically_resolved = True
            report.save(update_fields=["resolved_at", "resolution", "has_been_automatically_resolved"])

    if to_neutralise:
        CertificationChallenge.objects.filter(pk__in=to_neutralise).update(is_neutralized=True)
    if to_skip:
        CertificationChallenge.objects.filter(pk__in=to_skip).update(has_been_skipped_automatically=True)
    return neutralised, validated, changed


def _engine_report(report: IssueReport) -> rules.IssueReport:
    return rules.IssueReport(
        category=Category(report.category) if report.category in Category.__members__ else Category.OTHER,
        subcategory=Subcategory(report.subcategory)
        if report.subcategory in Subcategory.__members__
        else None,
        question_number=report.question_number,
        description=report.description or None,
    )
