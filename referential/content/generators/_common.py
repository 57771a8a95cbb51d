"""Helpers shared by the attachment generators: fixed timestamps so files rebuild identically."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

FIXED_DATE = datetime(2025, 1, 15, 10, 0, 0)


def write_zip(path: Path, files: dict[str, bytes | str]) -> None:
    """A zip archive whose bytes do not depend on when it was built."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def fix_xlsx_dates(workbook) -> None:  # openpyxl.Workbook
    workbook.properties.created = FIXED_DATE
    workbook.properties.modified = FIXED_DATE


def save_xlsx(workbook, path: Path) -> None:
    """Save a workbook byte for byte the same on every run.

    openpyxl stamps ``modified`` and the zip entries with the time of saving: put fixed ones back.
    """
    fix_xlsx_dates(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        files: dict[str, bytes | str] = {name: archive.read(name) for name in archive.namelist()}
    core = files["docProps/core.xml"]
    assert isinstance(core, bytes)
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    files["docProps/core.xml"] = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", core
    )
    write_zip(path, files)


def write_csv(path: Path, rows: list[list[object]], *, delimiter: str = ";", bom: bool = True) -> None:
    """A CSV that spreadsheet software opens with its accents: UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + buffer.getvalue().encode("utf-8"))


def text_pdf(
    path: Path,
    *,
    title: str,
    author: str,
    subject: str,
    pages: list[list[str]],
    created: datetime | None = None,
) -> None:
    """A simple text PDF with its document properties; "# " is a title, "## " a heading, "~ " small print."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setCreator("Traitement de texte")
    stamp = (created or FIXED_DATE).strftime("D:%Y%m%d%H%M%S+01'00'")
    c._doc.info._dateFormatter = lambda *args: stamp  # the dates shown in the document's properties
    _width, height = A4
    fonts = {
        "# ": ("Helvetica-Bold", 16, 28),
        "## ": ("Helvetica-Bold", 12, 20),
        "~ ": ("Helvetica-Oblique", 8, 12),
    }
    for lines in pages:
        y = height - 72
        for line in lines:
            prefix = next((p for p in ("## ", "# ", "~ ") if line.startswith(p)), "")
            font, size, step = fonts.get(prefix, ("Helvetica", 11, 16))
            c.setFont(font, size)
            c.drawString(60, y, line[len(prefix) :])
            y -= step
        c.showPage()
    c.save()
