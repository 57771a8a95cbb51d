from __future__ import annotations

from celery import shared_task

from accounts.emails import account_mail_send


@shared_task(name="accounts.send_account_mail")
def send_account_mail(*, template: str, to: str, context: dict[str, str | int], language: str) -> None:
    """Send one of the account e-mails (``templates/accounts/email/<template>_*``) in ``language``."""
    account_mail_send(template=template, to=to, context=context, language=language)
