"""Countries and French communes, to check and normalise a candidate's birth place (pix-certif.md §2.5).

The lists come from the database once an operator has loaded the official files (`load_communes`,
`load_countries`); until then, from the small samples shipped in `certification/data/` (see its README).
A `BirthReferential` answers the lookups of a whole batch (one candidate or a whole import) from a few
queries.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from certification.models import FRANCE_COUNTRY_CODE, BirthCommune, BirthCountry

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_COMMUNES = DATA_DIR / "communes-sample.csv"
SAMPLE_COUNTRIES = DATA_DIR / "countries.csv"


@dataclass(frozen=True)
class Country:
    code: str
    name: str

    @property
    def is_france(self) -> bool:
        return self.code == FRANCE_COUNTRY_CODE


@dataclass(frozen=True)
class Commune:
    insee_code: str
    postal_code: str
    name: str


def normalize_place(value: str) -> str:
    """`Saint-Étienne`, `ST ETIENNE` and `saint etienne` all give `SAINTETIENNE`."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z0-9]+", text)
    expanded = ["SAINT" if w == "ST" else "SAINTE" if w == "STE" else w for w in words]
    return "".join(expanded)


def _read_csv(raw: bytes) -> list[dict[str, str]]:
    """Rows of an official CSV, whatever its encoding (UTF-8 with or without BOM, or Latin-1) and separator."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames:
        reader.fieldnames = [name.strip().lstrip("#").strip() for name in reader.fieldnames]
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


class ReferentialFileError(ValueError):
    """The file is not in the expected format; the message says which columns are missing."""


def parse_communes(raw: bytes) -> list[tuple[Commune, bool]]:
    """Rows of La Poste's postal code file: (commune, is its actual name). `Ligne_5` names are kept as aliases."""
    rows = _read_csv(raw)
    if not rows or not {"Code_commune_INSEE", "Code_postal"} <= rows[0].keys():
        raise ReferentialFileError(
            "Colonnes attendues : Code_commune_INSEE, Nom_de_la_commune (ou Nom_commune), Code_postal."
        )
    result: list[tuple[Commune, bool]] = []
    for row in rows:
        insee = row["Code_commune_INSEE"].upper().zfill(5)
        postal = row["Code_postal"].zfill(5)
        name = row.get("Nom_de_la_commune") or row.get("Nom_commune") or ""
        if not name:
            continue
        result.append((Commune(insee, postal, name), True))
        alias = row.get("Ligne_5", "")
        if alias:
            result.append((Commune(insee, postal, alias), False))
    return result


def parse_countries(raw: bytes) -> list[tuple[Country, bool]]:
    """Rows of INSEE's country file: code `COG`, name `LIBCOG`, former names `ANCNOM` kept as aliases."""
    rows = _read_csv(raw)
    if not rows or not {"COG", "LIBCOG"} <= rows[0].keys():
        raise ReferentialFileError("Colonnes attendues : COG, LIBCOG (et facultativement ACTUAL, ANCNOM).")
    result: list[tuple[Country, bool]] = []
    for row in rows:
        code = row["COG"]
        # ACTUAL 1 = an existing country; 2 = a former one, 3 = a territory, 4 = a grouping of territories.
        if not re.fullmatch(r"99\d{3}", code) or row.get("ACTUAL", "1") not in {"1", "2", "3"}:
            continue
        result.append((Country(code, row["LIBCOG"]), True))
        if row.get("ANCNOM"):
            result.append((Country(code, row["ANCNOM"]), False))
    return result


@lru_cache(maxsize=1)
def _sample_communes() -> tuple[Commune, ...]:
    return tuple(commune for commune, _ in parse_communes(SAMPLE_COMMUNES.read_bytes()))


@lru_cache(maxsize=1)
def _sample_countries() -> tuple[Country, ...]:
    return tuple(country for country, _ in parse_countries(SAMPLE_COUNTRIES.read_bytes()))


def _countries() -> list[tuple[Country, str]]:
    """Every country with its normalised name: from the database once loaded (one or two queries), else the sample."""
    if BirthCountry.objects.exists():
        return [
            (Country(row.code, row.name), row.normalized_name)
            for row in BirthCountry.objects.order_by("-is_actual_name", "code")
        ]
    return [(country, normalize_place(country.name)) for country in _sample_countries()]


class BirthReferential:
    """The countries and the communes a batch of candidates needs, looked up in memory."""

    def __init__(
        self,
        *,
        countries: Iterable[tuple[Country, str]],
        communes: Iterable[tuple[Commune, str]],
        is_sample: bool,
    ) -> None:
        self.is_sample = is_sample
        self._countries_by_code: dict[str, Country] = {}
        self._countries_by_name: dict[str, Country] = {}
        for country, normalized in countries:
            self._countries_by_code.setdefault(country.code, country)
            self._countries_by_name.setdefault(normalized, country)
        self._by_insee: dict[str, list[Commune]] = defaultdict(list)
        self._by_postal: dict[str, list[tuple[Commune, str]]] = defaultdict(list)
        for commune, normalized in communes:
            self._by_insee[commune.insee_code].append(commune)
            self._by_postal[commune.postal_code].append((commune, normalized))

    @classmethod
    def for_codes(
        cls, *, insee_codes: Iterable[str] = (), postal_codes: Iterable[str] = ()
    ) -> BirthReferential:
        """Every country, and the communes of these codes: at most four queries, whatever the batch size."""
        insee = {code.strip().upper() for code in insee_codes if code and code.strip()}
        postal = {code.strip() for code in postal_codes if code and code.strip()}
        countries = _countries()
        communes_in_db = BirthCommune.objects.exists()
        if communes_in_db:
            communes = []
            if insee or postal:
                rows = BirthCommune.objects.filter(insee_code__in=insee) | BirthCommune.objects.filter(
                    postal_code__in=postal
                )
                communes = [
                    (Commune(row.insee_code, row.postal_code, row.name), row.normalized_name)
                    for row in rows.order_by("-is_actual_name", "id")
                ]
        else:
            communes = [
                (commune, normalize_place(commune.name))
                for commune in _sample_communes()
                if commune.insee_code in insee or commune.postal_code in postal
            ]
        return cls(countries=countries, communes=communes, is_sample=not communes_in_db)

    def country(self, value: str) -> Country | None:
        """A country by its INSEE code (`99134`) or its name (`Espagne`, `ESPAGNE`)."""
        value = (value or "").strip()
        if not value:
            return None
        if re.fullmatch(r"99\d{3}", value):
            return self._countries_by_code.get(value)
        return self._countries_by_name.get(normalize_place(value))

    def country_by_code(self, code: str) -> Country | None:
        return self._countries_by_code.get(code)

    def commune_by_insee(self, code: str) -> Commune | None:
        communes = self._by_insee.get((code or "").strip().upper())
        return communes[0] if communes else None

    def communes_by_postal_code(self, code: str) -> list[Commune]:
        return [commune for commune, _ in self._by_postal.get((code or "").strip(), [])]

    def commune_by_postal_code_and_name(self, postal_code: str, name: str) -> Commune | None:
        wanted = normalize_place(name)
        for commune, normalized in self._by_postal.get((postal_code or "").strip(), []):
            if normalized == wanted:
                return commune
        return None


def countries_for_choices() -> list[Country]:
    """Every current country, France first then by name: for the add-candidate form (one query)."""
    by_code: dict[str, Country] = {}
    for country, _normalized in _countries():
        by_code.setdefault(country.code, country)
    return sorted(by_code.values(), key=lambda c: (not c.is_france, normalize_place(c.name)))


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def communes_load(*, raw: bytes) -> int:
    """Replace the communes with those of La Poste's file. Returns the number of rows stored."""
    seen: set[tuple[str, str, str]] = set()
    objects: list[BirthCommune] = []
    for commune, is_actual in parse_communes(raw):
        normalized = normalize_place(commune.name)
        key = (commune.insee_code, commune.postal_code, normalized)
        if key in seen:
            continue
        seen.add(key)
        objects.append(
            BirthCommune(
                insee_code=commune.insee_code,
                postal_code=commune.postal_code,
                name=commune.name,
                normalized_name=normalized,
                is_actual_name=is_actual,
            )
        )
    BirthCommune.objects.all().delete()
    for chunk in _chunks(objects, 2000):
        BirthCommune.objects.bulk_create(chunk)
    return len(objects)


@transaction.atomic
def countries_load(*, raw: bytes) -> int:
    """Replace the countries with those of INSEE's file. Returns the number of rows stored."""
    seen: set[tuple[str, str]] = set()
    objects: list[BirthCountry] = []
    for country, is_actual in parse_countries(raw):
        normalized = normalize_place(country.name)
        if (country.code, normalized) in seen:
            continue
        seen.add((country.code, normalized))
        objects.append(
            BirthCountry(
                code=country.code, name=country.name, normalized_name=normalized, is_actual_name=is_actual
            )
        )
    BirthCountry.objects.all().delete()
    BirthCountry.objects.bulk_create(objects)
    return len(objects)
