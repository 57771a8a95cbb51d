"""A person holding a temporary password must choose their own before using anything else."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Reachable while the password must change: the change page itself, leaving, the terms it links to,
# the language switch, and what pages load (static files, translations) or probes call.
ALLOWED_PREFIXES = ("/i18n/", "/jsi18n/", "/static/", "/health", "/admin/logout/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.must_change_password and not self._allowed(request.path):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        exact = {reverse("account_expired_password"), reverse("account_logout"), reverse("account_cgu")}
        return path in exact or path.startswith(ALLOWED_PREFIXES)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Vous devez d'abord remplacer votre mot de passe provisoire : connectez-vous sur le site."
                    ),
                    "code": "PASSWORD_CHANGE_REQUIRED",
                },
                status=403,
            )
        target = reverse("account_expired_password")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
