from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms import AdminLoginForm, AdminUserChangeForm, AdminUserCreationForm
from accounts.models import User
from accounts.selectors import users_not_blocked, users_permanently_blocked, users_temporarily_blocked
from accounts.services import user_unblock

# The admin's login applies the blocking rule like every other way in, and says so.
admin.site.login_form = AdminLoginForm


class LoginBlockFilter(admin.SimpleListFilter):
    title = _("blocage de connexion")
    parameter_name = "blocage"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [
            ("definitif", _("Bloqué définitivement")),
            ("temporaire", _("Bloqué temporairement")),
            ("non", _("Non bloqué")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        now = timezone.now()
        chosen = {
            "definitif": users_permanently_blocked(),
            "temporaire": users_temporarily_blocked(now=now),
            "non": users_not_blocked(now=now),
        }.get(self.value())
        return queryset if chosen is None else queryset.filter(pk__in=chosen.values("pk"))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "username",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "login_block",
        "date_joined",
    )
    list_filter = (LoginBlockFilter, "is_staff", "is_superuser", "is_active", "must_change_password", "lang")
    search_fields = ("email", "username", "first_name", "last_name")
    readonly_fields = ("failure_count", "temporary_blocked_until", "blocked_at", "anonymised_at")
    actions = ["unblock"]
    change_form_template = "admin/accounts/user/change_form.html"
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "lang")}),
        (_("État"), {"fields": ("is_active", "must_change_password", "cgu_accepted_at", "anonymised_at")}),
        (_("Blocage de connexion"), {"fields": ("failure_count", "temporary_blocked_until", "blocked_at")}),
        (_("Droits"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "username",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    @admin.display(description=_("connexion"))
    def login_block(self, user: User) -> str:
        if user.blocked_at:
            return _("bloqué")
        if user.temporary_blocked_until and user.temporary_blocked_until > timezone.now():
            return _("bloqué temporairement")
        return "—"

    @admin.action(description=_("Débloquer les comptes sélectionnés"), permissions=["change"])
    def unblock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            user_unblock(user=user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d compte débloqué.", "%(count)d comptes débloqués.", count) % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/debloquer/",
                self.admin_site.admin_view(self.unblock_view),
                name="accounts_user_unblock",
            ),
            *super().get_urls(),
        ]

    def unblock_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = get_object_or_404(User, pk=object_id)
        if not self.has_change_permission(request, user):
            return HttpResponse(status=403)
        user_unblock(user=user)
        self.message_user(request, _("Le compte %(user)s est débloqué.") % {"user": user}, messages.SUCCESS)
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["login_blocked"] = bool(
            obj
            and (
                obj.blocked_at
                or (obj.temporary_blocked_until and obj.temporary_blocked_until > timezone.now())
            )
        )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
