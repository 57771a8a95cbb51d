"""Reading students files (pix-orga-learner.md §1.5): SIECLE XML (zipped or not), SCO CSV and SUP CSV.

This module only reads and checks: it turns a file into rows ready to store, or into the list of
every problem found, each with its line (CSV) or its student (SIECLE). It never touches the
database; `organizations.services` writes the rows, all or nothing.

Problems are stored as codes with parameters (see `ImportIssue`), so an import refused in French is
shown in English to a colleague who reads the page in English.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MAX_FIELD_LENGTH = 255
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024  # the largest lycée exports weigh a few tens of MB
FRANCE = "99100"
SIECLE_FRANCE = "100"
INACTIVE_DIVISION = "inactifs"

MESSAGES: dict[str, Any] = {
    # The whole file
    "FILE_EMPTY": _("Le fichier est vide."),
    "ORGANIZATION_NOT_SCO": _(
        "Cette organisation n'importe pas d'élèves : seuls les établissements scolaires qui gèrent leurs élèves le peuvent."
    ),
    "ORGANIZATION_NOT_SUP": _(
        "Cette organisation n'importe pas d'étudiants : seuls les établissements d'enseignement supérieur qui gèrent leurs étudiants le peuvent."
    ),
    "ZIP_INVALID": _("L'archive ZIP est illisible ou abîmée."),
    "ZIP_NO_XML": _("L'archive ZIP ne contient aucun fichier XML."),
    "ZIP_SEVERAL_XML": _("L'archive ZIP contient plusieurs fichiers XML : n'en laissez qu'un."),
    "ZIP_TOO_LARGE": _("Le fichier XML de l'archive est trop volumineux une fois décompressé."),
    "ENCODING_UNKNOWN": _("L'encodage déclaré dans le fichier (%(encoding)s) n'est pas reconnu."),
    "XML_MALFORMED": _(
        "Le fichier XML est mal formé (ligne %(line)s, colonne %(column)s) : importez le fichier exporté de SIECLE sans le modifier."
    ),
    "XML_FORBIDDEN": _(
        "Le fichier XML contient des déclarations interdites (DTD ou entités) : importez le fichier exporté de SIECLE sans le modifier."
    ),
    "NOT_SIECLE": _(
        "Ce fichier n'est pas un export SIECLE des élèves (« Exports XML génériques », fichier ElevesSansAdresses) : son élément principal est %(root)s au lieu de BEE_ELEVES."
    ),
    "ORGANIZATION_UAI_MISSING": _(
        "Votre organisation n'a pas d'UAI enregistré : demandez au support de l'ajouter avant d'importer un fichier SIECLE."
    ),
    "UAJ_MISSING": _("Le fichier ne contient pas l'UAI de l'établissement (élément PARAMETRES/UAJ)."),
    "UAJ_MISMATCH": _(
        "Ce fichier est celui de l'établissement d'UAI %(file_uai)s, alors que votre organisation a l'UAI %(organization_uai)s : importez l'export SIECLE de votre établissement."
    ),
    "IMPORT_CRASHED": _(
        "L'import n'a pas pu aboutir à cause d'une erreur technique : rien n'a été modifié. Réessayez, et prévenez le support si cela se reproduit."
    ),
    "NO_STUDENT": _("Le fichier ne contient aucun élève ou étudiant à importer."),
    "CSV_UNREADABLE": _(
        "Le fichier n'est pas un fichier CSV lisible : enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) »."
    ),
    "HEADER_MISSING": _("La colonne obligatoire « %(column)s » est absente de la première ligne."),
    "HEADER_UNKNOWN": _(
        "La colonne « %(column)s » n'est pas reconnue : vérifiez son nom à l'aide du modèle."
    ),
    "HEADER_DUPLICATE": _("La colonne « %(column)s » figure plusieurs fois dans la première ligne."),
    # One student (SIECLE) or one line (CSV)
    "ROW_TOO_LONG": _("La ligne a plus de valeurs que la première ligne n'a de colonnes."),
    "FIELD_REQUIRED": _("« %(column)s » est obligatoire."),
    "FIELD_TOO_LONG": _("« %(column)s » dépasse 255 caractères."),
    "INVALID_CHAR_DETECTED": _(
        "« %(column)s » contient un caractère illisible : vérifiez l'encodage du fichier (UTF-8 ou ISO-8859-15)."
    ),
    "INE_REQUIRED": _("L'identifiant national (INE) est obligatoire."),
    "INE_UNIQUE": _("L'identifiant national %(value)s figure plusieurs fois dans le fichier."),
    "ID_UNIQUE": _("L'identifiant unique %(value)s figure aussi ligne %(other_line)s."),
    "SEX_CODE_REQUIRED": _("Le code sexe est obligatoire : 1 (masculin) ou 2 (féminin)."),
    "SEX_CODE_INVALID": _(
        "« Code sexe » doit valoir « Masculin » ou « Féminin » (valeur lue : « %(value)s »)."
    ),
    "BIRTHDATE_REQUIRED": _("La date de naissance est obligatoire."),
    "INVALID_BIRTHDATE_FORMAT": _(
        "La date de naissance « %(value)s » n'est pas une date valide au format jj/mm/aaaa."
    ),
    "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT": _(
        "Le code INSEE de la commune de naissance est obligatoire pour un élève né en France."
    ),
    "BIRTH_CITY_CODE_INVALID": _(
        "Le code commune de naissance « %(value)s » doit être un code INSEE de 5 caractères (par exemple 75115 ou 2A004)."
    ),
    "BIRTH_CITY_REQUIRED_FOR_FOREIGN_STUDENT": _(
        "Le libellé de la commune de naissance est obligatoire pour un élève né à l'étranger."
    ),
    "BIRTH_COUNTRY_CODE_INVALID": _(
        "Le code pays de naissance « %(value)s » doit être un code INSEE de 5 chiffres commençant par 99 (99100 pour la France)."
    ),
    "BIRTH_PROVINCE_CODE_INVALID": _(
        "Le code département de naissance « %(value)s » doit avoir 2 ou 3 caractères."
    ),
    "STATUS_INVALID": _("Le statut « %(value)s » doit être ST (élève) ou AP (apprenti)."),
    "STUDENT_NUMBER_INVALID": _(
        "Le numéro étudiant « %(value)s » ne peut contenir que des lettres sans accent, des chiffres et les signes _ \\ -."
    ),
    "STUDENT_NUMBER_UNIQUE": _("Le numéro étudiant %(value)s figure aussi ligne %(other_line)s."),
    "EMAIL_INVALID": _("L'adresse e-mail « %(value)s » n'est pas valide."),
}


@dataclass
class ImportIssue:
    """One problem: a code of MESSAGES, where it is (line or student) and the values it names."""

    code: str
    line: int | None = None
    student: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "student": self.student, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportIssue:
        return cls(
            code=data["code"],
            line=data.get("line"),
            student=data.get("student", ""),
            params=data.get("params") or {},
        )


@dataclass
class LearnerRow:
    """A student ready to store: `key` identifies them in the organization (INE or student number)."""

    key: str
    fields: dict[str, Any]
    line: int | None = None


@dataclass
class ParsedFile:
    rows: list[LearnerRow] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    skipped: int = 0  # SIECLE: students who left or have no class this year


class FileRefused(Exception):
    """The whole file is refused (not the right format, not this school's): nothing else is checked."""

    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def refuse(code: str, **params: Any) -> FileRefused:
    return FileRefused(ImportIssue(code=code, params=params))


# -- Shared checks -------------------------------------------------------------------------------


def clean_text(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def has_unreadable_char(value: str) -> bool:
    """U+FFFD comes from a wrong decoding; control characters never belong in a name."""
    return any(c == "\ufffd" or (unicodedata.category(c) == "Cc") for c in value)


def parse_birthdate(value: str) -> date | None:
    try:
        parsed = datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None
    if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", value) or parsed.year < 1900 or parsed > date.today():
        return None
    return parsed


class RowChecker:
    """Collects the issues of one student or line, with where they are."""

    def __init__(self, *, line: int | None = None, student: str = "") -> None:
        self.line = line
        self.student = student
        self.issues: list[ImportIssue] = []

    def add(self, code: str, **params: Any) -> None:
        self.issues.append(ImportIssue(code=code, line=self.line, student=self.student, params=params))

    def text(self, value: str, column: str, *, required: bool = False) -> str:
        if required and not value:
            self.add("FIELD_REQUIRED", column=column)
        elif len(value) > MAX_FIELD_LENGTH:
            self.add("FIELD_TOO_LONG", column=column)
        elif has_unreadable_char(value):
            self.add("INVALID_CHAR_DETECTED", column=column)
        return value

    def birthdate(self, value: str) -> date | None:
        if not value:
            self.add("BIRTHDATE_REQUIRED")
            return None
        parsed = parse_birthdate(value)
        if parsed is None:
            self.add("INVALID_BIRTHDATE_FORMAT", value=value)
        return parsed


# -- SIECLE XML ----------------------------------------------------------------------------------

BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


class _Prefixed(io.RawIOBase):
    """A binary stream that first returns `head`, then the rest of `tail` (we peeked at the head)."""

    def __init__(self, head: bytes, tail: IO[bytes]) -> None:
        self._head = head
        self._tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._tail.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_xml_stream(file: IO[bytes]) -> IO[bytes]:
    """The XML bytes of an upload: the file itself, or the only XML file of a ZIP archive."""
    file.seek(0)
    magic = file.read(4)
    file.seek(0)
    if not magic:
        raise refuse("FILE_EMPTY")
    if magic != b"PK\x03\x04":
        return file
    try:
        archive = zipfile.ZipFile(file)
        members = [
            info
            for info in archive.infolist()
            if info.filename.lower().endswith(".xml") and not info.filename.startswith("__MACOSX/")
        ]
    except zipfile.BadZipFile as error:
        raise refuse("ZIP_INVALID") from error
    if not members:
        raise refuse("ZIP_NO_XML")
    if len(members) > 1:
        raise refuse("ZIP_SEVERAL_XML")
    if members[0].file_size > MAX_UNZIPPED_BYTES:
        raise refuse("ZIP_TOO_LARGE")
    return archive.open(members[0])


def xml_parser_for(stream: IO[bytes]) -> tuple[DefusedXMLParser, IO[bytes]]:
    """A safe parser reading the encoding the file declares (often ISO-8859-15); a byte-order mark wins."""
    head = stream.read(1024)
    encoding: str | None = None
    for bom, name in BOMS:
        if head.startswith(bom):
            encoding = name
            if name == "utf-8":
                head = head[len(bom) :]
            break
    if encoding is None:
        declared = DECLARED_ENCODING.match(head)
        if declared:
            encoding = declared.group(1).decode("ascii")
    if encoding is not None and encoding != "utf-16":
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as error:
            raise refuse("ENCODING_UNKNOWN", encoding=encoding) from error
    parser = DefusedXMLParser(encoding=None if encoding == "utf-16" else encoding)
    return parser, io.BufferedReader(_Prefixed(head, stream), buffer_size=64 * 1024)


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return clean_text(child.text if child is not None else "")


def _siecle_events(file: IO[bytes]) -> Iterator[tuple[str, Element]]:
    parser, stream = xml_parser_for(open_xml_stream(file))
    try:
        yield from iterparse(stream, events=("start", "end"), parser=parser)
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise refuse("XML_MALFORMED", line=line, column=column) from error
    except DefusedXmlException as error:
        raise refuse("XML_FORBIDDEN") from error
    except (LookupError, UnicodeError) as error:
        raise refuse("ENCODING_UNKNOWN", encoding="?") from error


def read_siecle(
    file: IO[bytes], *, organization_uai: str
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Stream the file once: the students (by ELEVE_ID) and their class codes (structures of type D).

    Each ELEVE is dropped from the tree once read, so memory holds our small dicts, not the XML.
    The UAJ comes first in a SIECLE export: a file of another school is refused before anything else.
    """
    if not organization_uai.strip():
        raise refuse("ORGANIZATION_UAI_MISSING")
    students: dict[str, dict[str, str]] = {}
    divisions: dict[str, list[str]] = {}
    stack: list[Element] = []
    uai_checked = False
    for event, element in _siecle_events(file):
        if event == "start":
            if not stack and element.tag != "BEE_ELEVES":
                raise refuse("NOT_SIECLE", root=element.tag)
            if element.tag == "DONNEES" and not uai_checked:
                raise refuse("UAJ_MISSING")
            stack.append(element)
            continue
        stack.pop()
        parent = stack[-1] if stack else None
        if element.tag == "UAJ" and parent is not None and parent.tag == "PARAMETRES":
            file_uai = clean_text(element.text)
            if not file_uai:
                raise refuse("UAJ_MISSING")
            if file_uai.upper() != organization_uai.strip().upper():
                raise refuse("UAJ_MISMATCH", file_uai=file_uai, organization_uai=organization_uai.strip())
            uai_checked = True
        elif element.tag == "ELEVE" and parent is not None and parent.tag == "ELEVES":
            student = {child.tag: clean_text(child.text) for child in element}
            student["ELEVE_ID"] = element.get("ELEVE_ID") or student.get("ELEVE_ID", "")
            students[student["ELEVE_ID"]] = student
            parent.remove(element)
        elif element.tag == "STRUCTURES_ELEVE" and parent is not None:
            codes = [
                _text(structure, "CODE_STRUCTURE")
                for structure in element.iter("STRUCTURE")
                if _text(structure, "TYPE_STRUCTURE") == "D"
            ]
            divisions.setdefault(element.get("ELEVE_ID") or "", []).extend(codes)
            parent.remove(element)
    if not uai_checked:
        raise refuse("UAJ_MISSING")
    return students, divisions


def _siecle_label(student: dict[str, str]) -> str:
    name = " ".join(part for part in (student.get("NOM_DE_FAMILLE", ""), student.get("PRENOM", "")) if part)
    ine = student.get("ID_NATIONAL", "")
    parts = [name or f"ELEVE_ID {student.get('ELEVE_ID', '?')}"]
    if ine:
        parts.append(f"INE {ine}")
    return " – ".join(parts)


SIECLE_SEX = {"1": "M", "2": "F"}
# model field → (SIECLE element, the words a teacher reads in an error)
SIECLE_TEXT_FIELDS = {
    "last_name": ("NOM_DE_FAMILLE", _("Nom de famille")),
    "preferred_last_name": ("NOM_USAGE", _("Nom d'usage")),
    "first_name": ("PRENOM", _("Prénom")),
    "middle_name": ("PRENOM2", _("Deuxième prénom")),
    "third_name": ("PRENOM3", _("Troisième prénom")),
    "birth_city": ("VILLE_NAISS", _("Commune de naissance")),
    "mef_code": ("CODE_MEF", _("Code MEF")),
}


def parse_siecle(file: IO[bytes], *, organization_uai: str) -> ParsedFile:
    """The students of a SIECLE export who are at school this year, or every problem found."""
    students, divisions = read_siecle(file, organization_uai=organization_uai)
    parsed = ParsedFile()
    seen_ine: set[str] = set()
    for student in students.values():
        active = [
            code for code in divisions.get(student["ELEVE_ID"], []) if code.lower() != INACTIVE_DIVISION
        ]
        if student.get("DATE_SORTIE") or not active:
            parsed.skipped += 1  # left the school, or no class this year: not a student to import
            continue
        check = RowChecker(student=_siecle_label(student))
        ine = student.get("ID_NATIONAL", "").upper()
        if not ine:
            check.add("INE_REQUIRED")
        elif ine in seen_ine:
            check.add("INE_UNIQUE", value=ine)
        else:
            check.text(ine, "INE")
        seen_ine.add(ine)
        values = {
            name: check.text(student.get(tag, ""), str(label), required=name in ("last_name", "first_name"))
            for name, (tag, label) in SIECLE_TEXT_FIELDS.items()
        }
        sex = SIECLE_SEX.get(student.get("CODE_SEXE", ""))
        if sex is None:
            check.add("SEX_CODE_REQUIRED")
        birthdate = check.birthdate(student.get("DATE_NAISS", ""))
        country = student.get("CODE_PAYS", "")
        city_code = student.get("CODE_COMMUNE_INSEE_NAISS", "")
        if country == SIECLE_FRANCE and not city_code:
            check.add("BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT")
        status = student.get("CODE_STATUT", "")
        if check.issues:
            parsed.errors.extend(check.issues)
            continue
        parsed.rows.append(
            LearnerRow(
                key=ine,
                fields={
                    **values,
                    "national_student_id": ine,
                    "sex": sex,
                    "birthdate": birthdate,
                    "birth_city_code": city_code[:5],
                    "birth_province_code": student.get("CODE_DEPARTEMENT_NAISS", "")[:3],
                    # SIECLE gives the 3-digit country (100 = France); we keep the INSEE form, 99100.
                    "birth_country_code": f"99{country}" if len(country) == 3 else country[:5],
                    "status": status if status in ("ST", "AP") else "",
                    "division": active[0],
                },
            )
        )
    if not parsed.rows and not parsed.errors:
        raise refuse("NO_STUDENT")
    return parsed


# -- CSV -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    name: str  # the key in the row dict handed to the row parser
    required: bool = False


SCO_COLUMNS = [
    Column("Identifiant unique*", "id", True),
    Column("Premier prénom*", "first_name", True),
    Column("Deuxième prénom", "middle_name"),
    Column("Troisième prénom", "third_name"),
    Column("Nom de famille*", "last_name", True),
    Column("Nom d'usage", "preferred_last_name"),
    Column("Code sexe*", "sex", True),
    Column("Date de naissance (jj/mm/aaaa)*", "birthdate", True),
    Column("Code commune naissance**", "birth_city_code", True),
    Column("Libellé commune naissance**", "birth_city", True),
    Column("Code département naissance*", "birth_province_code", True),
    Column("Code pays naissance*", "birth_country_code", True),
    Column("Statut*", "status", True),
    Column("Code MEF*", "mef_code", True),
    Column("Division*", "division", True),
]
SUP_COLUMNS = [
    Column("Premier prénom", "first_name", True),
    Column("Deuxième prénom", "middle_name"),
    Column("Troisième prénom", "third_name"),
    Column("Nom de famille", "last_name", True),
    Column("Nom d'usage", "preferred_last_name"),
    Column("Date de naissance (jj/mm/aaaa)", "birthdate", True),
    Column("Email", "email"),
    Column("Numéro étudiant", "student_number", True),
    Column("Composante", "department"),
    Column("Équipe pédagogique", "educational_team"),
    Column("Groupe", "group"),
    Column("Diplôme", "diploma"),
    Column("Régime", "study_scheme"),
]
SUP_DIPLOMAS = [
    "BTS",
    "Classe préparatoire",
    "DCG",
    "DEUST",
    "DMA",
    "DNMADE",
    "Doctorat",
    "DTS",
    "DUT",
    "Diplôme d'Etat contrôlé",
    "Ingénieur",
    "Licence",
    "grade de licence",
    "Master",
    "grade de master",
    "Diplôme visé",
    "Autre",
]
SUP_STUDY_SCHEMES = ["Formation initiale hors apprentissage", "Formation continue", "Apprentissage", "Autre"]
UNRECOGNISED = "Non reconnu"
INSEE_CITY = re.compile(r"\d{5}|\d[AB]\d{3}")
INSEE_COUNTRY = re.compile(r"99\d{3}")
STUDENT_NUMBER = re.compile(r"[A-Za-z0-9_\\-]+")


def csv_template(columns: list[Column]) -> str:
    """The first line of an empty file to fill in (semicolons, as French spreadsheets write them)."""
    return ";".join(column.label for column in columns) + "\r\n"


def _header_key(label: str) -> str:
    """Compare headers whatever their case, spaces and apostrophe: 'Nom d’usage ' == "nom d'usage"."""
    label = unicodedata.normalize("NFC", label).replace("\u2019", "'").replace("\ufeff", "")
    return " ".join(label.split()).lower()


def decode_csv(file: IO[bytes]) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, what French spreadsheets save by default."""
    file.seek(0)
    raw = file.read()
    if not raw.strip():
        raise refuse("FILE_EMPTY")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _csv_reader(text: str) -> Iterator[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def read_csv(file: IO[bytes], columns: list[Column]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, values by column name) for each non-empty line; the header must name the columns."""
    reader = _csv_reader(decode_csv(file))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise refuse("CSV_UNREADABLE") from error
    by_key = {_header_key(column.label): column for column in columns}
    # The asterisks only tell people which columns are required; accept headers written without them.
    by_key.update({_header_key(column.label.rstrip("*")): column for column in columns})
    positions: list[Column | None] = []
    issues: list[ImportIssue] = []
    seen: set[str] = set()
    for label in header:
        column = by_key.get(_header_key(label))
        if column is None and label.strip():
            issues.append(ImportIssue(code="HEADER_UNKNOWN", line=1, params={"column": label.strip()}))
        elif column is not None and column.name in seen:
            issues.append(ImportIssue(code="HEADER_DUPLICATE", line=1, params={"column": column.label}))
        if column is not None:
            seen.add(column.name)
        positions.append(column)
    for column in columns:
        if column.required and column.name not in seen:
            issues.append(ImportIssue(code="HEADER_MISSING", line=1, params={"column": column.label}))
    if issues:
        raise HeaderRefused(issues)
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row = {column.name: "" for column in columns}
            for column, value in zip(positions, values, strict=False):
                if column is not None:
                    row[column.name] = clean_text(value)
            if len(values) > len(positions):
                row["__too_long__"] = "1"
            yield reader.line_num, row
    except csv.Error as error:
        raise refuse("CSV_UNREADABLE") from error


class HeaderRefused(Exception):
    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("header")
        self.issues = issues


def _labels(columns: list[Column]) -> dict[str, str]:
    return {column.name: column.label.rstrip("*") for column in columns}


def parse_sco_csv(file: IO[bytes]) -> ParsedFile:
    """Students of the SCO CSV (schools without SIECLE, e.g. agricultural ones), or every problem found."""
    labels = _labels(SCO_COLUMNS)
    return _parse_csv(file, SCO_COLUMNS, lambda line, row, seen: _sco_row(line, row, seen, labels))


def parse_sup_csv(file: IO[bytes]) -> ParsedFile:
    labels = _labels(SUP_COLUMNS)
    return _parse_csv(file, SUP_COLUMNS, lambda line, row, seen: _sup_row(line, row, seen, labels))


def _parse_csv(file: IO[bytes], columns: list[Column], parse_row) -> ParsedFile:
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    try:
        for line, row in read_csv(file, columns):
            result = parse_row(line, row, seen)
            if isinstance(result, LearnerRow):
                parsed.rows.append(result)
            else:
                parsed.errors.extend(result)
    except HeaderRefused as refused:
        parsed.errors = refused.issues
        return parsed
    if not parsed.rows and not parsed.errors:
        raise refuse("NO_STUDENT")
    return parsed


def _common_names(check: RowChecker, row: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    if row.get("__too_long__"):
        check.add("ROW_TOO_LONG")
    return {
        name: check.text(row[name], labels[name], required=name in ("first_name", "last_name"))
        for name in ("first_name", "middle_name", "third_name", "last_name", "preferred_last_name")
    }


def _sco_row(line: int, row: dict[str, str], seen: dict[str, int], labels: dict[str, str]):
    check = RowChecker(line=line, student=f"{row['last_name']} {row['first_name']}".strip())
    identifier = check.text(row["id"].upper(), labels["id"], required=True)
    if identifier and identifier in seen:
        check.add("ID_UNIQUE", value=identifier, other_line=seen[identifier])
    elif identifier:
        seen[identifier] = line
    names = _common_names(check, row, labels)
    sex = {"masculin": "M", "féminin": "F", "feminin": "F"}.get(row["sex"].lower())
    if not row["sex"]:
        check.add("FIELD_REQUIRED", column=labels["sex"])
    elif sex is None:
        check.add("SEX_CODE_INVALID", value=row["sex"])
    birthdate = check.birthdate(row["birthdate"])
    country = row["birth_country_code"]
    if not country:
        check.add("FIELD_REQUIRED", column=labels["birth_country_code"])
    elif not INSEE_COUNTRY.fullmatch(country):
        check.add("BIRTH_COUNTRY_CODE_INVALID", value=country)
    city_code = row["birth_city_code"].upper()
    if country == FRANCE:
        if not city_code:
            check.add("BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT")
        elif not INSEE_CITY.fullmatch(city_code):
            check.add("BIRTH_CITY_CODE_INVALID", value=city_code)
    elif city_code and not INSEE_CITY.fullmatch(city_code):
        check.add("BIRTH_CITY_CODE_INVALID", value=city_code)
    birth_city = check.text(row["birth_city"], labels["birth_city"])
    if INSEE_COUNTRY.fullmatch(country) and country != FRANCE and not birth_city:
        check.add("BIRTH_CITY_REQUIRED_FOR_FOREIGN_STUDENT")
    province = row["birth_province_code"]
    if not province:
        check.add("FIELD_REQUIRED", column=labels["birth_province_code"])
    elif not 2 <= len(province) <= 3:
        check.add("BIRTH_PROVINCE_CODE_INVALID", value=province)
    status = row["status"].upper()
    if not status:
        check.add("FIELD_REQUIRED", column=labels["status"])
    elif status not in ("ST", "AP"):
        check.add("STATUS_INVALID", value=row["status"])
    mef_code = check.text(row["mef_code"], labels["mef_code"], required=True)
    division = check.text(row["division"], labels["division"], required=True)
    if check.issues:
        return check.issues
    return LearnerRow(
        key=identifier,
        line=line,
        fields={
            **names,
            "national_student_id": identifier,
            "sex": sex,
            "birthdate": birthdate,
            "birth_city_code": city_code,
            "birth_city": birth_city,
            "birth_province_code": province,
            "birth_country_code": country,
            "status": status,
            "mef_code": mef_code,
            "division": division,
        },
    )


def _recognised(value: str, known: Iterable[str]) -> str:
    if not value:
        return ""
    by_key = {_header_key(item): item for item in known}
    return by_key.get(_header_key(value), UNRECOGNISED)


def _sup_row(line: int, row: dict[str, str], seen: dict[str, int], labels: dict[str, str]):
    check = RowChecker(line=line, student=f"{row['last_name']} {row['first_name']}".strip())
    number = check.text(row["student_number"], labels["student_number"], required=True)
    if number and not STUDENT_NUMBER.fullmatch(number):
        check.add("STUDENT_NUMBER_INVALID", value=number)
    elif number and number in seen:
        check.add("STUDENT_NUMBER_UNIQUE", value=number, other_line=seen[number])
    elif number:
        seen[number] = line
    names = _common_names(check, row, labels)
    birthdate = check.birthdate(row["birthdate"])
    email = row["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            check.add("EMAIL_INVALID", value=email)
    others = {
        name: check.text(row[name], labels[name]) for name in ("department", "educational_team", "group")
    }
    if check.issues:
        return check.issues
    return LearnerRow(
        key=number,
        line=line,
        fields={
            **names,
            **others,
            "student_number": number,
            "birthdate": birthdate,
            "email": email,
            "diploma": _recognised(row["diploma"], SUP_DIPLOMAS),
            "study_scheme": _recognised(row["study_scheme"], SUP_STUDY_SCHEMES),
        },
    )
