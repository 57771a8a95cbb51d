from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from certification import jury
from certification.codes import generate_access_code, generate_invigilator_password
from certification.models import (
    AssessmentResult,
    BirthCommune,
    BirthCountry,
    Candidate,
    CenterMembership,
    CertificationCenter,
    CertificationCourse,
    IssueReport,
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


# -- Jury and publication (pix-certif.md §4.3–4.5): Pix's side after finalisation -----------------


class JuryFilter(admin.SimpleListFilter):
    """Finalised sessions waiting for Pix: ready to publish, or with an action required first."""

    title = _("traitement du jury")
    parameter_name = "jury"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("a-publier", _("à publier")), ("action-requise", _("action requise"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        if self.value() == "a-publier":
            return queryset.filter(pk__in=jury.sessions_to_publish().values("pk"))
        if self.value() == "action-requise":
            return queryset.filter(pk__in=jury.sessions_with_required_action().values("pk"))
        return queryset


class CourseInline(admin.TabularInline):
    model = CertificationCourse
    extra = 0
    can_delete = False
    show_change_link = True
    fields = (
        "last_name",
        "first_name",
        "version",
        "abort_reason",
        "is_cancelled",
        "is_rejected_for_fraud",
        "jury_link",
    )
    readonly_fields = fields
    verbose_name_plural = _("certifications passées")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("jury"))
    def jury_link(self, obj: CertificationCourse) -> str:
        url = reverse("admin:certification_certificationcourse_jury", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Traitement jury"))


def _publish(request: HttpRequest, session: Session) -> bool:
    try:
        outcome = jury.session_publish(session=session)
    except jury.JuryError as error:
        messages.error(
            request, _("Session n°%(number)s : %(detail)s") % {"number": session.pk, "detail": error.detail}
        )
        return False
    text = _("Session n°%(number)s publiée.") % {"number": session.pk}
    if outcome.recipients:
        text += " " + _("Résultats envoyés à %(count)d destinataire(s).") % {"count": len(outcome.recipients)}
    messages.success(request, text)
    if outcome.failed_recipients:
        messages.warning(
            request,
            _("L'e-mail n'a pas pu être envoyé à : %(emails)s.")
            % {"emails": ", ".join(outcome.failed_recipients)},
        )
    return True


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
    list_filter = (JuryFilter, StatusFilter, "version", "center__type", "date")
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
    readonly_fields = (
        "center_name",
        "access_code",
        "invigilator_password",
        "created_at",
        "updated_at",
        "published_at",
        "jury_state",
    )
    list_select_related = ("center",)
    inlines = [CandidateInline, CourseInline]

    def get_inlines(self, request: HttpRequest, obj: Session | None) -> list:
        # The certifications exist only once candidates have started: none on the "add" page.
        return [CandidateInline] if obj is None else [CandidateInline, CourseInline]

    actions = ["publish_sessions"]
    change_form_template = "admin/certification/session/change_form.html"

    @admin.display(description=_("état pour le jury"))
    def jury_state(self, obj: Session) -> str:
        if obj.pk is None or obj.finalized_at is None:
            return _("Session non finalisée.")
        state = jury.session_jury_state(session=obj)
        lines = [*state.required_actions, *state.publication_problems]
        if not lines:
            return _("Prête à être publiée.") if not obj.published_at else _("Publiée.")
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    @admin.action(description=_("Publier les sessions sélectionnées"))
    def publish_sessions(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for session in queryset:
            _publish(request, session)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/publier/",
                self.admin_site.admin_view(self.publish_view),
                name="certification_session_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        session = get_object_or_404(Session, pk=object_id)
        if request.method != "POST" or not self.has_change_permission(request, session):
            raise PermissionDenied
        _publish(request, session)
        return redirect("admin:certification_session_change", object_id)

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


class CourseIdentityForm(forms.ModelForm):
    """The identity printed on the certificate, corrected with the rules of §3.2."""

    class Meta:
        model = CertificationCourse
        fields = ("first_name", "last_name", "birthdate", "birthplace", "sex", "external_id")
        widgets = {"sex": forms.Select(choices=Candidate.Sex.choices)}

    def clean(self) -> dict:
        data = super().clean()
        try:
            jury.identity_checked(
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                birthdate=data.get("birthdate"),
                sex=data.get("sex", ""),
            )
        except jury.JuryError as error:
            raise forms.ValidationError(error.detail) from error
        return data


@admin.register(CertificationCourse)
class CertificationCourseAdmin(admin.ModelAdmin):
    form = CourseIdentityForm
    list_display = (
        "id",
        "last_name",
        "first_name",
        "session",
        "version",
        "result_status",
        "is_published",
        "is_cancelled",
        "is_rejected_for_fraud",
    )
    list_filter = ("version", "is_published", "is_cancelled", "is_rejected_for_fraud")
    search_fields = ("=id", "last_name", "first_name", "=verification_code", "=session__id", "user__email")
    list_select_related = ("session",)
    fieldsets = (
        (_("Identité (imprimée sur le certificat)"), {"fields": CourseIdentityForm.Meta.fields}),
        (
            _("Certification"),
            {
                "fields": (
                    "jury_link",
                    "session",
                    "user",
                    "version",
                    "verification_code",
                    "created_at",
                    "completed_at",
                    "abort_reason",
                    "examiner_comment",
                    "is_cancelled",
                    "is_rejected_for_fraud",
                    "is_published",
                )
            },
        ),
    )
    readonly_fields = (
        "jury_link",
        "session",
        "user",
        "version",
        "verification_code",
        "created_at",
        "completed_at",
        "abort_reason",
        "examiner_comment",
        "is_cancelled",
        "is_rejected_for_fraud",
        "is_published",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[CertificationCourse]:
        return super().get_queryset(request).annotate(latest_status=jury.latest_result_status())

    @admin.display(description=_("résultat"))
    def result_status(self, obj: CertificationCourse) -> str:
        status = getattr(obj, "latest_status", None)
        return AssessmentResult.Status(status).label if status else _("sans résultat")

    @admin.display(description=_("jury"))
    def jury_link(self, obj: CertificationCourse) -> str:
        url = reverse("admin:certification_certificationcourse_jury", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Ouvrir le traitement jury"))

    def save_model(self, request: HttpRequest, obj: CertificationCourse, form, change: bool) -> None:
        data = form.cleaned_data
        jury.course_identity_correct(
            course=obj,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birthdate=data["birthdate"],
            sex=data["sex"],
            birthplace=data.get("birthplace", ""),
            external_id=data.get("external_id", ""),
        )

    def get_urls(self):
        return [
            path(
                "<int:course_id>/jury/",
                self.admin_site.admin_view(self.jury_view),
                name="certification_certificationcourse_jury",
            ),
            path(
                "<int:course_id>/jury/<str:action>/",
                self.admin_site.admin_view(self.jury_action_view),
                name="certification_certificationcourse_jury_action",
            ),
            *super().get_urls(),
        ]

    def jury_view(self, request: HttpRequest, course_id: int) -> HttpResponse:
        course = get_object_or_404(
            CertificationCourse.objects.select_related("session", "user"), pk=course_id
        )
        if not self.has_view_permission(request, course):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Traitement jury de la certification n°%(number)s") % {"number": course.pk},
            "course": course,
            "can_change": self.has_change_permission(request, course),
            **jury.course_jury_details(course=course),
        }
        return TemplateResponse(request, "admin/certification/certificationcourse/jury.html", context)

    def jury_action_view(self, request: HttpRequest, course_id: int, action: str) -> HttpResponse:
        course = get_object_or_404(CertificationCourse.objects.select_related("session"), pk=course_id)
        if request.method != "POST" or not self.has_change_permission(request, course):
            raise PermissionDenied
        post = request.POST
        try:
            if action in ("neutraliser", "deneutraliser"):
                number = int(post.get("question", "0"))
                service = (
                    jury.challenge_neutralize if action == "neutraliser" else jury.challenge_deneutralize
                )
                service(course=course, question_number=number)
                done = _("Question n°%(number)s : résultat recalculé.") % {"number": number}
            elif action in JURY_STATUS_ACTIONS:
                service, done = JURY_STATUS_ACTIONS[action]
                service(course=course)
            elif action == "resoudre":
                report = get_object_or_404(IssueReport, pk=int(post.get("report", "0")), course=course)
                jury.issue_report_resolve(report=report, resolution=post.get("resolution", ""))
                done = _("Signalement traité.")
            elif action == "commentaires":
                jury.jury_comments_update(
                    course=course,
                    comment_for_candidate=post.get("comment_for_candidate", ""),
                    comment_for_organization=post.get("comment_for_organization", ""),
                    comment_by_jury=post.get("comment_by_jury", ""),
                )
                done = _("Commentaires du jury enregistrés.")
            else:
                raise Http404
        except (ValueError, TypeError):
            messages.error(request, _("Demande invalide."))
        except jury.JuryError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, str(done))
        return redirect("admin:certification_certificationcourse_jury", course.pk)


JURY_STATUS_ACTIONS = {
    "annuler": (jury.course_cancel, _("Certification annulée : résultat recalculé.")),
    "desannuler": (jury.course_uncancel, _("Annulation retirée : résultat recalculé.")),
    "rejeter": (jury.course_reject_for_fraud, _("Certification rejetée pour fraude : résultat recalculé.")),
    "derejeter": (jury.course_unreject_for_fraud, _("Rejet pour fraude retiré : résultat recalculé.")),
}


@admin.register(IssueReport)
class IssueReportAdmin(admin.ModelAdmin):
    list_display = ("id", "course", "category", "subcategory", "question_number", "resolved_at")
    list_filter = ("category", "subcategory", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("=course__id", "=course__session__id", "description")
    raw_id_fields = ("course", "live_alert")
    list_select_related = ("course",)
