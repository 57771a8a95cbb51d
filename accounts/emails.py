"""The account e-mails we write ourselves (welcome, e-mail change code, e-mail changed).

Each has three templates under ``templates/accounts/email/``: ``<name>_subject.txt``,
``<name>_message.txt`` (plain text, always sent) and ``<name>_message.html`` (the alternative).
allauth's own e-mails (address verification, password reset) live under ``templates/account/email/``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def account_mail_send(*, template: str, to: str, context: dict[str, str | int], language: str) -> None:
    prefix = f"accounts/email/{template}"
    full_context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", full_context).split())
        text = render_to_string(f"{prefix}_message.txt", full_context).strip()
        html = render_to_string(f"{prefix}_message.html", full_context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
