"""Invitations to join a team, shared by Pix Orga (organizations) and Pix Certif (certification centres).

pix-orga-learner.md §1.3: a single-use code sent by e-mail; a pending invitation to the same address is
re-sent, not duplicated; re-send and cancel only while pending; accepting joins with the invitation's
role, or ADMIN for the first member and MEMBER afterwards; a team always keeps an administrator.

Each portal keeps its own models, errors and messages; these functions take them as parameters:
``model`` (the invitation model), ``target`` (the field naming the team, e.g. ``{"organization": org}``),
``membership_model`` (with a ``Role`` ADMIN/MEMBER and ``disabled_at``) and ``error`` (an exception class
built as ``error(detail, code=...)``).
"""

from __future__ import annotations

import secrets
import smtplib
import string
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

PENDING = "pending"
ACCEPTED = "accepted"
CANCELLED = "cancelled"

CODE_LENGTH = 10
CODE_ALPHABET = string.ascii_uppercase + string.digits
RESEND_DELAY = timedelta(seconds=5)

ErrorFactory = Callable[..., Exception]


def code_generate() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def email_checked(email: str, *, error: ErrorFactory) -> str:
    """The address, trimmed and lower-cased, or ``error`` with code ``email_invalid``."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise error(
            _("« %(email)s » n'est pas une adresse e-mail valide.") % {"email": email}, code="email_invalid"
        ) from exc
    return email


def role_checked(role: str, *, membership_model: type[models.Model], error: ErrorFactory) -> str:
    """ADMIN, MEMBER, or "" (automatic)."""
    if role not in ("", *membership_model.Role.values):
        raise error(_("Rôle inconnu."), code="role_invalid")
    return role


def invitation_upsert(
    *, model: type[models.Model], target: dict[str, Any], email: str, role: str, invited_by: Any
) -> models.Model:
    """The pending invitation to ``email`` (locked), or a new one, carrying ``role``; saved, not sent.

    Call inside a transaction.
    """
    invitation = (
        model.objects.select_for_update().filter(**target, email__iexact=email, status=PENDING).first()
    )
    if invitation is None:
        invitation = model(**target, email=email, code=code_generate(), created_by=invited_by)
    invitation.role = role
    invitation.updated_at = timezone.now()
    invitation.save()
    return invitation


def invitation_mark_resent(invitation: models.Model, *, error: ErrorFactory) -> models.Model:
    """Bump ``updated_at`` of a pending invitation (already locked), unless it was sent seconds ago."""
    if invitation.status != PENDING:
        raise error(_("Cette invitation n'est plus en attente."), code="not_pending")
    if timezone.now() - invitation.updated_at < RESEND_DELAY:
        raise error(
            _("L'invitation vient d'être envoyée : patientez quelques secondes avant de la renvoyer."),
            code="resend_too_soon",
        )
    invitation.updated_at = timezone.now()
    invitation.save(update_fields=["updated_at"])
    return invitation


def invitation_mark_cancelled(invitation: models.Model, *, error: ErrorFactory) -> models.Model:
    if invitation.status != PENDING:
        raise error(_("Cette invitation n'est plus en attente."), code="not_pending")
    invitation.status = CANCELLED
    invitation.updated_at = timezone.now()
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


def invitation_check_code(
    invitation: models.Model | None,
    code: str,
    *,
    not_found: ErrorFactory,
    error: ErrorFactory,
    cancelled_message: str,
) -> models.Model:
    """The invitation if ``code`` is its code and it is still pending, else the refusal to show."""
    if invitation is None or not code or not constant_time_compare(invitation.code, code.strip().upper()):
        raise not_found(_("Cette invitation n'existe pas."))
    if invitation.status == ACCEPTED:
        raise error(
            _("Cette invitation a déjà été acceptée : le lien ne sert qu'une fois."), code="already_accepted"
        )
    if invitation.status == CANCELLED:
        raise error(cancelled_message, code="cancelled")
    return invitation


def check_keeps_an_admin(
    members: Iterable[models.Model], leaving: models.Model, message: str, *, error: ErrorFactory
) -> None:
    """Refuse when ``leaving`` is the team's last active administrator (``members``: the active ones)."""
    admin = type(leaving).Role.ADMIN
    if leaving.role != admin:
        return
    if not any(m.role == admin and m.pk != leaving.pk for m in members):
        raise error(message, code="last_admin")


def invitation_accept_into(
    invitation: models.Model,
    *,
    user: Any,
    members: list[models.Model],
    membership_model: type[models.Model],
    target: dict[str, Any],
    error: ErrorFactory,
    membership_error: ErrorFactory,
    already_member_message: str,
) -> models.Model:
    """Join the team with ``user`` and mark the (checked, locked) invitation accepted.

    ``members``: the team's active memberships, locked. The role is the invitation's; without one, ADMIN
    for the first member and MEMBER afterwards. A member accepting an invitation that carries a role gets
    that role (unless they are the last administrator); without a role, they are told they already are one.
    """
    Role = membership_model.Role
    membership = next((m for m in members if m.user_id == user.pk), None)
    if membership is not None:
        if not invitation.role:
            raise error(already_member_message, code="already_member")
        if membership.role != invitation.role:
            check_keeps_an_admin(
                members,
                membership,
                _("Vous êtes le seul administrateur : ce rôle ne peut pas changer."),
                error=membership_error,
            )
            membership.role = invitation.role
            fields = ["role"]
            if hasattr(membership, "updated_by_id"):
                membership.updated_by = user
                fields.append("updated_by")
            membership.save(update_fields=fields)
    else:
        role = invitation.role or (Role.MEMBER if members else Role.ADMIN)
        membership = membership_model.objects.create(user=user, role=role, **target)
    invitation.status = ACCEPTED
    invitation.accepted_by = user
    invitation.updated_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "updated_at"])
    return membership


def invitation_email_send(
    *, subject: str, body: str, email: str, error: ErrorFactory, send: Callable[..., Any] = send_mail
) -> None:
    """Send the invitation e-mail; a refusal of the mail server becomes ``error`` (the caller rolls back).

    ``send`` is Django's ``send_mail`` unless the caller passes its own (its module's, for tests to patch).
    """
    try:
        send(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise error(
            _("L'adresse %(email)s a été refusée par le serveur de messagerie : vérifiez-la.")
            % {"email": email},
            code="email_refused",
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise error(
            _("L'e-mail d'invitation n'a pas pu être envoyé à %(email)s. Réessayez dans quelques minutes.")
            % {"email": email},
            code="email_failed",
        ) from exc
