"""Challenges in the admin: read-only content (it comes from the files), except the status."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from challenges import admin_reports  # noqa: F401 - registers the reports ("Signaler un problème") admin
from challenges.models import Attachment, Challenge
from challenges.presentation import present_challenge
from challenges.views import DEFAULT_SEED


class TimedFilter(admin.SimpleListFilter):
    title = _("chronométrée")
    parameter_name = "timed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", _("oui")), ("no", _("non"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
        if self.value() == "yes":
            return queryset.filter(timer__isnull=False)
        if self.value() == "no":
            return queryset.filter(timer__isnull=True)
        return queryset


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("position", "file_name")
    readonly_fields = ("position", "file_name")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


CONTENT_FIELDS = (
    "id",
    "skill",
    "competence",
    "type",
    "instruction",
    "proposals",
    "fields",
    "format",
    "shuffled",
    "solution",
    "tolerances",
    "explanation",
    "timer",
    "focused",
    "illustration",
    "illustration_alt",
    "embed_url",
    "embed_title",
    "embed_height",
    "locales",
    "alpha",
    "delta",
    "alternative_group",
    "release",
)


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "type",
        "status",
        "competence_code",
        "skill",
        "skill__level",
        "is_timed",
        "focused",
    )
    list_display_links = ("id",)
    list_filter = ("competence", "skill__level", "type", "status", TimedFilter, "focused")
    list_select_related = ("skill", "competence")
    search_fields = ("id", "skill__name", "skill__tube__name", "competence__code", "instruction")
    ordering = ("competence__position", "skill__tube__name", "skill__level", "id")
    inlines = [AttachmentInline]
    actions = ["archive_selected"]
    readonly_fields = ("learner_view", *CONTENT_FIELDS)
    fieldsets = (
        (_("Aperçu candidat"), {"fields": ("learner_view",)}),
        (
            _("Statut"),
            {
                "fields": ("status",),
                "description": _(
                    "Archiver une épreuve la retire des tests. Reportez-le aussi dans le fichier de contenu : "
                    "le prochain chargement reprend le statut écrit dans le fichier."
                ),
            },
        ),
        (_("Rattachement"), {"fields": ("id", "skill", "competence", "alternative_group", "release")}),
        (
            _("Contenu"),
            {
                "fields": (
                    "type",
                    "instruction",
                    "proposals",
                    "fields",
                    "format",
                    "shuffled",
                    "solution",
                    "tolerances",
                    "explanation",
                )
            },
        ),
        (
            _("Présentation"),
            {
                "fields": (
                    "timer",
                    "focused",
                    "illustration",
                    "illustration_alt",
                    "embed_url",
                    "embed_title",
                    "embed_height",
                    "locales",
                )
            },
        ),
        (_("Paramètres IRT"), {"fields": ("alpha", "delta")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("compétence"), ordering="competence__position")
    def competence_code(self, challenge: Challenge) -> str:
        return challenge.competence.code

    @admin.display(description=_("chronométrée"), boolean=True, ordering="timer")
    def is_timed(self, challenge: Challenge) -> bool:
        return challenge.is_timed

    @admin.display(description=_("vue du candidat"))
    def learner_view(self, challenge: Challenge) -> SafeString:
        body = render_to_string(
            "challenges/includes/challenge_body.html",
            {"challenge_view": present_challenge(challenge=challenge, shuffle_seed=DEFAULT_SEED)},
        )
        return format_html(
            '<div class="admin-challenge-preview">{}</div><p><a href="{}">{}</a></p>',
            SafeString(body),
            reverse("challenges:preview", args=[challenge.pk]),
            _("Ouvrir l'aperçu : répondre et voir la correction"),
        )

    @admin.action(description=_("Archiver les épreuves sélectionnées"), permissions=["change"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Challenge]) -> None:
        count = queryset.exclude(status=Challenge.Status.ARCHIVED).update(status=Challenge.Status.ARCHIVED)
        self.message_user(
            request,
            ngettext("%(count)d épreuve archivée.", "%(count)d épreuves archivées.", count)
            % {"count": count},
            messages.SUCCESS,
        )
