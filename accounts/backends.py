from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.services import LoginBlockedError, WrongPassword, user_login_attempt

LOGIN_REFUSAL_ATTRIBUTE = "login_refusal"


def login_refusal(request: HttpRequest | None) -> LoginBlockedError | None:
    """Why the last authentication on this request was refused although the account exists, if blocked."""
    return getattr(request, LOGIN_REFUSAL_ATTRIBUTE, None)


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with an e-mail address or a username, whatever its case, under the blocking rule.

    Every way in (the /connexion form through allauth, the admin login, ``POST /api/token``) calls
    ``django.contrib.auth.authenticate``, hence this backend, hence ``user_login_attempt``. A blocked
    account raises ``PermissionDenied``, which stops Django from trying any other backend; the
    reason is left on the request (``login_refusal``) for the form or the API to show.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ):
        login = username or kwargs.get("email") or kwargs.get("login")
        if not login or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(login.strip())
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            User().set_password(password)  # same work either way: no timing oracle on unknown logins
            return None
        try:
            user_login_attempt(user=user, password=password)
        except WrongPassword:
            return None
        except LoginBlockedError as refusal:
            if request is not None:
                setattr(request, LOGIN_REFUSAL_ATTRIBUTE, refusal)
            raise PermissionDenied(refusal.detail) from refusal
        return user if self.user_can_authenticate(user) else None
