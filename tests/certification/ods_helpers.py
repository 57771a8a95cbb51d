"""Spreadsheets for the import tests, written with odfpy as LibreOffice would save them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from certification.ods import BILLING_COLUMNS, COLUMNS

HEADERS = [column.header for column in COLUMNS]
BILLING_HEADERS = [column.header for column in BILLING_COLUMNS]


def _cell(value) -> TableCell:
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.strftime("%d/%m/%Y")))
    elif isinstance(value, int | float | Decimal):
        cell = TableCell(valuetype="float", value=str(value))
        cell.addElement(P(text=str(value)))
    elif isinstance(value, tuple) and value[0] == "percent":
        cell = TableCell(valuetype="percentage", value=str(value[1]))
        cell.addElement(P(text=f"{value[1] * 100:g}%"))
    else:
        cell = TableCell(valuetype="string")
        if value:
            cell.addElement(P(text=str(value)))
    return cell


def _row(values) -> TableRow:
    row = TableRow()
    for value in values:
        row.addElement(_cell(value))
    return row


def make_ods(rows: list[list]) -> bytes:
    """A one-sheet spreadsheet whose rows are `rows` (line 1 is rows[0])."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    for values in rows:
        table.addElement(_row(values))
    # LibreOffice saves the empty rest of the sheet as one huge repeated row.
    filler = TableRow(numberrowsrepeated=1048000)
    filler.addElement(TableCell(numbercolumnsrepeated=1024))
    table.addElement(filler)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def candidate_row(
    *,
    last_name: str = "Dupont",
    first_name: str = "Jeanne",
    birthdate="14/03/2008",
    sex: str = "F",
    insee: str = "",
    postal: str = "",
    city: str = "",
    country: str = "FRANCE",
    result_email: str = "",
    email: str = "",
    external_id: str = "",
    extra_time="",
    billing: list | None = None,
) -> list:
    row = [
        last_name,
        first_name,
        birthdate,
        sex,
        insee,
        postal,
        city,
        country,
        result_email,
        email,
        external_id,
        extra_time,
    ]
    return row + (billing or [])


def fill_template(template: bytes, rows: list[list]) -> bytes:
    """The downloaded template with candidate rows written under its header row, as a person would."""
    document = load(io.BytesIO(template))
    table = document.spreadsheet.getElementsByType(Table)[0]
    table_rows = table.getElementsByType(TableRow)
    filler = table_rows[-1]  # the repeated empty rows with the list validations
    for values in rows:
        table.insertBefore(_row(values), filler)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
