"""The candidates list as an OpenDocument spreadsheet (pix-certif.md §2.6): the template and its reading.

The template has the session's details at the top, then the header row and one row per candidate.
Reading looks for the header row (so a bare table with the headers on line 1 works too), checks that
every expected column is there, and returns the candidate rows with their line number in the sheet.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from odf import teletype
from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import (
    ContentValidation,
    ContentValidations,
    ErrorMessage,
    HelpMessage,
    Table,
    TableCell,
    TableColumn,
    TableRow,
)
from odf.text import P

from certification.models import Session

SHEET_NAME = "Liste des candidats"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_CANDIDATE_ROWS = 2000
HEADER_SEARCH_ROWS = 60
TEMPLATE_EMPTY_ROWS = 300


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width_cm: float
    help: str = ""


# The official headers (candidate-list-template.headers.*), in the template's order.
COLUMNS: tuple[Column, ...] = (
    Column("last_name", "* Nom de naissance", 4.5),
    Column("first_name", "* Prénom", 4.0),
    Column("birthdate", "* Date de naissance (format : jj/mm/aaaa)", 4.2, "Par exemple 14/03/2008"),
    Column("sex", "* Sexe (M ou F)", 2.6, "M ou F"),
    Column(
        "birth_insee_code",
        "Code INSEE de la commune de naissance",
        4.2,
        "Né(e) en France : le code INSEE, ou bien le code postal et le nom de la commune. Né(e) à l'étranger : 99.",
    ),
    Column("birth_postal_code", "Code postal de la commune de naissance", 4.2),
    Column("birth_city", "Nom de la commune de naissance", 4.5),
    Column("birth_country", "* Pays de naissance", 3.5, "Par exemple FRANCE, ESPAGNE"),
    Column("result_recipient_email", "E-mail du destinataire des résultats (formateur, enseignant…)", 5.5),
    Column("email", "E-mail de convocation", 5.0),
    Column("external_id", "Identifiant externe", 3.5),
    Column(
        "extra_time_percentage",
        "Temps majoré ? (exemple format : 33%)",
        3.8,
        "Un pourcentage, par exemple 33%",
    ),
)
BILLING_COLUMNS: tuple[Column, ...] = (
    Column("billing_mode", "* Tarification part Pix", 4.0, "Gratuite, Payante ou Prépayée"),
    Column(
        "prepayment_code",
        "Code de prépaiement",
        4.5,
        "Pour une tarification prépayée : SIRET de l'organisation + numéro de facture, "
        "par exemple 12345678912345/FACT12345. Sans facture, Pix vous communique un code.",
    ),
)
CODE_COLUMNS = {"birth_insee_code", "birth_postal_code"}


def columns_for(*, has_billing_mode: bool) -> tuple[Column, ...]:
    return COLUMNS + BILLING_COLUMNS if has_billing_mode else COLUMNS


def _header_key(text: str) -> str:
    """Headers are compared without case, accents, spaces or punctuation: `* Prénom` = `PRENOM`."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


class OdsFileError(ValueError):
    """The file as a whole cannot be read (not an ODS, no header row, missing columns)."""


@dataclass(frozen=True)
class OdsRow:
    line: int
    values: dict[str, str | date]


# ------------------------------------------------------------------------------------------------ reading

Cell = str | date | Decimal


def _cell_value(cell) -> Cell:
    value_type = cell.getAttribute("valuetype")
    if value_type == "date":
        raw = (cell.getAttribute("datevalue") or "")[:10]
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    elif value_type in ("float", "currency"):
        try:
            return Decimal(cell.getAttribute("value"))
        except (InvalidOperation, TypeError):
            pass
    elif value_type == "percentage":
        try:
            percent = Decimal(cell.getAttribute("value")) * 100
            return f"{percent.normalize():f}%"
        except (InvalidOperation, TypeError):
            pass
    paragraphs = [teletype.extractText(p) for p in cell.getElementsByType(P)]
    return "\n".join(paragraphs).strip()


def _rows(table) -> list[tuple[int, list[Cell]]]:
    """The non-empty rows of a table, with their line numbers; repeated empty rows are counted, not expanded."""
    result: list[tuple[int, list[Cell]]] = []
    line = 0
    for row in table.getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells: list[Cell] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            cell_repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 64)
            value = _cell_value(cell)
            cells.extend([value] * cell_repeat)
            if len(cells) > 64:
                break
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            for _ in range(min(repeat, MAX_CANDIDATE_ROWS)):
                line += 1
                result.append((line, cells))
            if len(result) > MAX_CANDIDATE_ROWS + HEADER_SEARCH_ROWS:
                raise OdsFileError(
                    _("Le fichier compte plus de %(max)s lignes : découpez la liste.")
                    % {"max": MAX_CANDIDATE_ROWS}
                )
        else:
            line += repeat
    return result


def _load(file: IO[bytes]) -> OpenDocumentSpreadsheet:
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OdsFileError(_("Le fichier dépasse 5 Mo."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
            raise OdsFileError(_("Le fichier est trop volumineux une fois décompressé."))
        mimetype = archive.read("mimetype").decode("ascii", "ignore").strip()
    except (zipfile.BadZipFile, KeyError) as error:
        raise OdsFileError(
            _(
                "Ce fichier n'est pas un tableur au format ODS. Enregistrez la liste au format .ods et réessayez."
            )
        ) from error
    if mimetype != "application/vnd.oasis.opendocument.spreadsheet":
        raise OdsFileError(
            _(
                "Ce fichier n'est pas un tableur au format ODS. Enregistrez la liste au format .ods et réessayez."
            )
        )
    try:
        return load(io.BytesIO(data))
    except Exception as error:  # odfpy raises many kinds of errors on a damaged file
        raise OdsFileError(_("Le fichier ODS est illisible ou endommagé.")) from error


def read_candidate_rows(file: IO[bytes], *, has_billing_mode: bool) -> list[OdsRow]:
    """The candidate rows of the first sheet, keyed by column; raises OdsFileError on a wrong file."""
    document = _load(file)
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        raise OdsFileError(_("Le fichier ne contient aucune feuille."))
    rows = _rows(tables[0])
    expected = columns_for(has_billing_mode=has_billing_mode)
    all_columns = {_header_key(c.header): c for c in COLUMNS + BILLING_COLUMNS}
    first, second = _header_key(COLUMNS[0].header), _header_key(COLUMNS[1].header)
    header_index = None
    for index, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {_header_key(str(cell)) for cell in cells}
        if first in keys and second in keys:
            header_index = index
            break
    if header_index is None:
        raise OdsFileError(
            _(
                "La ligne des en-têtes du modèle est introuvable (colonnes « %(first)s », « %(second)s »…). "
                "Téléchargez le modèle de la session et reportez-y vos candidats."
            )
            % {"first": COLUMNS[0].header, "second": COLUMNS[1].header}
        )
    header_cells = rows[header_index][1]
    positions: dict[str, int] = {}
    for position, cell in enumerate(header_cells):
        column = all_columns.get(_header_key(str(cell)))
        if column is not None:
            positions.setdefault(column.key, position)
    missing = [c.header for c in expected if c.key not in positions]
    if missing:
        raise OdsFileError(
            _(
                "Il manque des colonnes du modèle : %(columns)s. Téléchargez le modèle de la session et utilisez-le tel quel."
            )
            % {"columns": ", ".join(f"« {header} »" for header in missing)}
        )
    result: list[OdsRow] = []
    for line, cells in rows[header_index + 1 :]:
        values: dict[str, str | date] = {}
        for key, position in positions.items():
            cell = cells[position] if position < len(cells) else ""
            values[key] = _as_text(key, cell)
        if any(value not in ("", None) for value in values.values()):
            result.append(OdsRow(line=line, values=values))
    if len(result) > MAX_CANDIDATE_ROWS:
        raise OdsFileError(
            _("Le fichier compte plus de %(max)s candidats : découpez la liste.")
            % {"max": MAX_CANDIDATE_ROWS}
        )
    return result


def _as_text(key: str, cell: Cell) -> str | date:
    if isinstance(cell, date):
        return cell if key == "birthdate" else cell.strftime("%d/%m/%Y")
    if isinstance(cell, Decimal):
        text = f"{cell.normalize():f}" if cell == cell.to_integral_value() else str(cell)
        if key in CODE_COLUMNS and text.isdigit():
            return text.zfill(5)  # a spreadsheet turns 01000 into the number 1000
        return text
    return cell.strip()


# ----------------------------------------------------------------------------------------------- template


def _style(
    document, name: str, *, bold: bool = False, background: str | None = None, size: str | None = None
):
    style = Style(name=name, family="table-cell")
    cell_props = {"verticalalign": "middle", "wrapoption": "wrap", "padding": "0.08cm"}
    if background:
        cell_props["backgroundcolor"] = background
        cell_props["border"] = "0.5pt solid #7a8396"
    style.addElement(TableCellProperties(**cell_props))
    style.addElement(ParagraphProperties(textalign="start"))
    text_props = {}
    if bold:
        text_props["fontweight"] = "bold"
    if size:
        text_props["fontsize"] = size
    if text_props:
        style.addElement(TextProperties(**text_props))
    document.automaticstyles.addElement(style)
    return style


def _text_cell(value: str, style=None, validation: str | None = None) -> TableCell:
    attributes = {"valuetype": "string"}
    if style is not None:
        attributes["stylename"] = style
    if validation:
        attributes["contentvalidationname"] = validation
    cell = TableCell(**attributes)
    if value:
        cell.addElement(P(text=value))
    return cell


SESSION_LABELS = (
    ("center", gettext_lazy("Centre de certification")),
    ("number", gettext_lazy("Numéro de session")),
    ("address", gettext_lazy("Nom du site")),
    ("room", gettext_lazy("Nom de la salle")),
    ("date", gettext_lazy("Date")),
    ("time", gettext_lazy("Heure de début")),
    ("examiner", gettext_lazy("Surveillant(s)")),
)


def template_for(session: Session) -> bytes:
    """The pre-filled candidates template of a session, as ODS bytes."""
    center = session.center
    columns = columns_for(has_billing_mode=center.has_billing_mode)
    document = OpenDocumentSpreadsheet()
    title_style = _style(document, "title", bold=True, size="14pt")
    label_style = _style(document, "label", bold=True)
    header_style = _style(document, "header", bold=True, background="#e9ecfb")
    table = Table(name=SHEET_NAME)

    validations = ContentValidations()
    list_of = {"sex": ('"M";"F"', "M ou F"), "billing_mode": ('"Gratuite";"Payante";"Prépayée"', "")}
    validation_names: dict[str, str] = {}
    for position, column in enumerate(columns):
        if column.key not in list_of:
            continue
        choices, _help = list_of[column.key]
        name = f"liste_{column.key}"
        validation = ContentValidation(
            name=name,
            condition=f"of:cell-content-is-in-list({choices})",
            allowemptycell="true",
            displaylist="unsorted",
            basecelladdress=f"'{SHEET_NAME}'.{chr(ord('A') + position)}1",
        )
        validation.addElement(HelpMessage(title=column.header, display="true"))
        error = ErrorMessage(title=column.header, messagetype="stop", display="true")
        error.addElement(P(text=column.help or _help))
        validation.addElement(error)
        validations.addElement(validation)
        validation_names[column.key] = name
    document.spreadsheet.addElement(validations)

    for index, column in enumerate(columns):
        column_style = Style(name=f"col{index}", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth=f"{column.width_cm}cm"))
        document.automaticstyles.addElement(column_style)
        table.addElement(TableColumn(stylename=column_style))

    def row(*cells: TableCell) -> None:
        table_row = TableRow()
        for cell in cells:
            table_row.addElement(cell)
        table.addElement(table_row)

    details = {
        "center": session.center_name or center.name,
        "number": str(session.pk),
        "address": session.address,
        "room": session.room,
        "date": session.date.strftime("%d/%m/%Y"),
        "time": session.time.strftime("%H:%M"),
        "examiner": session.examiner,
    }
    row(_text_cell(_("Liste des candidats"), title_style))
    for key, label in SESSION_LABELS:
        row(_text_cell(str(label), label_style), _text_cell(details[key]))
    row()
    row(
        _text_cell(
            _(
                "Une ligne par candidat, à partir de la ligne sous les en-têtes. Les colonnes marquées * sont "
                "obligatoires. Né(e) en France : code INSEE de la commune, ou bien code postal et nom de la commune. "
                "Né(e) à l'étranger : pays et ville de naissance, code INSEE 99."
            )
        )
    )
    row()
    row(*[_text_cell(column.header, header_style) for column in columns])
    empty_row = TableRow(numberrowsrepeated=TEMPLATE_EMPTY_ROWS)
    for column in columns:
        empty_row.addElement(_text_cell("", validation=validation_names.get(column.key)))
    table.addElement(empty_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
