"""Forms of the campaign pages: they read what was typed; the rules are campaigns.services'."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from campaigns.services import MAX_TITLE_LENGTH

YES_NO = [("non", _("Non")), ("oui", _("Oui"))]
MAX_TEXT_LENGTH = 5000


class AccessibleForm(forms.Form):
    """Each input points at its help text and error (aria-describedby) and says when it is invalid."""

    def _describe(self) -> None:
        for name, field in self.fields.items():
            ids = [f"id_{name}-help"] if field.help_text else []
            if self._errors is not None and name in self._errors:
                ids.append(f"id_{name}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()


def _owner_choices(members) -> list[tuple[str, str]]:
    return [(str(m.user_id), f"{m.user.full_name} ({m.user.email or m.user.username})") for m in members]


class CampaignForm(AccessibleForm):
    """Creation: every field of §1.6 a teacher chooses. Fields a profiles collection does not have are
    hidden by the page (CSS) and ignored here when that type is chosen."""

    type = forms.ChoiceField(
        label=_("Objectif de la campagne"),
        widget=forms.RadioSelect,
        choices=[
            (Campaign.Type.ASSESSMENT, _("Évaluer les participants")),
            (Campaign.Type.PROFILES_COLLECTION, _("Collecter les profils Pix des participants")),
        ],
        initial=Campaign.Type.ASSESSMENT,
    )
    name = forms.CharField(
        label=_("Nom de la campagne"),
        max_length=255,
        error_messages={"required": _("Le nom de la campagne est obligatoire.")},
        help_text=_("Pour vous y retrouver dans Pix Orga ; les participants ne le voient pas."),
    )
    target_profile = forms.TypedChoiceField(
        label=_("Profil cible"), coerce=int, required=False, empty_value=None
    )
    title = forms.CharField(
        label=_("Titre du parcours"),
        max_length=MAX_TITLE_LENGTH,
        required=False,
        help_text=_("Ce que voient les participants ; 50 caractères au plus."),
    )
    custom_landing_page_text = forms.CharField(
        label=_("Texte de la page d'accueil"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Affiché aux participants avant de commencer ; 5 000 caractères au plus."),
    )
    external_id_label = forms.CharField(
        label=_("Libellé de l'identifiant externe"),
        max_length=255,
        required=False,
        help_text=_(
            "Si vous le remplissez (par exemple « Numéro de candidat »), chaque participant devra "
            "l'indiquer avant de commencer."
        ),
    )
    external_id_type = forms.ChoiceField(
        label=_("Type de l'identifiant externe"),
        widget=forms.RadioSelect,
        choices=Campaign.ExternalIdType.choices,
        required=False,
        initial=Campaign.ExternalIdType.STRING,
    )
    multiple_sendings = forms.ChoiceField(
        label=_("Envoi multiple"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        initial="non",
        help_text=_("Les participants pourront repasser le parcours et renvoyer leurs résultats."),
    )
    owner = forms.TypedChoiceField(label=_("Propriétaire de la campagne"), coerce=int)

    def __init__(self, *args, target_profiles, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target_profiles = {profile.pk: profile for profile in target_profiles}
        self.members = {member.user_id: member.user for member in members}
        self.fields["target_profile"].choices = [
            ("", _("Choisissez un profil cible")),
            *[(str(pk), profile.name) for pk, profile in self.target_profiles.items()],
        ]
        self.fields["owner"].choices = _owner_choices(members)
        self._describe()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("type") == Campaign.Type.PROFILES_COLLECTION:
            data["target_profile"] = None
            data["title"] = ""
        if not data.get("external_id_label"):
            data["external_id_type"] = ""
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        profile_pk = data.get("target_profile")
        return {
            "name": data["name"],
            "type": data["type"],
            "target_profile": self.target_profiles.get(profile_pk) if profile_pk else None,
            "title": data.get("title", ""),
            "custom_landing_page_text": data.get("custom_landing_page_text", ""),
            "external_id_label": data.get("external_id_label", "").strip(),
            "external_id_type": data.get("external_id_type", ""),
            "multiple_sendings": data.get("multiple_sendings") == "oui",
            "owner": self.members[data["owner"]],
        }

    def clean_target_profile(self):
        pk = self.cleaned_data.get("target_profile")
        if pk is not None and pk not in self.target_profiles:
            raise ValidationError(_("Ce profil cible n'est pas disponible pour votre organisation."))
        return pk


class CampaignUpdateForm(AccessibleForm):
    """What Pix Orga may change (§1.6): name, title, landing-page text, owner; multiple sendings until
    someone takes part."""

    name = forms.CharField(
        label=_("Nom de la campagne"),
        max_length=255,
        error_messages={"required": _("Le nom de la campagne est obligatoire.")},
    )
    title = forms.CharField(
        label=_("Titre du parcours"),
        max_length=MAX_TITLE_LENGTH,
        required=False,
        help_text=_("Ce que voient les participants ; 50 caractères au plus."),
    )
    custom_landing_page_text = forms.CharField(
        label=_("Texte de la page d'accueil"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Affiché aux participants avant de commencer ; 5 000 caractères au plus."),
    )
    owner = forms.TypedChoiceField(label=_("Propriétaire de la campagne"), coerce=int)
    multiple_sendings = forms.ChoiceField(
        label=_("Envoi multiple"),
        widget=forms.RadioSelect,
        choices=YES_NO,
        required=False,
        help_text=_("Les participants pourront repasser le parcours et renvoyer leurs résultats."),
    )

    def __init__(self, *args, campaign: Campaign, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.members = {member.user_id: member.user for member in members}
        self.fields["owner"].choices = _owner_choices(members)
        if not campaign.is_assessment:
            del self.fields["title"]
        self._describe()

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        if pk not in self.members:
            raise ValidationError(_("Le propriétaire doit être membre de l'organisation."))
        return pk

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "name": data["name"],
            "custom_landing_page_text": data.get("custom_landing_page_text", ""),
            "owner": self.members[data["owner"]],
        }
        if "title" in self.fields:
            arguments["title"] = data.get("title", "")
        if data.get("multiple_sendings") in ("oui", "non"):
            arguments["multiple_sendings"] = data["multiple_sendings"] == "oui"
        return arguments


class CampaignListFilterForm(forms.Form):
    recherche = forms.CharField(label=_("Rechercher une campagne"), required=False, max_length=100)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Campagnes actives")), ("archivees", _("Campagnes archivées"))],
    )


class ResultsFilterForm(forms.Form):
    recherche = forms.CharField(label=_("Rechercher un participant"), required=False, max_length=100)
    classe = forms.ChoiceField(label=_("Classe"), required=False)
    groupe = forms.ChoiceField(label=_("Groupe"), required=False)
    palier = forms.TypedChoiceField(label=_("Palier"), required=False, coerce=int, empty_value=None)
    badge = forms.TypedChoiceField(label=_("Badge"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, divisions, groups, stages=(), badges=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classe"].choices = [("", _("Toutes les classes")), *[(d, d) for d in divisions]]
        self.fields["groupe"].choices = [("", _("Tous les groupes")), *[(g, g) for g in groups]]
        self.fields["palier"].choices = [
            ("", _("Tous les paliers")),
            *[
                (str(i), f"{i}/{len(stages) - 1} – {s.prescriber_title or s.title}")
                for i, s in enumerate(stages)
            ],
        ]
        self.fields["badge"].choices = [("", _("Tous les badges")), *[(str(b.pk), b.title) for b in badges]]
        if not divisions:
            del self.fields["classe"]
        if not groups:
            del self.fields["groupe"]
        if not stages:
            del self.fields["palier"]
        if not badges:
            del self.fields["badge"]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data.get("recherche", ""),
            "division": data.get("classe", ""),
            "group": data.get("groupe", ""),
            "stage_index": data.get("palier"),
            "badge_id": data.get("badge"),
        }
