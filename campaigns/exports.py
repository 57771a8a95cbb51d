"""CSV exports of a campaign's results (pix-orga-learner.md §1.9), written by a worker, streamed.

The file starts with a UTF-8 byte-order mark; cells are separated by ";" and lines end with "\\n", as
the reference writes them (the file opens as is in a French spreadsheet): texts are quoted (a text made
only of digits and dashes is not), numbers are bare with a decimal comma, a missing value is `NA`,
yes/no is `Oui`/`Non`, dates are `DD/MM/YYYY HH:mm` in Europe/Paris time. A text starting with
= + - @ (a spreadsheet formula) is prefixed with an apostrophe.

Rows are read with ``.iterator(chunk_size=…)`` and written one by one; what a chunk needs besides its
rows (the knowledge of participants who have not sent their results yet) is loaded once per chunk, so
memory and queries do not grow with the number of participants.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from assessments.engine import scoring
from assessments.models import KnowledgeElement
from assessments.selectors import referential_snapshot
from campaigns.models import Campaign, CampaignParticipation, ExportJob
from campaigns.selectors import (
    campaign_badges,
    campaign_engine_skills,
    campaign_stages,
    completed_assessment,
    visible_participations,
)

logger = logging.getLogger(__name__)

BOM = "\ufeff"
SEPARATOR = ";"
NA = "NA"
YES, NO = "Oui", "Non"
CHUNK_SIZE = 500
EXPORTS_FOLDER = "campaign-exports"
PARIS = ZoneInfo("Europe/Paris")
FILE_NAME_ZONE = ZoneInfo("Europe/Berlin")  # the reference computes the file name's date there (§1.9)

_DIGITS_AND_DASHES = re.compile(r"[0-9-]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')

Cell = str | int | Fraction | Decimal


# -- Cells -------------------------------------------------------------------------------------------


def two_decimals(value: Fraction | Decimal | float) -> Fraction:
    """Rounded to 2 decimals, halves up (lodash's _.round(x, 2) on the rates of the reference)."""
    return Fraction(scoring.round_half_up(Fraction(value) * 100), 100)


def csv_cell(value: Cell) -> str:
    if isinstance(value, bool):  # pragma: no cover - a programming error, never a cell
        raise TypeError("booleans are written Oui/Non")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Fraction, Decimal)):
        rate = two_decimals(value)
        text = f"{float(rate):.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if _DIGITS_AND_DASHES.fullmatch(value):
        return value
    prefix = "'" if value.startswith(_FORMULA_START) else ""
    return '"' + prefix + value.replace('"', '""') + '"'


def csv_line(cells: Iterable[Cell]) -> str:
    return SEPARATOR.join(csv_cell(cell) for cell in cells) + "\n"


def yes_no(value: bool) -> str:
    return YES if value else NO


def paris_datetime(value: datetime) -> str:
    return timezone.localtime(value, PARIS).strftime("%d/%m/%Y %H:%M")


def export_file_name(*, campaign: Campaign, now: datetime | None = None) -> str:
    """`Resultats-{campaignName}-{campaignId}-{YYYY-MM-DD-HHmm}.csv` (characters a file name cannot hold
    are replaced by "_")."""
    moment = timezone.localtime(now or timezone.now(), FILE_NAME_ZONE)
    name = _NOT_IN_FILE_NAMES.sub("_", campaign.name).strip() or "campagne"
    return f"Resultats-{name}-{campaign.pk}-{moment:%Y-%m-%d-%H%M}.csv"


# -- What every line needs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    participation_id: int
    user_id: int | None
    status: str
    created_at: datetime
    shared_at: datetime | None
    external_id: str
    mastery_rate: Decimal | None
    results: dict
    completed: bool
    last_name: str
    first_name: str
    division: str
    group: str
    student_number: str

    @property
    def is_shared(self) -> bool:
        return self.status == CampaignParticipation.Status.SHARED


_ROW_FIELDS = (
    "pk",
    "user_id",
    "status",
    "created_at",
    "shared_at",
    "participant_external_id",
    "mastery_rate",
    "results_snapshot",
    "completed",
    "organization_learner__last_name",
    "organization_learner__first_name",
    "organization_learner__division",
    "organization_learner__group",
    "organization_learner__student_number",
    "user__last_name",
    "user__first_name",
)


def _rows(campaign: Campaign, *, chunk_size: int) -> Iterator[list[_Row]]:
    """The campaign's participations by name, in lists of at most `chunk_size`, read with a cursor."""
    participations = (
        visible_participations(campaign=campaign)
        .annotate(completed=completed_assessment())
        .order_by(Lower("organization_learner__last_name"), Lower("organization_learner__first_name"), "pk")
        .values_list(*_ROW_FIELDS)
    )
    chunk: list[_Row] = []
    for values in participations.iterator(chunk_size=chunk_size):
        (pk, user_id, status, created_at, shared_at, external_id, rate, results, completed) = values[:9]
        last_name, first_name, division, group, student_number, user_last, user_first = values[9:]
        chunk.append(
            _Row(
                participation_id=pk,
                user_id=user_id,
                status=status,
                created_at=created_at,
                shared_at=shared_at,
                external_id=external_id or "",
                mastery_rate=rate,
                results=results or {},
                completed=bool(completed),
                last_name=last_name if last_name is not None else (user_last or ""),
                first_name=first_name if first_name is not None else (user_first or ""),
                division=division or "",
                group=group or "",
                student_number=student_number or "",
            )
        )
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _identity_cells(campaign: Campaign, row: _Row, *, profiles: bool) -> list[Cell]:
    organization = campaign.organization
    cells: list[Cell] = [row.last_name, row.first_name]
    sco = organization.imports_sco_students
    sup = organization.imports_sup_students
    if profiles:  # §1.9: Groupe, Classe, Numéro Étudiant
        cells += [row.group] if sup else []
        cells += [row.division] if sco else []
    else:  # Classe, Groupe, Numéro Étudiant
        cells += [row.division] if sco else []
        cells += [row.group] if sup else []
    cells += [row.student_number] if sup else []
    if campaign.external_id_label:
        cells.append(row.external_id)
    return cells


def _identity_headers(campaign: Campaign, *, profiles: bool) -> list[str]:
    organization = campaign.organization
    sco = organization.imports_sco_students
    sup = organization.imports_sup_students
    headers = ["Nom du Participant", "Prénom du Participant"]
    if profiles:
        headers += ["Groupe"] if sup else []
        headers += ["Classe"] if sco else []
    else:
        headers += ["Classe"] if sco else []
        headers += ["Groupe"] if sup else []
    headers += ["Numéro Étudiant"] if sup else []
    if campaign.external_id_label:
        headers.append(campaign.external_id_label)
    return headers


# -- Assessment campaigns ----------------------------------------------------------------------------


class _AssessmentExport:
    def __init__(self, campaign: Campaign) -> None:
        snapshot = referential_snapshot()
        self.campaign = campaign
        self.skills = campaign_engine_skills(campaign=campaign)
        self.skill_ids = frozenset(skill.id for skill in self.skills)
        self.skill_pks = [snapshot.skill_pks[skill.id] for skill in self.skills]
        self.competence_of = {skill.id: skill.competence for skill in self.skills}
        counts: dict[str, int] = {}
        for skill in self.skills:
            counts[skill.competence] = counts.get(skill.competence, 0) + 1
        self.competences = [
            (code, snapshot.competences[code], counts[code])
            for code in snapshot.competences
            if code in counts
        ]
        areas: dict[str, tuple] = {}
        for code, competence, _count in self.competences:
            area = competence.area
            areas.setdefault(area.code, (area, []))[1].append(code)
        self.areas = [areas[code] for code in sorted(areas)]
        self.stages = campaign_stages(campaign=campaign)
        self.badges = campaign_badges(campaign=campaign)

    def header(self) -> list[str]:
        campaign = self.campaign
        headers = ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours"]
        headers += _identity_headers(campaign, profiles=False)
        headers += ["% de progression", "Date de début", "Partage (O/N)", "Date du partage"]
        if self.stages:
            headers.append(f"Palier obtenu (/{len(self.stages) - 1})")
        headers += [f"{badge.title} obtenu (O/N)" for badge in self.badges]
        headers.append("% maitrise de l'ensemble des acquis du profil")
        for _code, competence, _count in self.competences:
            name = competence.name_fr
            headers += [
                f"% de maitrise des acquis de la compétence {name}",
                f"Nombre d'acquis du profil cible dans la compétence {name}",
                f"Acquis maitrisés dans la compétence {name}",
            ]
        for area, _codes in self.areas:
            name = area.name_fr
            headers += [
                f"% de maitrise des acquis du domaine {name}",
                f"Nombre d'acquis du profil cible du domaine {name}",
                f"Acquis maitrisés du domaine {name}",
            ]
        return headers

    def tested_counts(self, chunk: list[_Row]) -> dict[int, int]:
        """For the participants still answering: how many campaign skills they have a current knowledge
        element on (live, §1.9 "live knowledge elements for started ones"); one query per chunk."""
        users = {row.user_id for row in chunk if not row.is_shared and not row.completed and row.user_id}
        if not users or not self.skill_pks:
            return {}
        latest: dict[tuple[int, int], str] = {}
        for user_id, skill_pk, status in (
            KnowledgeElement.objects.filter(user_id__in=users, skill_id__in=self.skill_pks)
            .order_by("created_at", "pk")
            .values_list("user_id", "skill_id", "status")
        ):
            latest[(user_id, skill_pk)] = status
        counts: dict[int, int] = {}
        for (user_id, _skill), status in latest.items():
            if status != KnowledgeElement.Status.RESET:
                counts[user_id] = counts.get(user_id, 0) + 1
        return counts

    def line(self, row: _Row, tested: dict[int, int]) -> list[Cell]:
        campaign = self.campaign
        organization = campaign.organization
        cells: list[Cell] = [
            organization.name,
            campaign.pk,
            campaign.code,
            campaign.name,
            campaign.target_profile.name if campaign.target_profile else "",
        ]
        cells += _identity_cells(campaign, row, profiles=False)
        if row.is_shared or row.completed or not self.skills:
            progress: Cell = 1 if (row.is_shared or row.completed) else 0
        else:
            progress = Fraction(tested.get(row.user_id or 0, 0), len(self.skills))
        cells += [
            progress,
            paris_datetime(row.created_at),
            yes_no(row.is_shared),
            paris_datetime(row.shared_at) if row.is_shared and row.shared_at else NA,
        ]
        if not row.is_shared:
            cells += [NA] if self.stages else []
            cells += [NA] * len(self.badges)
            cells.append(NA)
            cells += [NA] * (3 * (len(self.competences) + len(self.areas)))
            return cells
        results = row.results
        if self.stages:
            acquired = len(set(results.get("stage_ids", [])) & {stage.pk for stage in self.stages})
            cells.append(max(acquired, 1) - 1)
        obtained = set(results.get("badge_ids", []))
        cells += [yes_no(badge.pk in obtained) for badge in self.badges]
        cells.append(row.mastery_rate if row.mastery_rate is not None else NA)
        validated_by_competence: dict[str, int] = {}
        for skill_id, status in results.get("skills", {}).items():
            if status == "validated" and skill_id in self.skill_ids:
                code = self.competence_of[skill_id]
                validated_by_competence[code] = validated_by_competence.get(code, 0) + 1
        for code, _competence, count in self.competences:
            cells += _stats(validated_by_competence.get(code, 0), count)
        for _area, codes in self.areas:
            count = sum(total for code, _c, total in self.competences if code in codes)
            cells += _stats(sum(validated_by_competence.get(code, 0) for code in codes), count)
        return cells


def _stats(validated: int, targeted: int) -> list[Cell]:
    rate: Cell = Fraction(validated, targeted) if targeted else 0
    return [rate, targeted, validated]


# -- Profiles collections ----------------------------------------------------------------------------


class _ProfilesExport:
    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.competences = list(referential_snapshot().competences.items())  # the 16, in framework order

    def header(self) -> list[str]:
        headers = ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne"]
        headers += _identity_headers(self.campaign, profiles=True)
        headers += [
            "Envoi (O/N)",
            "Date de l'envoi",
            "Nombre de pix total",
            "Certifiable (O/N)",
            "Nombre de compétences certifiables",
        ]
        for _code, competence in self.competences:
            headers += [
                f"Niveau pour la compétence {competence.name_fr}",
                f"Nombre de pix pour la compétence {competence.name_fr}",
            ]
        return headers

    def tested_counts(self, chunk: list[_Row]) -> dict[int, int]:
        return {}

    def line(self, row: _Row, tested: dict[int, int]) -> list[Cell]:
        campaign = self.campaign
        cells: list[Cell] = [campaign.organization.name, campaign.pk, campaign.code, campaign.name]
        cells += _identity_cells(campaign, row, profiles=True)
        cells.append(yes_no(row.is_shared))
        if not row.is_shared:
            return cells + [NA] * (4 + 2 * len(self.competences))
        results = row.results
        certifiable = int(results.get("certifiable_competences") or 0)
        cells += [
            paris_datetime(row.shared_at) if row.shared_at else NA,
            int(results.get("pix_score") or 0),
            yes_no(certifiable >= scoring.MINIMUM_CERTIFIABLE_COMPETENCES),
            certifiable,
        ]
        by_code = results.get("competences", {})
        for code, _competence in self.competences:
            scores = by_code.get(code, {})
            cells += [int(scores.get("level", 0)), int(scores.get("pix", 0))]
        return cells


# -- Writing -----------------------------------------------------------------------------------------

Progress = Callable[[int], None]


def campaign_export_write(
    *,
    campaign: Campaign,
    stream: IO[str],
    chunk_size: int = CHUNK_SIZE,
    on_progress: Progress | None = None,
) -> int:
    """Write the campaign's export (header and one line per current participation) to a text stream;
    return the number of participant lines. Memory stays flat: rows are streamed, chunk by chunk."""
    export = _AssessmentExport(campaign) if campaign.is_assessment else _ProfilesExport(campaign)
    stream.write(BOM)
    stream.write(csv_line(export.header()))
    written = 0
    for chunk in _rows(campaign, chunk_size=chunk_size):
        tested = export.tested_counts(chunk)
        for row in chunk:
            stream.write(csv_line(export.line(row, tested)))
        written += len(chunk)
        del chunk, tested  # free this chunk before the cursor reads the next one
        if on_progress is not None:
            on_progress(written)
    return written


# -- Jobs --------------------------------------------------------------------------------------------


def export_job_start(*, campaign: Campaign, by) -> ExportJob:
    """Record an export and hand it to a worker once the transaction commits (inline without a broker)."""
    from campaigns.tasks import campaign_export_task

    with transaction.atomic():
        job = ExportJob.objects.create(
            campaign=campaign, requested_by=by, filename=export_file_name(campaign=campaign)
        )
        campaign_export_task.delay_on_commit(job.pk)
    return job


def export_job_path(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.file_path


def export_job_run(*, job: ExportJob, chunk_size: int = CHUNK_SIZE) -> ExportJob:
    """Write the file of one export, recording its progress; a failure leaves no partial file."""
    campaign = (
        Campaign.objects.select_related("organization", "target_profile").filter(pk=job.campaign_id).get()
    )
    relative = f"{EXPORTS_FOLDER}/{uuid.uuid4().hex}.csv"  # never a name derived from user input
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    job.status = ExportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.rows_total = visible_participations(campaign=campaign).count()
    job.rows_done = 0
    job.save(update_fields=["status", "started_at", "rows_total", "rows_done"])

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    try:
        with path.open("w", encoding="utf-8", newline="") as stream:
            written = campaign_export_write(
                campaign=campaign, stream=stream, chunk_size=chunk_size, on_progress=progress
            )
    except Exception:
        path.unlink(missing_ok=True)
        job.status = ExportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        logger.exception("Export %s of campaign %s failed", job.pk, campaign.pk)
        raise
    job.status = ExportJob.Status.DONE
    job.file_path = relative
    job.rows_done = written
    job.rows_total = max(job.rows_total, written)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "file_path", "rows_done", "rows_total", "finished_at"])
    return job
