"""Results after publication: the session results CSV (pix-certif.md §4.6) and the certificates'
content (§5.1–5.2), built from the latest result of each course.

Reads only. A certificate is shown (shared, verified, printed) only when its course is published,
not cancelled, and its latest result is validated (§5.1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments.engine.calibration import max_score
from assessments.selectors import referential_snapshot
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, Session

COMPETENCE_CODES = (
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
)  # fmt: skip
CSV_HEADER = (
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant Externe",
    "Statut",
    "Nombre de Pix",
    *COMPETENCE_CODES,
    "Commentaire jury pour l'organisation",
    "Session",
    "Centre de certification",
    "Date de passage de la certification",
)
# The CSV keeps French labels whatever the reader's language: partners' tools parse them.
CSV_STATUS_LABELS = {
    AssessmentResult.Status.VALIDATED: "Validée",
    AssessmentResult.Status.REJECTED: "Rejetée",
    AssessmentResult.Status.CANCELLED: "Annulée",
    AssessmentResult.Status.ERROR: "En erreur",
    "started": "Démarrée",
}

MESH_LABELS = {
    0: gettext_lazy("Pré-débutant"),
    1: gettext_lazy("Débutant 1"),
    2: gettext_lazy("Débutant 2"),
    3: gettext_lazy("Indépendant 3"),
    4: gettext_lazy("Indépendant 4"),
    5: gettext_lazy("Avancé 5"),
    6: gettext_lazy("Avancé 6"),
    7: gettext_lazy("Expert 7"),
    8: gettext_lazy("Expert 8"),
}
MESH_SUMMARIES = {
    1: gettext_lazy("Réalise des tâches simples et guidées avec des outils numériques courants."),
    2: gettext_lazy("Réalise seul des tâches simples et habituelles avec des outils numériques courants."),
    3: gettext_lazy("Réalise en autonomie des tâches courantes et résout des problèmes simples."),
    4: gettext_lazy("Choisit les outils adaptés et résout seul des problèmes variés du quotidien."),
    5: gettext_lazy("Accomplit des tâches complexes et adapte ses pratiques à des situations nouvelles."),
    6: gettext_lazy("Maîtrise des situations complexes et aide les autres à progresser."),
    7: gettext_lazy("Résout des problèmes complexes et inédits ; fait référence pour les autres."),
    8: gettext_lazy("Innove et conçoit des solutions nouvelles dans des situations très complexes."),
}

# Auto jury comments (§6.3), in our own words: for the candidate and for the organization.
JURY_COMMENTS: dict[str, tuple[str, str]] = {
    "CANCELLED_DUE_TO_NEUTRALIZATION": (
        gettext_lazy(
            "Des problèmes techniques signalés au surveillant ont perturbé votre test : la certification est "
            "annulée. Vous pourrez la repasser."
        ),
        gettext_lazy(
            "Des problèmes techniques ont perturbé le test du candidat : la certification est annulée."
        ),
    ),
    "CANCELLED_BY_JURY": (
        gettext_lazy("Le jury a annulé cette certification."),
        gettext_lazy("Le jury a annulé cette certification."),
    ),
    "FRAUD": (
        gettext_lazy("Le jury a rejeté cette certification pour fraude."),
        gettext_lazy("Le jury a rejeté cette certification pour fraude."),
    ),
    "REJECTED_DUE_TO_LACK_OF_ANSWERS": (
        gettext_lazy(
            "Vous n'avez pas répondu à assez de questions pour qu'une certification Pix puisse vous être délivrée."
        ),
        gettext_lazy("Le candidat n'a pas répondu à assez de questions pour être certifié."),
    ),
    "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON": (
        gettext_lazy(
            "Un problème technique vous a empêché de répondre à assez de questions : la certification est "
            "annulée. Vous pourrez la repasser."
        ),
        gettext_lazy(
            "Un problème technique a empêché le candidat de répondre à assez de questions : la certification "
            "est annulée."
        ),
    ),
    "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS": (
        gettext_lazy("Le nombre de réponses justes est insuffisant pour délivrer une certification Pix."),
        gettext_lazy("Le candidat n'a pas donné assez de réponses justes pour être certifié."),
    ),
    "REJECTED_DUE_TO_ZERO_PIX_SCORE": (
        gettext_lazy("Votre score est de 0 pix : aucune certification ne peut être délivrée."),
        gettext_lazy("Le score du candidat est de 0 pix : aucune certification n'est délivrée."),
    ),
    "REJECTED_EDU_NOT_ELIGIBLE": (
        gettext_lazy("Les conditions de la certification Pix+ Édu ne sont pas remplies."),
        gettext_lazy("Les conditions de la certification Pix+ Édu ne sont pas remplies."),
    ),
    "REJECTED_PIX_PLUS_NOT_OBTAINED": (
        gettext_lazy("La certification Pix+ n'est pas obtenue."),
        gettext_lazy("La certification Pix+ n'est pas obtenue."),
    ),
}


def jury_comment(result: AssessmentResult | None, *, for_organization: bool = False) -> str:
    """The automatic comment of the result's key, or else the jury's own words (§6.3)."""
    if result is None:
        return ""
    texts = JURY_COMMENTS.get(result.jury_comment_key)
    if texts is not None:
        return str(texts[1] if for_organization else texts[0])
    return result.comment_for_organization if for_organization else result.comment_for_candidate


# -- Latest results, in bulk ---------------------------------------------------------------------------


def with_latest_results(courses: QuerySet[CertificationCourse]) -> list[CertificationCourse]:
    """The courses, each with `latest_result` (its competence marks prefetched) or None: 3 queries."""
    latest_id = (
        AssessmentResult.objects.filter(course=OuterRef("pk")).order_by("-created_at", "-id").values("id")[:1]
    )
    rows = list(courses.annotate(latest_result_id=Subquery(latest_id)))
    ids = [row.latest_result_id for row in rows if row.latest_result_id]
    results = {
        result.pk: result
        for result in AssessmentResult.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("competence_marks", queryset=CompetenceMark.objects.order_by("competence_code"))
        )
    }
    for row in rows:
        row.latest_result = results.get(row.latest_result_id)
    return rows


def private_status(course: CertificationCourse) -> str:
    """§5.1: cancelled first, then the latest result's status, else "started"."""
    if course.is_cancelled:
        return AssessmentResult.Status.CANCELLED
    result = getattr(course, "latest_result", None)
    return result.status if result is not None else "started"


def is_shareable(course: CertificationCourse) -> bool:
    result = getattr(course, "latest_result", None)
    return (
        course.is_published
        and not course.is_cancelled
        and result is not None
        and result.status == AssessmentResult.Status.VALIDATED
    )


# -- The session results CSV (§4.6) -------------------------------------------------------------------


def _competence_cell(result: AssessmentResult | None, marks: dict[str, int], code: str) -> str:
    if code not in marks:
        return "-"
    if result is None or result.status != AssessmentResult.Status.VALIDATED or marks[code] < 0:
        return "0"
    return str(marks[code])


def session_result_rows(*, session: Session) -> list[list[str]]:
    """One row per certification of the session, in the order of the header; three queries."""
    courses = with_latest_results(
        CertificationCourse.objects.filter(session=session).order_by("last_name", "first_name", "id")
    )
    rows = []
    for course in courses:
        result = course.latest_result
        status = private_status(course)
        marks = {mark.competence_code: mark.level for mark in result.competence_marks.all()} if result else {}
        pix = str(result.pix_score) if result and status == AssessmentResult.Status.VALIDATED else "0"
        rows.append(
            [
                str(course.pk),
                course.first_name,
                course.last_name,
                course.birthdate.strftime("%d/%m/%Y"),
                course.birthplace,
                course.external_id,
                CSV_STATUS_LABELS.get(status, status),
                pix,
                *(_competence_cell(result, marks, code) for code in COMPETENCE_CODES),
                jury_comment(result, for_organization=True),
                str(session.pk),
                session.center_name,
                timezone.localtime(course.created_at).strftime("%d/%m/%Y"),
            ]
        )
    return rows


def _sanitise(cell: str) -> str:
    """A spreadsheet would run a text cell starting with = + - @ as a formula (CSV injection)."""
    if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and cell != "-"):
        return "'" + cell
    return cell


def session_results_csv(*, session: Session) -> str:
    """UTF-8 with a byte-order mark, `;`-separated, as French spreadsheets open it."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in session_result_rows(session=session):
        writer.writerow([_sanitise(cell) for cell in row])
    return buffer.getvalue()


def session_results_filename(session: Session) -> str:
    return f"resultats-session-{session.pk}.csv"


# -- Certificates (§5.1, §5.2) ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceLevel:
    code: str
    name: str
    level: int  # -1 when not certified (v2)

    @property
    def is_certified(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class AreaLevels:
    code: str
    name: str
    competences: tuple[CompetenceLevel, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Certificate:
    course_id: int
    version: int
    first_name: str
    last_name: str
    birthdate: date
    birthplace: str
    center_name: str
    certification_date: date
    delivered_at: date | None
    pix_score: int
    max_score: int
    mesh_level: int | None
    verification_code: str
    areas: tuple[AreaLevels, ...]
    comment_for_candidate: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def printed_last_name(self) -> str:
        return self.last_name.upper()

    @property
    def mesh_label(self) -> str:
        """The global level's name; none for pre-beginners (§5.1)."""
        if self.mesh_level is None or self.mesh_level < 1:
            return ""
        return str(MESH_LABELS.get(self.mesh_level, ""))

    @property
    def mesh_summary(self) -> str:
        return str(MESH_SUMMARIES.get(self.mesh_level or 0, ""))

    @property
    def score_percent(self) -> int:
        return round(100 * self.pix_score / self.max_score) if self.max_score else 0

    @property
    def score_width(self) -> int:
        """The score's share of the maximum, to the nearest 5 % (the pages' .w-NN classes)."""
        return min(100, 5 * round(self.score_percent / 5))

    @property
    def level_steps(self) -> range:
        return range(1, 9)


def _areas(marks: Iterable[CompetenceMark]) -> tuple[AreaLevels, ...]:
    snapshot = referential_snapshot()
    by_area: dict[str, list[CompetenceLevel]] = {}
    names: dict[str, str] = {}
    levels = {mark.competence_code: mark.level for mark in marks}
    for code, competence in snapshot.competences.items():
        if code not in levels:
            continue
        area = competence.area
        names[area.code] = area.name
        by_area.setdefault(area.code, []).append(
            CompetenceLevel(code=code, name=competence.name, level=levels[code])
        )
    return tuple(
        AreaLevels(code=code, name=names[code], competences=tuple(by_area[code])) for code in sorted(by_area)
    )


def certificate_of(course: CertificationCourse) -> Certificate:
    """The certificate's content; `course` comes from `with_latest_results`, with its session."""
    result: AssessmentResult = course.latest_result
    session = course.session
    delivered = timezone.localtime(session.published_at).date() if session.published_at else None
    v3 = course.version == Session.Version.V3
    return Certificate(
        course_id=course.pk,
        version=course.version,
        first_name=course.first_name,
        last_name=course.last_name,
        birthdate=course.birthdate,
        birthplace=course.birthplace,
        center_name=session.center_name,
        certification_date=timezone.localtime(course.created_at).date(),
        delivered_at=delivered,
        pix_score=result.pix_score,
        max_score=max_score(max_reachable_level=course.max_reachable_level)
        if v3
        else course.max_reachable_level * 8 * 16,
        mesh_level=result.reached_mesh_level if v3 else None,
        verification_code=course.verification_code,
        areas=_areas(result.competence_marks.all()),
        comment_for_candidate=jury_comment(result),
    )


def certificates_of(courses: Sequence[CertificationCourse]) -> list[Certificate]:
    return [certificate_of(course) for course in courses if is_shareable(course)]
