"""Build SIECLE exports ("ElevesSansAdresses") for tests: the real structure, our own students."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class Student:
    eleve_id: str
    ine: str | None = None  # None: derived from eleve_id; "" : no INE in the file
    last_name: str = "DURAND"
    preferred_last_name: str = ""
    first_name: str = "Léa"
    middle_name: str = ""
    third_name: str = ""
    birthdate: str = "14/03/2011"
    sex: str = "2"
    country: str = "100"
    province: str = "075"
    city_code: str = "75115"
    city: str = "PARIS 15E ARRONDISSEMENT"
    mef: str = "10310019110"
    status: str = "ST"
    left_on: str = ""
    structures: list[tuple[str, str]] = field(default_factory=lambda: [("3A", "D")])

    def __post_init__(self) -> None:
        if self.ine is None:
            self.ine = f"{int(self.eleve_id):010d}A"


def _tag(name: str, value: str) -> str:
    return f"<{name}>{escape(value)}</{name}>" if value else f"<{name}/>"


def student_xml(s: Student) -> str:
    parts = [
        _tag("ID_NATIONAL", s.ine or ""),
        _tag("ELENOET", s.eleve_id),
        _tag("NOM_DE_FAMILLE", s.last_name),
        _tag("NOM_USAGE", s.preferred_last_name),
        _tag("PRENOM", s.first_name),
        _tag("PRENOM2", s.middle_name),
        _tag("PRENOM3", s.third_name),
        _tag("DATE_NAISS", s.birthdate),
        _tag("CODE_PAYS", s.country),
        _tag("DATE_ENTREE", "02/09/2025"),
    ]
    if s.left_on:
        parts.append(_tag("DATE_SORTIE", s.left_on))
    parts += [
        _tag("CODE_SEXE", s.sex),
        _tag("CODE_MEF", s.mef),
        _tag("CODE_STATUT", s.status),
        _tag("CODE_DEPARTEMENT_NAISS", s.province),
        _tag("CODE_COMMUNE_INSEE_NAISS", s.city_code),
        _tag("VILLE_NAISS", s.city),
    ]
    return f'<ELEVE ELEVE_ID="{s.eleve_id}" ELENOET="{s.eleve_id}">' + "".join(parts) + "</ELEVE>"


def structures_xml(s: Student) -> str:
    inner = "".join(
        f"<STRUCTURE><CODE_STRUCTURE>{escape(code)}</CODE_STRUCTURE><TYPE_STRUCTURE>{kind}</TYPE_STRUCTURE></STRUCTURE>"
        for code, kind in s.structures
    )
    return f'<STRUCTURES_ELEVE ELEVE_ID="{s.eleve_id}" ELENOET="{s.eleve_id}">{inner}</STRUCTURES_ELEVE>'


def siecle_text(students: list[Student], *, uai: str | None = "0750001A", encoding: str = "UTF-8") -> str:
    uaj = f"<UAJ>{uai}</UAJ>" if uai is not None else ""
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<BEE_ELEVES VERSION="3.1">\n'
        f"<PARAMETRES>{uaj}<ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE><DATE_EXPORT>15/09/2025</DATE_EXPORT></PARAMETRES>\n"
        "<DONNEES>\n<ELEVES>\n"
        + "\n".join(student_xml(s) for s in students)
        + "\n</ELEVES>\n<OPTIONS/>\n<STRUCTURES>\n"
        + "\n".join(structures_xml(s) for s in students)
        + "\n</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n"
    )


def siecle_file(
    students: list[Student], *, uai: str | None = "0750001A", encoding: str = "UTF-8", bom: bool = False
) -> io.BytesIO:
    data = siecle_text(students, uai=uai, encoding=encoding).encode(encoding)
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


def zipped(
    data: bytes, name: str = "ElevesSansAdresses.xml", extra: dict[str, bytes] | None = None
) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
        for other, content in (extra or {}).items():
            archive.writestr(other, content)
    buffer.seek(0)
    return buffer


def two_classes(count: int = 12) -> list[Student]:
    """count students, half in 3A and half in 3B, with distinct names and birthdates."""
    first_names = [
        "Lucas",
        "Emma",
        "Hugo",
        "Aïssata",
        "Éloïse",
        "Matteo",
        "Noël",
        "Zoé",
        "Yanis",
        "Chloé",
        "Théo",
        "Inès",
    ]
    return [
        Student(
            eleve_id=str(1000 + i),
            last_name=f"ÉLÈVE{i:04d}",
            first_name=first_names[i % len(first_names)],
            birthdate=f"{1 + i % 28:02d}/{1 + i % 12:02d}/2011",
            sex="1" if i % 2 else "2",
            structures=[("3A" if i < count / 2 else "3B", "D"), ("LV2-ESP", "G")],
        )
        for i in range(count)
    ]
