"""Forms of the candidate's entry (pix-certif.md §3.1–3.2): they check what was typed; whether it
matches a session, a candidate or a code is for ``certification.exam``."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 255
OLDEST_YEAR = 1900
SESSION_NUMBER_MAX_LENGTH = 12


class JoinForm(forms.Form):
    """ "Rejoindre une session": the session number and the candidate's identity as enrolled."""

    session_number = forms.CharField(
        label=_("Numéro de session"),
        max_length=SESSION_NUMBER_MAX_LENGTH,
        error_messages={
            "required": _("Saisissez le numéro de session."),
            "max_length": _("Ce numéro est trop long."),
        },
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Saisissez votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom de naissance"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Saisissez votre nom de naissance.")},
    )
    day = forms.CharField(label=_("Jour"), max_length=2, required=False)
    month = forms.CharField(label=_("Mois"), max_length=2, required=False)
    year = forms.CharField(label=_("Année"), max_length=4, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "join-%s")
        super().__init__(*args, **kwargs)

    def clean_session_number(self) -> int:
        value = "".join(self.cleaned_data["session_number"].split())
        if not value.isascii() or not value.isdigit():
            raise forms.ValidationError(_("Le numéro de session ne contient que des chiffres."))
        return int(value)

    def clean(self) -> dict:
        data = super().clean()
        parts = [(data.get(name) or "").strip() for name in ("day", "month", "year")]
        for name in ("day", "month", "year"):
            self.errors.pop(name, None)
        if not all(parts):
            self._birthdate_error(_("Saisissez votre date de naissance : jour, mois et année."))
            return data
        if not all(part.isascii() and part.isdigit() for part in parts):
            self._birthdate_error(_("La date de naissance n'est pas valide."))
            return data
        day, month, year = (int(part) for part in parts)
        try:
            birthdate = datetime.date(year, month, day)
        except ValueError:
            birthdate = None
        if birthdate is None or year < OLDEST_YEAR or birthdate > datetime.date.today():
            self._birthdate_error(_("La date de naissance n'est pas valide."))
            return data
        data["birthdate"] = birthdate
        return data

    def _birthdate_error(self, message: str) -> None:
        self.add_error(None, forms.ValidationError(message, code="birthdate"))

    @property
    def birthdate_error(self) -> str:
        for error in self.non_field_errors().as_data():
            if error.code == "birthdate":
                return str(error.messages[0])
        return ""


class InstructionsForm(forms.Form):
    accepted = forms.BooleanField(
        label=_("J'ai lu et compris ces instructions"),
        error_messages={"required": _("Cochez la case pour confirmer que vous avez lu les instructions.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "instructions-%s")
        super().__init__(*args, **kwargs)


class AccessCodeForm(forms.Form):
    access_code = forms.CharField(
        label=_("Code d'accès"),
        max_length=12,
        error_messages={
            "required": _("Saisissez le code d'accès donné par le surveillant."),
            "max_length": _("Un code d'accès compte 6 caractères : 4 lettres puis 2 chiffres."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "entry-%s")
        super().__init__(*args, **kwargs)

    def clean_access_code(self) -> str:
        return "".join(self.cleaned_data["access_code"].split()).upper()
