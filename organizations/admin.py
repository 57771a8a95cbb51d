from django.contrib import admin

from organizations.models import Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "external_id", "is_managing_students", "archived_at")
    list_filter = ("type", "is_managing_students")
    search_fields = ("name", "external_id")
    inlines = [MembershipInline]
