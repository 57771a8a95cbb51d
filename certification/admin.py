from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from certification.codes import generate_access_code, generate_invigilator_password
from certification.models import (
    BirthCommune,
    BirthCountry,
    Candidate,
    CenterMembership,
    CertificationCenter,
    Session,
)


class CenterMembershipInline(admin.TabularInline):
    model = CenterMembership
    extra = 0
    raw_id_fields = ("user",)
    readonly_fields = ("terms_accepted_at",)


@admin.register(CertificationCenter)
class CertificationCenterAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "external_id", "certification_version")
    list_filter = ("type", "certification_version")
    search_fields = ("name", "external_id")
    raw_id_fields = ("organization",)
    inlines = [CenterMembershipInline]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = (
        "last_name",
        "first_name",
        "birthdate",
        "sex",
        "birth_country",
        "birth_insee_code",
        "birth_postal_code",
        "birth_city",
        "external_id",
        "extra_time_percentage",
        "billing_mode",
        "prepayment_code",
        "user",
        "reconciled_at",
    )
    raw_id_fields = ("user", "organization_learner")
    readonly_fields = ("reconciled_at",)
    show_change_link = True


class StatusFilter(admin.SimpleListFilter):
    """The derived status of §2.2, as a filter."""

    title = _("statut")
    parameter_name = "statut"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return list(Session.Status.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        value = self.value()
        if value == Session.Status.PROCESSED:
            return queryset.filter(published_at__isnull=False)
        if value == Session.Status.IN_PROCESS:
            return queryset.filter(published_at__isnull=True, assigned_certification_officer__isnull=False)
        if value == Session.Status.FINALIZED:
            return queryset.filter(
                published_at__isnull=True,
                assigned_certification_officer__isnull=True,
                finalized_at__isnull=False,
            )
        if value == Session.Status.CREATED:
            return queryset.filter(
                published_at__isnull=True,
                assigned_certification_officer__isnull=True,
                finalized_at__isnull=True,
            )
        return queryset


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "center_name",
        "date",
        "time",
        "address",
        "room",
        "version",
        "status_label",
        "candidates",
    )
    list_filter = (StatusFilter, "version", "center__type", "date")
    search_fields = (
        "=id",
        "center__name",
        "center__external_id",
        "address",
        "room",
        "examiner",
        "=access_code",
    )
    date_hierarchy = "date"
    raw_id_fields = ("center", "created_by", "assigned_certification_officer")
    readonly_fields = ("center_name", "access_code", "invigilator_password", "created_at", "updated_at")
    list_select_related = ("center",)
    inlines = [CandidateInline]

    @admin.display(description=_("candidats"))
    def candidates(self, obj: Session) -> int:
        return obj.candidates_count

    @admin.display(description=_("statut"))
    def status_label(self, obj: Session) -> str:
        return obj.status_label

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return super().get_queryset(request).annotate(candidates_count=Count("candidates"))

    def save_model(self, request: HttpRequest, obj: Session, form, change: bool) -> None:
        if not obj.access_code:
            obj.access_code = generate_access_code()
        if not obj.invigilator_password:
            obj.invigilator_password = generate_invigilator_password()
        if not obj.center_name:
            obj.center_name = obj.center.name
        super().save_model(request, obj, form, change)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "birthdate", "session", "birth_city", "billing_mode", "user")
    list_filter = ("billing_mode", "session__center__type")
    search_fields = ("last_name", "first_name", "external_id", "=session__id", "user__email")
    raw_id_fields = ("session", "user", "organization_learner")
    list_select_related = ("session", "user")


@admin.register(BirthCountry)
class BirthCountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_actual_name")
    search_fields = ("code", "name")


@admin.register(BirthCommune)
class BirthCommuneAdmin(admin.ModelAdmin):
    list_display = ("insee_code", "postal_code", "name", "is_actual_name")
    search_fields = ("insee_code", "postal_code", "name")
