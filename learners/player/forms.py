"""Forms of the test player: the "Signaler un problème" form (the answer form is challenges.presentation's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeReport

Category = ChallengeReport.Category

ORIGIN_CHALLENGE = "challenge"
ORIGIN_CORRECTION = "correction"

# pix-orga-learner.md §3.4: "picture" only on the question, "answer" and "tutorial" only on the correction.
CATEGORIES_BY_ORIGIN: dict[str, tuple[str, ...]] = {
    ORIGIN_CHALLENGE: (
        Category.QUESTION,
        Category.PICTURE,
        Category.LINK,
        Category.EMBED,
        Category.DOWNLOAD,
        Category.ACCESSIBILITY,
        Category.OTHER,
    ),
    ORIGIN_CORRECTION: (
        Category.QUESTION,
        Category.LINK,
        Category.EMBED,
        Category.DOWNLOAD,
        Category.ACCESSIBILITY,
        Category.ANSWER,
        Category.TUTORIAL,
        Category.OTHER,
    ),
}
COMMENT_MAX_LENGTH = 2000


class ChallengeReportForm(forms.Form):
    challenge = forms.CharField(widget=forms.HiddenInput, max_length=80)
    answer = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    category = forms.ChoiceField(
        label=_("Quel est le problème ?"),
        error_messages={
            "required": _("Choisissez ce qui pose problème."),
            "invalid_choice": _("Choisissez ce qui pose problème dans la liste."),
        },
    )
    comment = forms.CharField(
        label=_("Précisez (facultatif)"),
        help_text=_(
            "Ce que vous avez vu, ce que vous attendiez. N'écrivez pas votre réponse ni vos données personnelles."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Votre message est trop long : %(limit_value)d caractères au plus.")
            % {"limit_value": COMMENT_MAX_LENGTH},
        },
    )

    def __init__(self, *args: object, origin: str, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.origin = origin
        labels = dict(Category.choices)
        self.fields["category"].choices = [("", _("Choisissez…"))] + [
            (value, labels[value]) for value in CATEGORIES_BY_ORIGIN[origin]
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("category") == Category.OTHER and not data.get("comment"):
            self.add_error("comment", _("Décrivez le problème en quelques mots."))
        return data
