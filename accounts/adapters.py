"""How allauth fits our accounts: French messages, usernames left alone, CGU, and students without e-mail."""

from __future__ import annotations

from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ALLAUTH_EMAIL_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"


class EmailVerificationUnlessNoEmailStage(stages.EmailVerificationStage):
    """A school student signs in with the username their school generated and has no e-mail to verify."""

    def handle(self):
        if not user_email(self.login.user):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("L'adresse e-mail, l'identifiant ou le mot de passe est incorrect."),
        "username_password_mismatch": _("L'adresse e-mail, l'identifiant ou le mot de passe est incorrect."),
        "email_taken": _(
            "Un compte existe déjà avec cette adresse e-mail. Connectez-vous, ou demandez un nouveau mot de passe."
        ),
        "enter_current_password": _("Le mot de passe actuel est incorrect."),
        "incorrect_password": _("Le mot de passe est incorrect."),
        "invalid_password_reset": _("Ce lien de réinitialisation n'est pas valide ou a expiré."),
        "too_many_login_attempts": _("Trop de tentatives de connexion. Réessayez dans quelques minutes."),
        "unknown_email": _("Aucun compte n'utilise cette adresse e-mail."),
        "account_inactive": _("Ce compte est désactivé."),
        "rate_limited": _("Trop de demandes en peu de temps. Patientez quelques minutes puis réessayez."),
    }

    def populate_username(self, request: HttpRequest, user) -> None:
        # Usernames are generated for school students only (by their school); e-mail
        # sign-ups keep none.
        return None

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=False)
        if form.cleaned_data.get("cgu"):  # SignupForm requires it: the date the terms were accepted
            user.cgu_accepted_at = timezone.now()
        if commit:
            user.save()
        return user

    def get_login_stages(self) -> list[str]:
        return [
            f"{EmailVerificationUnlessNoEmailStage.__module__}.{EmailVerificationUnlessNoEmailStage.__name__}"
            if stage == ALLAUTH_EMAIL_VERIFICATION_STAGE
            else stage
            for stage in super().get_login_stages()
        ]
