"""Helpers shared by the attachment generators: fixed timestamps so files rebuild identically."""

from __future__ import annotations

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
