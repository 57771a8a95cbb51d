"""Forms of the learner's side of campaigns: the code, "who are you" (reconciliation), the external id.

They check what was typed; what it means (is the code known, is this the student, is the e-mail valid
for the campaign) is for the selectors and the services.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from learners.campaigns.selectors import normalize_code

CODE_MAX_LENGTH = 20
NAME_MAX_LENGTH = 255
OLDEST_YEAR = 1900


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code du parcours"),
        help_text=_("Le code donné par votre enseignant ou votre organisation, par exemple ABCDEF123."),
        max_length=CODE_MAX_LENGTH,
        error_messages={
            "required": _("Saisissez le code du parcours."),
            "max_length": _("Un code de parcours compte 9 caractères : vérifiez ce que vous avez saisi."),
        },
    )

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])


class ReconcileForm(forms.Form):
    """The student says who they are: as in the school's list (first name, last name, birth date)."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Saisissez votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Saisissez votre nom de famille.")},
    )
    day = forms.IntegerField(
        label=_("Jour"), min_value=1, max_value=31, required=False, widget=forms.TextInput
    )
    month = forms.IntegerField(
        label=_("Mois"), min_value=1, max_value=12, required=False, widget=forms.TextInput
    )
    year = forms.IntegerField(label=_("Année"), required=False, widget=forms.TextInput)
    student_number = forms.CharField(
        label=_("Numéro étudiant"),
        max_length=NAME_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: object, asks_student_number: bool = False, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "reconcile-%s")
        super().__init__(*args, **kwargs)
        self.asks_student_number = asks_student_number
        if not asks_student_number:
            del self.fields["student_number"]
        for name in ("day", "month", "year"):
            self.fields[name].error_messages.update(
                {
                    "invalid": _("La date de naissance n'est pas valide."),
                    "min_value": _("La date de naissance n'est pas valide."),
                    "max_value": _("La date de naissance n'est pas valide."),
                }
            )

    def clean(self) -> dict:
        data = super().clean()
        if self.asks_student_number and not (data.get("student_number") or "").strip():
            self.add_error("student_number", _("Saisissez votre numéro étudiant."))
        if any(name in self.errors for name in ("day", "month", "year")):
            for name in ("day", "month", "year"):
                self.errors.pop(name, None)
            self.add_error(
                None, forms.ValidationError(_("La date de naissance n'est pas valide."), code="birthdate")
            )
            return data
        day, month, year = data.get("day"), data.get("month"), data.get("year")
        if not (day and month and year):
            self.add_error(
                None,
                forms.ValidationError(
                    _("Saisissez votre date de naissance : jour, mois et année."), code="birthdate"
                ),
            )
            return data
        try:
            birthdate = datetime.date(year, month, day)
        except ValueError:
            birthdate = None
        if birthdate is None or not OLDEST_YEAR <= year <= datetime.date.today().year:
            self.add_error(
                None, forms.ValidationError(_("La date de naissance n'est pas valide."), code="birthdate")
            )
            return data
        data["birthdate"] = birthdate
        return data

    @property
    def birthdate_error(self) -> str:
        """The error about the date, shown under its three fields (a form-wide error with code "birthdate")."""
        for error in self.non_field_errors().as_data():
            if error.code == "birthdate":
                return str(error.messages[0])
        return ""


class ExternalIdForm(forms.Form):
    """Only the length is checked here: whether it is missing or a valid e-mail is the service's rule."""

    external_id = forms.CharField(max_length=255, required=False)

    def __init__(self, *args: object, label: str, is_email: bool, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "external-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["external_id"]
        field.label = label
        field.error_messages["max_length"] = _("C'est trop long : 255 caractères au plus.")
        self.is_email = is_email
