"""The learner's own account pages (/mon-compte/…), the terms, and the forced change of a temporary password.

Sign-in, sign-up, e-mail verification and password reset are allauth's views with our forms and
templates (see accounts/urls.py).
"""

from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import (
    AccountDeleteForm,
    EmailChangeCodeForm,
    EmailChangeForm,
    ExpiredPasswordForm,
    LanguageForm,
    PersonalInformationForm,
)
from accounts.selectors import email_change_pending
from accounts.services import (
    AccountError,
    email_change_confirm,
    email_change_request,
    user_anonymise,
    user_language_set,
    user_login_attempt,
    user_profile_update,
    user_temporary_password_replace,
)

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # one year, as the reference


def cgu(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/cgu.html")


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@login_required
@require_http_methods(["GET", "POST"])
def expired_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if not user.must_change_password:
        return redirect(next_url)
    form = ExpiredPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user_temporary_password_replace(
                user=user,
                new_password=form.cleaned_data["password1"],
                accept_cgu=form.cleaned_data.get("cgu", False),
            )
        except AccountError as error:
            form.add_error("password1", error.detail)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Votre mot de passe a été enregistré. Bienvenue sur Pix libre !"))
            return redirect(next_url)
    return render(request, "accounts/expired_password.html", {"form": form, "next": next_url})


# -- /mon-compte ----------------------------------------------------------------------------


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    return redirect("account_personal_information")


@login_required
@require_http_methods(["GET", "POST"])
def personal_information(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name}
    form = PersonalInformationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=user, **form.cleaned_data)
        except AccountError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Vos informations personnelles ont été enregistrées."))
            return redirect("account_personal_information")
    return render(request, "accounts/personal_information.html", {"form": form})


_EMAIL_ERRORS_ON_PASSWORD = {"wrong_password", "USER_IS_TEMPORARY_BLOCKED", "USER_HAS_BEEN_BLOCKED"}


@login_required
@require_http_methods(["GET", "POST"])
def login_methods(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="change_email", user=user):
            form.add_error(None, _("Trop de codes demandés en peu de temps. Réessayez dans une heure."))
        else:
            try:
                change = email_change_request(
                    user=user,
                    new_email=form.cleaned_data["new_email"],
                    password=form.cleaned_data["password"],
                )
            except AccountError as error:
                form.add_error(
                    "password" if error.code in _EMAIL_ERRORS_ON_PASSWORD else "new_email", error.detail
                )
            else:
                messages.info(
                    request,
                    _("Un code de confirmation a été envoyé à %(email)s. Il est valable 15 minutes.")
                    % {"email": change.new_email},
                )
                return redirect("account_email_change_confirm")
    context = {"form": form, "pending": email_change_pending(user)}
    return render(request, "accounts/login_methods.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def email_change_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    pending = email_change_pending(user)
    if pending is None:
        return redirect("account_email")
    form = EmailChangeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_email = email_change_confirm(user=user, code=form.cleaned_data["code"])
        except AccountError as error:
            form.add_error("code", error.detail)
        else:
            messages.success(
                request, _("Votre adresse e-mail est désormais %(email)s.") % {"email": new_email}
            )
            return redirect("account_email")
    context = {"form": form, "pending": pending}
    return render(request, "accounts/email_change_code.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def language(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LanguageForm(request.POST or None, initial={"lang": translation.get_language() or user.lang})
    if request.method == "POST" and form.is_valid():
        lang = form.cleaned_data["lang"]
        user_language_set(user=user, lang=lang)
        with translation.override(lang):
            messages.success(request, _("La langue du site a été enregistrée."))
        response = redirect("account_language")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    return render(request, "accounts/language.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_login_attempt(user=user, password=form.cleaned_data["password"])
        except AccountError as error:
            form.add_error("password", error.detail)
        else:
            user_anonymise(user=user)
            logout(request)
            messages.success(
                request, _("Votre compte a été supprimé. Vos données personnelles ont été effacées.")
            )
            return redirect("learners:landing")
    return render(request, "accounts/delete_account.html", {"form": form})
