"""Password reset links last one hour (the reference's temporary key), not Django's three days."""

from __future__ import annotations

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from django.utils.http import base36_to_int

PASSWORD_RESET_LINK_VALIDITY_SECONDS = 60 * 60


class PasswordResetTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    def check_token(self, user, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        try:
            issued_at = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued_at <= PASSWORD_RESET_LINK_VALIDITY_SECONDS
