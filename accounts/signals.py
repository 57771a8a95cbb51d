"""Reactions to allauth's events."""

from __future__ import annotations

from allauth.account.signals import password_reset, user_signed_up
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.models import User
from accounts.services import user_password_reset_complete, user_welcome_email_send


@receiver(user_signed_up, dispatch_uid="accounts_welcome")
def _welcome(sender, request: HttpRequest, user: User, **kwargs) -> None:
    user_welcome_email_send(user=user)


@receiver(password_reset, dispatch_uid="accounts_password_reset")
def _after_password_reset(sender, request: HttpRequest, user: User, **kwargs) -> None:
    user_password_reset_complete(user=user)
