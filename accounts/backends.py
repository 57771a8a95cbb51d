from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class EmailOrUsernameBackend(ModelBackend):
    """Sign in with an e-mail address or a username, whatever its case."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ):
        login = username or kwargs.get("email") or kwargs.get("login")
        if not login or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(login.strip())
        except User.DoesNotExist:
            User().set_password(password)  # same work either way: no timing oracle on unknown logins
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
