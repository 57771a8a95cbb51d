"""The password policy: at least 8 characters, with an upper-case letter, a lower-case letter and a digit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MINIMUM_LENGTH = 8


class PixPasswordValidator:
    def validate(self, password: str, user: object | None = None) -> None:
        errors = []
        if len(password) < MINIMUM_LENGTH:
            errors.append(
                ValidationError(
                    _("Le mot de passe doit contenir au moins %(min)d caractères."),
                    code="password_too_short",
                    params={"min": MINIMUM_LENGTH},
                )
            )
        if not any(c.isupper() for c in password):
            errors.append(
                ValidationError(
                    _("Le mot de passe doit contenir une lettre majuscule."), code="password_no_upper"
                )
            )
        if not any(c.islower() for c in password):
            errors.append(
                ValidationError(
                    _("Le mot de passe doit contenir une lettre minuscule."), code="password_no_lower"
                )
            )
        if not any(c.isdigit() for c in password):
            errors.append(
                ValidationError(_("Le mot de passe doit contenir un chiffre."), code="password_no_digit")
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("Au moins %(min)d caractères, dont une majuscule, une minuscule et un chiffre.") % {
            "min": MINIMUM_LENGTH
        }
