"""Pix Certif forms: they bind and render; the rules live in certification.services."""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from certification.birth_referential import countries_for_choices
from certification.models import FRANCE_COUNTRY_CODE, Candidate, CertificationCenter


class ServiceErrorsMixin:
    """Show a service's errors by field, with aria-invalid and aria-describedby set on the inputs."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        if self._errors is None:  # only the service's errors, not a second validation by the form
            self._errors = ErrorDict()
            self.cleaned_data = {}
        for key, messages in errors.items():
            name = key if key in self.fields else None
            for message in messages:
                self.add_error(name, message)
        self.mark_errors()

    def mark_errors(self) -> None:
        for name, field in self.fields.items():
            if name in self.errors:
                bound = self[name]
                described = f"{bound.auto_id}_helptext " if field.help_text else ""
                field.widget.attrs["aria-describedby"] = f"{described}{bound.auto_id}-error"
                field.widget.attrs["aria-invalid"] = "true"


class SessionForm(ServiceErrorsMixin, forms.Form):
    address = forms.CharField(label=_("Nom du site"), max_length=255, required=False)
    room = forms.CharField(label=_("Nom de la salle"), max_length=255, required=False)
    date = forms.CharField(
        label=_("Date de début"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    time = forms.CharField(
        label=_("Heure de début (heure locale)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    examiner = forms.CharField(
        label=_("Surveillant(s)"),
        max_length=255,
        required=False,
        help_text=_("Le nom de chaque personne qui surveille la session."),
    )
    description = forms.CharField(
        label=_("Observations (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    required_fields = ("address", "room", "date", "time", "examiner")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].widget.attrs["aria-required"] = "true"
        for name in ("address", "room", "examiner"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class CandidateForm(ServiceErrorsMixin, forms.Form):
    last_name = forms.CharField(label=_("Nom de naissance"), max_length=255, required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=255, required=False)
    birthdate = forms.CharField(
        label=_("Date de naissance"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=Candidate.Sex.choices, required=False, widget=forms.RadioSelect
    )
    birth_country = forms.ChoiceField(label=_("Pays de naissance"), required=False)
    birth_insee_code = forms.CharField(
        label=_("Code INSEE"),
        max_length=5,
        required=False,
        help_text=_("Le code de la commune, ou 99 pour une naissance à l'étranger."),
    )
    birth_postal_code = forms.CharField(label=_("Code postal"), max_length=5, required=False)
    birth_city = forms.CharField(
        label=_("Commune de naissance"),
        max_length=255,
        required=False,
        help_text=_("Avec le code postal, ou pour une naissance à l'étranger."),
    )
    external_id = forms.CharField(label=_("Identifiant externe"), max_length=255, required=False)
    extra_time_percentage = forms.CharField(
        label=_("Temps majoré (%)"),
        required=False,
        max_length=6,
        help_text=_("Un pourcentage entier, par exemple 33."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    billing_mode = forms.ChoiceField(
        label=_("Tarification part Pix"),
        required=False,
        choices=[("", _("Choisir…")), *Candidate.BillingMode.choices],
    )
    prepayment_code = forms.CharField(
        label=_("Code de prépaiement"),
        max_length=255,
        required=False,
        help_text=_(
            "Tarification prépayée : SIRET de l'organisation + numéro de facture, par exemple 12345678912345/FACT12345."
        ),
    )
    result_recipient_email = forms.EmailField(
        label=_("E-mail du destinataire des résultats (formateur, enseignant…)"), required=False
    )
    email = forms.EmailField(label=_("E-mail de convocation"), required=False)

    required_fields = ("last_name", "first_name", "birthdate", "sex", "birth_country", "billing_mode")

    def __init__(self, *args, center: CertificationCenter, **kwargs) -> None:
        kwargs.setdefault("initial", {"birth_country": FRANCE_COUNTRY_CODE})
        super().__init__(*args, **kwargs)
        self.fields["birth_country"].choices = [(c.code, c.name) for c in countries_for_choices()]
        if not center.has_billing_mode:
            del self.fields["billing_mode"]
            del self.fields["prepayment_code"]
        for name in self.required_fields:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"

    def service_kwargs(self) -> dict[str, str]:
        """The raw values for candidate_add (the service validates them)."""
        data = {name: self.data.get(self.add_prefix(name), "") for name in self.fields}
        return {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier ODS de la liste des candidats"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".ods,application/vnd.oasis.opendocument.spreadsheet"}
        ),
    )


class TermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("J'ai lu et j'accepte les conditions d'utilisation de Pix Certif pour ce centre."),
        error_messages={"required": _("Cochez la case pour accepter les conditions d'utilisation.")},
    )
