"""Forms of the account pages, allauth's forms in French with our rules, and the admin's."""

from __future__ import annotations

import re

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.backends import login_refusal
from accounts.models import User
from accounts.services import AccountError, user_login_attempt

NAME_MAX_LENGTH = 150


def _password_input(autocomplete: str) -> forms.PasswordInput:
    return forms.PasswordInput(attrs={"autocomplete": autocomplete, "class": "password-input"})


def _new_password_field(field: forms.Field, label: str) -> None:
    """A field where a new password is typed: labelled, the policy shown before typing."""
    field.label = label
    field.help_text = ""
    field.widget = _password_input("new-password")
    field.password_rules = True  # the field template lists the policy, checked live by password.js


def _relabel(field: forms.Field, label: str, *, autocomplete: str | None = None) -> None:
    field.label = label
    field.help_text = ""
    field.widget.attrs.pop("placeholder", None)
    if autocomplete:
        field.widget.attrs["autocomplete"] = autocomplete


def _say(field: forms.Field, required: str, invalid: str | None = None) -> None:
    """Error messages that tell what to do, field by field (shown alone in the error summary)."""
    field.error_messages["required"] = required
    if invalid:
        field.error_messages["invalid"] = invalid


EMAIL_REQUIRED = _("Saisissez votre adresse e-mail.")
EMAIL_INVALID = _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")


def _same_passwords_error() -> ValidationError:
    return ValidationError(_("Les deux mots de passe ne sont pas identiques."), code="password_mismatch")


# -- Sign-in and sign-up (allauth) ----------------------------------------------------------


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["login"], _("Adresse e-mail ou identifiant"), autocomplete="username")
        self.fields["login"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})
        self.fields["password"].label = _("Mot de passe")
        self.fields["password"].help_text = ""
        self.fields["password"].widget = _password_input("current-password")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Rester connecté sur cet appareil")
        _say(self.fields["login"], _("Saisissez votre adresse e-mail ou votre identifiant."))
        _say(self.fields["password"], _("Saisissez votre mot de passe."))

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            refusal = login_refusal(self.request)
            if refusal is not None:
                raise ValidationError(refusal.detail, code=refusal.code) from None
            raise


class SignupForm(allauth_forms.SignupForm):
    field_order = ["first_name", "last_name", "email", "password1", "cgu"]

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    cgu = forms.BooleanField(
        label=_("J'accepte les conditions générales d'utilisation de Pix libre."),
        error_messages={
            "required": _("Vous devez accepter les conditions générales d'utilisation pour créer un compte.")
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["email"], _("Adresse e-mail"), autocomplete="email")
        self.fields["email"].help_text = _("Un lien pour confirmer votre adresse vous y sera envoyé.")
        _new_password_field(self.fields["password1"], _("Mot de passe"))
        _say(self.fields["first_name"], _("Saisissez votre prénom."))
        _say(self.fields["last_name"], _("Saisissez votre nom."))
        _say(self.fields["email"], EMAIL_REQUIRED, EMAIL_INVALID)
        _say(self.fields["password1"], _("Choisissez un mot de passe."))

    def clean_email(self) -> str:
        email = super().clean_email()
        # allauth compares lower-cased addresses; older accounts may have kept capitals.
        if email and User.objects.filter(email__iexact=email).exists():
            raise get_adapter().validation_error("email_taken")
        return email


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["email"], _("Adresse e-mail de votre compte"), autocomplete="email")
        _say(self.fields["email"], EMAIL_REQUIRED, EMAIL_INVALID)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _new_password_field(self.fields["password1"], _("Nouveau mot de passe"))
        _relabel(
            self.fields["password2"], _("Confirmez le nouveau mot de passe"), autocomplete="new-password"
        )
        _say(self.fields["password1"], _("Choisissez un nouveau mot de passe."))
        _say(self.fields["password2"], _("Saisissez une deuxième fois le nouveau mot de passe."))

    def clean(self):
        cleaned = forms.Form.clean(self)
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _same_passwords_error())
        return cleaned


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self.fields["oldpassword"], _("Mot de passe actuel"), autocomplete="current-password")
        self.fields["oldpassword"].widget = _password_input("current-password")
        _new_password_field(self.fields["password1"], _("Nouveau mot de passe"))
        _relabel(
            self.fields["password2"], _("Confirmez le nouveau mot de passe"), autocomplete="new-password"
        )
        _say(self.fields["oldpassword"], _("Saisissez votre mot de passe actuel."))
        _say(self.fields["password1"], _("Choisissez un nouveau mot de passe."))
        _say(self.fields["password2"], _("Saisissez une deuxième fois le nouveau mot de passe."))

    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword", "")
        try:
            user_login_attempt(user=self.user, password=password)
        except AccountError as error:
            raise ValidationError(error.detail, code=error.code) from None
        return password

    def clean(self):
        cleaned = forms.Form.clean(self)
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _same_passwords_error())
        return cleaned


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _new_password_field(self.fields["password1"], _("Mot de passe"))
        _relabel(self.fields["password2"], _("Confirmez le mot de passe"), autocomplete="new-password")
        _say(self.fields["password1"], _("Choisissez un mot de passe."))
        _say(self.fields["password2"], _("Saisissez une deuxième fois le mot de passe."))

    def clean(self):
        cleaned = forms.Form.clean(self)
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _same_passwords_error())
        return cleaned


# -- Our own account pages ------------------------------------------------------------------


class ExpiredPasswordForm(forms.Form):
    """A temporary password is replaced; the terms are accepted here if they never were."""

    password1 = forms.CharField(strip=False)
    password2 = forms.CharField(strip=False)
    cgu = forms.BooleanField(
        label=_("J'accepte les conditions générales d'utilisation de Pix libre."),
        error_messages={"required": _("Vous devez accepter les conditions générales d'utilisation.")},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        _new_password_field(self.fields["password1"], _("Nouveau mot de passe"))
        _relabel(
            self.fields["password2"], _("Confirmez le nouveau mot de passe"), autocomplete="new-password"
        )
        self.fields["password2"].widget = _password_input("new-password")
        _say(self.fields["password1"], _("Choisissez un nouveau mot de passe."))
        _say(self.fields["password2"], _("Saisissez une deuxième fois le nouveau mot de passe."))
        if user.cgu_accepted_at is not None:
            del self.fields["cgu"]

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _same_passwords_error())
        return cleaned


class PersonalInformationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Saisissez votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Saisissez votre nom.")},
    )


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("Nouvelle adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Saisissez la nouvelle adresse e-mail."), "invalid": EMAIL_INVALID},
    )
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=_password_input("current-password"),
        error_messages={"required": _("Saisissez votre mot de passe actuel.")},
    )


EMAIL_CHANGE_CODE_PATTERN = re.compile(r"^[2-9]{6}$")


class EmailChangeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code reçu par e-mail"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "code-input"}
        ),
        error_messages={"required": _("Saisissez le code reçu par e-mail.")},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not EMAIL_CHANGE_CODE_PATTERN.match(code):
            raise ValidationError(_("Le code est composé de 6 chiffres, de 2 à 9."), code="code_format")
        return code


class LanguageForm(forms.Form):
    lang = forms.ChoiceField(label=_("Langue du site"), choices=settings.LANGUAGES, widget=forms.RadioSelect)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=_password_input("current-password"),
        error_messages={"required": _("Saisissez votre mot de passe.")},
    )


# -- Admin ----------------------------------------------------------------------------------


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login, saying so when the account is blocked."""

    def get_invalid_login_error(self) -> ValidationError:
        refusal = login_refusal(self.request)
        if refusal is not None:
            return ValidationError(refusal.detail, code=refusal.code)
        return super().get_invalid_login_error()


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "username", "first_name", "last_name")


class AdminUserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
