from django.contrib import admin

from learners.models import SavedTutorial


@admin.register(SavedTutorial)
class SavedTutorialAdmin(admin.ModelAdmin):
    list_display = ("user", "tutorial", "created_at")
    list_select_related = ("user", "tutorial")
    search_fields = ("user__email", "user__username", "tutorial__title")
    raw_id_fields = ("user", "tutorial")
    date_hierarchy = "created_at"
