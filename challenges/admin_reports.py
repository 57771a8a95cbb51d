"""Reports ("Signaler un problème") in the admin, per challenge: filter by category, search by challenge id.

Registers itself when imported: `challenges/admin.py` imports this module (one line).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeReport


class ChallengeReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "challenge_link", "category", "comment_excerpt", "user")
    list_filter = ("category", "created_at")
    search_fields = ("challenge__id",)
    date_hierarchy = "created_at"
    ordering = ("challenge_id", "-created_at")
    list_select_related = ("challenge", "user")
    readonly_fields = ("user", "assessment", "challenge", "category", "comment", "created_at")
    fields = readonly_fields

    @admin.display(description=_("épreuve"), ordering="challenge_id")
    def challenge_link(self, report: ChallengeReport) -> SafeString:
        url = reverse("admin:challenges_challenge_change", args=[report.challenge_id])
        return format_html('<a href="{}">{}</a>', url, report.challenge_id)

    @admin.display(description=_("commentaire"))
    def comment_excerpt(self, report: ChallengeReport) -> str:
        return Truncator(report.comment).chars(80)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChallengeReport]:
        return super().get_queryset(request).select_related("challenge", "user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from learners only


if not admin.site.is_registered(ChallengeReport):
    admin.site.register(ChallengeReport, ChallengeReportAdmin)
