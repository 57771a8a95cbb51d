from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from organizations.models import ImportJob, Membership

MAX_INVITATIONS_AT_ONCE = 30
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("Adresses e-mail"),
        help_text=_("Une ou plusieurs adresses, séparées par des virgules ou des espaces."),
        max_length=5000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(Membership.Role.MEMBER, _("Membre")), (Membership.Role.ADMIN, _("Administrateur"))],
        initial=Membership.Role.MEMBER,
    )

    def clean_emails(self) -> list[str]:
        emails = [e for e in re.split(r"[\s,;]+", self.cleaned_data["emails"].lower()) if e]
        if not emails:
            raise ValidationError(_("Indiquez au moins une adresse e-mail."))
        if len(emails) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("Invitez au plus %(max)d personnes à la fois.") % {"max": MAX_INVITATIONS_AT_ONCE}
            )
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise ValidationError(
                _("Ces adresses ne sont pas valides : %(emails)s.") % {"emails": ", ".join(invalid)}
            )
        return list(dict.fromkeys(emails))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Membership.Role.choices)


class StudentsFilterForm(forms.Form):
    recherche = forms.CharField(label=_("Rechercher un nom"), required=False, max_length=100)
    classe = forms.ChoiceField(label=_("Classe"), required=False)
    groupe = forms.ChoiceField(label=_("Groupe"), required=False)

    def __init__(self, *args, divisions: list[str], groups: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classe"].choices = [("", _("Toutes les classes")), *[(d, d) for d in divisions]]
        self.fields["groupe"].choices = [("", _("Tous les groupes")), *[(g, g) for g in groups]]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    kind = forms.ChoiceField(label=_("Format"), widget=forms.RadioSelect)
    mode = forms.ChoiceField(
        label=_("Que faire des étudiants déjà importés ?"),
        widget=forms.RadioSelect,
        choices=[
            (
                ImportJob.Mode.ADD,
                _("Ajouter les étudiants du fichier (et mettre à jour ceux déjà présents)"),
            ),
            (
                ImportJob.Mode.REPLACE,
                _("Remplacer la liste : les étudiants absents du fichier seront désactivés"),
            ),
        ],
        initial=ImportJob.Mode.ADD,
        required=False,
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
        self.fields["kind"].initial = kinds[0][0]

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Le fichier dépasse 100 Mo."))
        return file
