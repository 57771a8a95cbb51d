"""Field rules of sessions (pix-certif.md §2.1) and candidates (§2.5), shared by the form and the ODS import.

Each function returns the cleaned values and a dict {field: [French messages]}; the services decide
whether to raise (one candidate) or to collect the errors line by line (an import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.birth_referential import BirthReferential, normalize_place
from certification.models import Candidate, CertificationCenter

Errors = dict[str, list[str]]

TIME_PATTERN = re.compile(r"^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$")
INSEE_CODE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTAL_CODE_PATTERN = re.compile(r"^\d{5}$")
FOREIGN_INSEE_CODE = "99"
OLDEST_BIRTHDATE = date(1900, 1, 1)
MAX_TEXT = 255
MAX_DESCRIPTION = 2000


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_date(value: date | str | None) -> date | None:
    """A date from a date, `AAAA-MM-JJ` (HTML date fields) or `JJ/MM/AAAA` (what people type); None if invalid."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_time(value: time | str | None) -> time | None:
    """`HH:MM` on 24 hours (§2.1); None if invalid."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = _text(value)
    if not TIME_PATTERN.match(text):
        return None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# ---------------------------------------------------------------------------------------------- sessions


@dataclass
class SessionFields:
    address: str
    room: str
    examiner: str
    date: date
    time: time
    description: str


def clean_session_fields(
    *,
    address: str,
    room: str,
    examiner: str,
    date: date | str | None,
    time: time | str | None,
    description: str = "",
    check_not_in_past: bool = True,
) -> tuple[SessionFields | None, Errors]:
    errors: Errors = {}
    address, room, examiner, description = _text(address), _text(room), _text(examiner), _text(description)
    if not address:
        _add(errors, "address", _("Le nom du site est obligatoire."))
    if not room:
        _add(errors, "room", _("Le nom de la salle est obligatoire."))
    if not examiner:
        _add(errors, "examiner", _("Le nom du ou des surveillants est obligatoire."))
    for key, value in (("address", address), ("room", room), ("examiner", examiner)):
        if len(value) > MAX_TEXT:
            _add(errors, key, _("Ce champ ne peut pas dépasser %(max)s caractères.") % {"max": MAX_TEXT})
    if len(description) > MAX_DESCRIPTION:
        _add(
            errors,
            "description",
            _("Les observations ne peuvent pas dépasser %(max)s caractères.") % {"max": MAX_DESCRIPTION},
        )
    parsed_date = parse_date(date)
    if date in (None, ""):
        _add(errors, "date", _("La date de la session est obligatoire."))
    elif parsed_date is None:
        _add(errors, "date", _("La date de la session n'est pas valide (format attendu : JJ/MM/AAAA)."))
    parsed_time = parse_time(time)
    if time in (None, ""):
        _add(errors, "time", _("L'heure de début est obligatoire."))
    elif parsed_time is None:
        _add(
            errors, "time", _("L'heure de début n'est pas valide (format attendu : HH:MM, de 00:00 à 23:59).")
        )
    if parsed_date and parsed_time and check_not_in_past:
        starts_at = timezone.make_aware(datetime.combine(parsed_date, parsed_time))
        if starts_at < timezone.now():
            _add(errors, "date", _("La session ne peut pas être programmée dans le passé."))
    if errors:
        return None, errors
    assert parsed_date is not None and parsed_time is not None
    return SessionFields(address, room, examiner, parsed_date, parsed_time, description), errors


# -------------------------------------------------------------------------------------------- candidates


@dataclass
class CandidateInput:
    """What a person gives for a candidate, as typed (strings), or already typed values."""

    first_name: str = ""
    last_name: str = ""
    birthdate: date | str | None = None
    sex: str = ""
    birth_country: str = ""
    birth_insee_code: str = ""
    birth_postal_code: str = ""
    birth_city: str = ""
    external_id: str = ""
    extra_time_percentage: Decimal | int | str | None = None
    email: str = ""
    result_recipient_email: str = ""
    billing_mode: str = ""
    prepayment_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def insee_code(self) -> str:
        return _text(self.birth_insee_code).upper()

    @property
    def postal_code(self) -> str:
        return _text(self.birth_postal_code)


BILLING_MODES = {
    "FREE": Candidate.BillingMode.FREE,
    "GRATUITE": Candidate.BillingMode.FREE,
    "PAID": Candidate.BillingMode.PAID,
    "PAYANTE": Candidate.BillingMode.PAID,
    "PREPAID": Candidate.BillingMode.PREPAID,
    "PREPAYEE": Candidate.BillingMode.PREPAID,
}


def parse_extra_time(value: Decimal | int | str | None) -> tuple[Decimal | None, bool]:
    """A percentage typed as `33`, `33 %` or `33,0` → (Decimal('0.33'), valid). Empty or 0 → no extra time."""
    if value is None:
        return None, True
    text = _text(value).replace("%", "").replace(",", ".").strip()
    if not text:
        return None, True
    try:
        percent = Decimal(text)
    except InvalidOperation:
        return None, False
    if not percent.is_finite() or percent != percent.to_integral_value() or percent < 0 or percent >= 1000:
        return None, False
    if percent == 0:
        return None, True
    return (percent / 100).quantize(Decimal("0.01")), True


def _sample_note(referential: BirthReferential) -> str:
    if not referential.is_sample:
        return ""
    return " " + _(
        "Ce serveur n'a qu'un extrait du référentiel des communes : si le code est juste, "
        "demandez à l'administrateur de charger le fichier officiel."
    )


def _clean_birth_place(data: CandidateInput, referential: BirthReferential, errors: Errors) -> dict[str, str]:
    country_value = _text(data.birth_country)
    insee, postal, city = data.insee_code, data.postal_code, _text(data.birth_city)
    if not country_value:
        _add(errors, "birth_country", _("Le pays de naissance est obligatoire."))
        return {}
    country = referential.country(country_value)
    if country is None:
        _add(
            errors,
            "birth_country",
            _("Le pays de naissance « %(country)s » est introuvable dans la liste des pays.")
            % {"country": country_value},
        )
        return {}
    place = {"birth_country": country.name, "birth_country_code": country.code}
    if not country.is_france:
        if insee and insee != FOREIGN_INSEE_CODE:
            _add(
                errors,
                "birth_insee_code",
                _("Pour une naissance à l'étranger, le code INSEE doit être 99 (ou rester vide)."),
            )
        if postal:
            _add(
                errors,
                "birth_postal_code",
                _("Pour une naissance à l'étranger, le code postal doit rester vide."),
            )
        if not city:
            _add(errors, "birth_city", _("Pour une naissance à l'étranger, indiquez la ville de naissance."))
        return {**place, "birth_insee_code": FOREIGN_INSEE_CODE, "birth_postal_code": "", "birth_city": city}
    if insee and postal:
        _add(
            errors,
            "birth_insee_code",
            _(
                "Indiquez soit le code INSEE, soit le code postal et la commune de naissance, mais pas les deux."
            ),
        )
        return {}
    if insee:
        if not INSEE_CODE_PATTERN.match(insee):
            _add(
                errors,
                "birth_insee_code",
                _(
                    "Le code INSEE « %(code)s » n'est pas valide : il compte 5 caractères, par exemple 75115 ou 2A004."
                )
                % {"code": insee},
            )
            return {}
        commune = referential.commune_by_insee(insee)
        if commune is None:
            _add(
                errors,
                "birth_insee_code",
                _("Le code INSEE « %(code)s » ne correspond à aucune commune connue.") % {"code": insee}
                + _sample_note(referential),
            )
            return {}
        return {
            **place,
            "birth_insee_code": commune.insee_code,
            "birth_postal_code": "",
            "birth_city": commune.name,
        }
    if not postal and not city:
        _add(
            errors,
            "birth_insee_code",
            _("Indiquez le code INSEE de la commune de naissance, ou bien son code postal et son nom."),
        )
        return {}
    if not postal:
        _add(
            errors,
            "birth_postal_code",
            _("Indiquez le code postal de la commune de naissance (ou son code INSEE)."),
        )
        return {}
    if not city:
        _add(errors, "birth_city", _("Indiquez le nom de la commune de naissance avec son code postal."))
        return {}
    if not POSTAL_CODE_PATTERN.match(postal):
        _add(
            errors,
            "birth_postal_code",
            _("Le code postal « %(code)s » n'est pas valide : il compte 5 chiffres.") % {"code": postal},
        )
        return {}
    communes = referential.communes_by_postal_code(postal)
    if not communes:
        _add(
            errors,
            "birth_postal_code",
            _("Le code postal « %(code)s » ne correspond à aucune commune connue.") % {"code": postal}
            + _sample_note(referential),
        )
        return {}
    commune = referential.commune_by_postal_code_and_name(postal, city)
    if commune is None:
        names = sorted({c.name for c in communes}, key=normalize_place)
        _add(
            errors,
            "birth_city",
            _(
                "Le code postal « %(code)s » ne correspond pas à la commune « %(city)s » (communes de ce code : %(names)s)."
            )
            % {"code": postal, "city": city, "names": ", ".join(names[:5])},
        )
        return {}
    return {**place, "birth_insee_code": "", "birth_postal_code": postal, "birth_city": commune.name}


def clean_candidate(
    *, center: CertificationCenter, data: CandidateInput, referential: BirthReferential
) -> tuple[dict[str, Any], Errors]:
    """The model fields of a valid candidate, or the errors by field (§2.5)."""
    errors: Errors = {}
    cleaned: dict[str, Any] = {}
    first_name, last_name = _text(data.first_name), _text(data.last_name)
    if not first_name:
        _add(errors, "first_name", _("Le prénom est obligatoire."))
    if not last_name:
        _add(errors, "last_name", _("Le nom de naissance est obligatoire."))
    for key, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("external_id", data.external_id),
    ):
        if len(_text(value)) > MAX_TEXT:
            _add(errors, key, _("Ce champ ne peut pas dépasser %(max)s caractères.") % {"max": MAX_TEXT})
    cleaned.update(
        first_name=" ".join(first_name.split()),
        last_name=" ".join(last_name.split()),
        external_id=_text(data.external_id),
    )

    sex = _text(data.sex).upper()
    if not sex:
        _add(errors, "sex", _("Le sexe est obligatoire (M ou F)."))
    elif sex not in {"M", "F"}:
        _add(errors, "sex", _("Le sexe doit être M ou F."))
    cleaned["sex"] = sex

    birthdate = parse_date(data.birthdate)
    if data.birthdate in (None, ""):
        _add(errors, "birthdate", _("La date de naissance est obligatoire."))
    elif birthdate is None:
        _add(errors, "birthdate", _("La date de naissance n'est pas valide (format attendu : JJ/MM/AAAA)."))
    elif birthdate <= OLDEST_BIRTHDATE:
        _add(errors, "birthdate", _("La date de naissance doit être postérieure au 01/01/1900."))
    elif birthdate > timezone.localdate():
        _add(errors, "birthdate", _("La date de naissance ne peut pas être dans le futur."))
    cleaned["birthdate"] = birthdate

    cleaned.update(_clean_birth_place(data, referential, errors))

    for key, label in (
        ("email", _("L'e-mail de convocation n'est pas valide.")),
        ("result_recipient_email", _("L'e-mail du destinataire des résultats n'est pas valide.")),
    ):
        value = _text(getattr(data, key))
        if value:
            try:
                validate_email(value)
            except ValidationError:
                _add(errors, key, label)
        cleaned[key] = value

    extra_time, valid = parse_extra_time(data.extra_time_percentage)
    if not valid:
        _add(
            errors,
            "extra_time_percentage",
            _("Le temps majoré doit être un pourcentage entier entre 0 et 999, par exemple 33."),
        )
    cleaned["extra_time_percentage"] = extra_time

    billing_text = normalize_place(_text(data.billing_mode))
    prepayment_code = _text(data.prepayment_code)
    billing_mode = ""
    if center.has_billing_mode:
        if not billing_text:
            _add(
                errors,
                "billing_mode",
                _("La tarification part Pix est obligatoire : Gratuite, Payante ou Prépayée."),
            )
        elif billing_text not in BILLING_MODES:
            _add(
                errors, "billing_mode", _("La tarification part Pix doit être Gratuite, Payante ou Prépayée.")
            )
        else:
            billing_mode = BILLING_MODES[billing_text]
        if billing_mode == Candidate.BillingMode.PREPAID and not prepayment_code:
            _add(
                errors,
                "prepayment_code",
                _("Le code de prépaiement est obligatoire pour une tarification prépayée."),
            )
        if billing_mode and billing_mode != Candidate.BillingMode.PREPAID and prepayment_code:
            _add(
                errors,
                "prepayment_code",
                _("Le code de prépaiement ne se renseigne que pour une tarification prépayée."),
            )
    else:
        if billing_text:
            _add(
                errors,
                "billing_mode",
                _("Les centres scolaires n'ont pas de tarification part Pix : laissez ce champ vide."),
            )
        if prepayment_code:
            _add(
                errors,
                "prepayment_code",
                _("Les centres scolaires n'ont pas de code de prépaiement : laissez ce champ vide."),
            )
    cleaned["billing_mode"] = billing_mode
    cleaned["prepayment_code"] = prepayment_code if billing_mode == Candidate.BillingMode.PREPAID else ""
    return cleaned, errors
