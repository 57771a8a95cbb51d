"""Account reads."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import EmailChangeRequest, User
from accounts.services import EMAIL_CHANGE_MAX_ATTEMPTS


def email_change_pending(user: User, *, now: datetime | None = None) -> EmailChangeRequest | None:
    """The e-mail change whose code can still be typed: not expired, attempts left."""
    now = now or timezone.now()
    return (
        EmailChangeRequest.objects.filter(
            user=user, expires_at__gt=now, attempts__lt=EMAIL_CHANGE_MAX_ATTEMPTS
        )
        .only("new_email", "expires_at", "attempts")
        .first()
    )


def email_awaiting_verification(user: User) -> bool:
    """The person signed up with this address and has not followed the verification link yet."""
    from allauth.account.models import EmailAddress

    return (
        bool(user.email)
        and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).exists()
    )


def users_permanently_blocked() -> QuerySet[User]:
    return User.objects.filter(blocked_at__isnull=False)


def users_temporarily_blocked(*, now: datetime | None = None) -> QuerySet[User]:
    return User.objects.filter(blocked_at__isnull=True, temporary_blocked_until__gt=now or timezone.now())


def users_not_blocked(*, now: datetime | None = None) -> QuerySet[User]:
    now = now or timezone.now()
    return User.objects.filter(blocked_at__isnull=True).exclude(temporary_blocked_until__gt=now)
