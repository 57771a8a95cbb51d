"""The referential in the admin: read-only, because content is loaded from the files (load_referential)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from referential.models import Area, Competence, ContentRelease, Skill, Tube, Tutorial


class ContentAdmin(admin.ModelAdmin):
    """Shown, searched and filtered, never edited here: a change would be lost at the next load."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(ContentAdmin):
    list_display = ("code", "name_fr", "name_en", "colour")
    search_fields = ("code", "name_fr", "name_en")
    ordering = ("code",)


@admin.register(Competence)
class CompetenceAdmin(ContentAdmin):
    list_display = ("code", "name_fr", "area")
    list_filter = ("area",)
    list_select_related = ("area",)
    search_fields = ("code", "name_fr", "name_en")
    ordering = ("position",)


@admin.register(Tube)
class TubeAdmin(ContentAdmin):
    list_display = ("name", "title", "competence", "status")
    list_filter = ("competence", "status")
    list_select_related = ("competence",)
    search_fields = ("name", "title", "description")
    ordering = ("competence__position", "name")


@admin.register(Skill)
class SkillAdmin(ContentAdmin):
    list_display = ("name", "level", "tube", "competence", "status", "pix", "challenge_count")
    list_filter = ("competence", "level", "status")
    list_select_related = ("tube", "competence")
    search_fields = ("name", "tube__name", "hint")
    ordering = ("competence__position", "tube__name", "level")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Skill]:
        return super().get_queryset(request).annotate(number_of_challenges=Count("challenges"))

    @admin.display(description=_("pix"))
    def pix(self, skill: Skill) -> str:
        value = skill.pix_value
        return str(value.numerator) if value.denominator == 1 else f"{value} ≈ {float(value):.2f}"

    @admin.display(description=_("épreuves"), ordering="number_of_challenges")
    def challenge_count(self, skill: Skill) -> int:
        return skill.number_of_challenges


@admin.register(Tutorial)
class TutorialAdmin(ContentAdmin):
    list_display = ("title", "source", "format", "duration_minutes", "locale")
    list_filter = ("format", "locale")
    search_fields = ("slug", "title", "source", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ("title",)


@admin.register(ContentRelease)
class ContentReleaseAdmin(ContentAdmin):
    list_display = ("number", "checksum", "loaded_at")
    search_fields = ("number", "checksum")
    ordering = ("-number",)
