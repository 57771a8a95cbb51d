from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    Badge,
    BadgeCriterion,
    Campaign,
    CampaignParticipation,
    Stage,
    TargetProfile,
    TargetProfileTube,
)


class TargetProfileTubeInline(admin.TabularInline):
    model = TargetProfileTube
    extra = 1
    autocomplete_fields = ("tube",)

    def has_change_permission(self, request, obj=None) -> bool:
        # The framework of a profile is frozen once a campaign uses it.
        return obj is None or not obj.campaigns.exists()

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("title", "threshold", "level", "is_first_skill", "message", "prescriber_title")


@admin.register(TargetProfile)
class TargetProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "owner_organization", "are_knowledge_elements_resettable", "outdated")
    list_filter = ("category", "outdated")
    search_fields = ("name",)
    filter_horizontal = ("shared_with",)
    autocomplete_fields = ("owner_organization",)
    inlines = [TargetProfileTubeInline, StageInline]
    actions = ["copy_profiles"]

    @admin.action(description=_("Copier les profils cibles sélectionnés"))
    def copy_profiles(self, request, queryset) -> None:
        with transaction.atomic():
            for profile in queryset.prefetch_related("tubes", "stages"):
                copy = TargetProfile.objects.create(
                    name=f"[Copie] {profile.name}",
                    category=profile.category,
                    description=profile.description,
                    comment=profile.comment,
                    owner_organization=profile.owner_organization,
                    are_knowledge_elements_resettable=profile.are_knowledge_elements_resettable,
                )
                TargetProfileTube.objects.bulk_create(
                    TargetProfileTube(target_profile=copy, tube_id=t.tube_id, level=t.level)
                    for t in profile.tubes.all()
                )
        messages.success(request, _("Profils copiés."))


class BadgeCriterionInline(admin.TabularInline):
    model = BadgeCriterion
    extra = 1


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "target_profile", "is_certifiable")
    search_fields = ("title", "key")
    autocomplete_fields = ("target_profile",)
    inlines = [BadgeCriterionInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "type",
        "organization",
        "target_profile",
        "created_at",
        "archived_at",
        "deleted_at",
    )
    list_filter = ("type",)
    search_fields = ("name", "code", "organization__name")
    list_select_related = ("organization", "target_profile")
    raw_id_fields = ("organization", "owner", "creator", "archived_by", "deleted_by", "target_profile")
    readonly_fields = ("code",)


@admin.register(CampaignParticipation)
class CampaignParticipationAdmin(admin.ModelAdmin):
    list_display = ("campaign", "user", "status", "created_at", "shared_at", "mastery_rate", "deleted_at")
    list_filter = ("status",)
    search_fields = ("campaign__code", "user__email", "participant_external_id")
    list_select_related = ("campaign", "user")
    raw_id_fields = ("campaign", "user", "deleted_by")
