from django.contrib import admin

from organizations.models import ImportJob, Invitation, Membership, Organization, OrganizationLearner


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    raw_id_fields = ("user", "updated_by")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "external_id", "is_managing_students", "archived_at")
    list_filter = ("type", "is_managing_students")
    search_fields = ("name", "external_id")
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "status", "updated_at")
    list_filter = ("status", "role")
    search_fields = ("email", "organization__name")
    raw_id_fields = ("organization", "created_by", "accepted_by")
    readonly_fields = ("code", "created_at")


@admin.register(OrganizationLearner)
class OrganizationLearnerAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "organization", "division", "group", "is_disabled", "user")
    list_filter = ("is_disabled",)
    search_fields = ("last_name", "first_name", "national_student_id", "student_number", "organization__name")
    raw_id_fields = ("organization", "user", "deleted_by")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = (
        "filename",
        "organization",
        "kind",
        "status",
        "created_count",
        "updated_count",
        "created_at",
    )
    list_filter = ("kind", "status")
    raw_id_fields = ("organization", "created_by")
    readonly_fields = ("errors", "created_at", "started_at", "finished_at")
