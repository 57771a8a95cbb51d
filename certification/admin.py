from django.contrib import admin

from certification.models import CenterMembership, CertificationCenter


class CenterMembershipInline(admin.TabularInline):
    model = CenterMembership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(CertificationCenter)
class CertificationCenterAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "external_id", "certification_version")
    list_filter = ("type", "certification_version")
    search_fields = ("name", "external_id")
    raw_id_fields = ("organization",)
    inlines = [CenterMembershipInline]
