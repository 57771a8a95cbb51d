"""Account rules (writes): usernames for school students, login blocking, the forced change of a
temporary password, e-mail change by code, profile and language, anonymisation.

Views, forms, the authentication backend and the API call these functions; they hold no rule
themselves. Refusals raise an ``AccountError`` whose ``detail`` is a message for the person.
"""

from __future__ import annotations

import math
import secrets
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import EmailChangeRequest, User
from accounts.tasks import send_account_mail

# -- Errors ---------------------------------------------------------------------------------


class AccountError(Exception):
    """A refusal, with a message for the person (``detail``) and a stable machine ``code``."""

    code = "account_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code


class WrongPassword(AccountError):
    code = "wrong_password"


class LoginBlockedError(AccountError):
    """The account may not sign in now, whatever the password."""


class LoginTemporarilyBlocked(LoginBlockedError):
    code = "USER_IS_TEMPORARY_BLOCKED"


class LoginBlocked(LoginBlockedError):
    code = "USER_HAS_BEEN_BLOCKED"


class EmailChangeError(AccountError):
    code = "email_change"


NAME_MAX_LENGTH = 150


def _names_checked(first_name: str, last_name: str) -> tuple[str, str]:
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise AccountError(_("Le prénom et le nom sont obligatoires."), code="names_required")
    if len(first_name) > NAME_MAX_LENGTH or len(last_name) > NAME_MAX_LENGTH:
        raise AccountError(
            _("Le prénom et le nom ne peuvent dépasser %(max)d caractères.") % {"max": NAME_MAX_LENGTH},
            code="names_too_long",
        )
    return first_name, last_name


# -- Usernames for school students ----------------------------------------------------------

# Letters that Unicode decomposition does not turn into ASCII.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
USERNAME_PART_MAX_LENGTH = 60  # two parts, a dot and 4 digits stay well under the 150 of the field
USERNAME_EMPTY_PART = "x"


def username_part(name: str) -> str:
    """A name as it appears in a username: lower-case ASCII letters only.

    Accents are removed ("Noël" → "noel"), and so is everything that is not a letter: spaces,
    apostrophes, hyphens, dots and digits ("Jean-Noël" → "jeannoel", "N'Diaye" → "ndiaye",
    "De La Tour" → "delatour"). A name with no Latin letter at all becomes "x".
    """
    text = unicodedata.normalize("NFKD", name.lower().translate(_LETTERS_WITHOUT_DECOMPOSITION))
    letters = "".join(char for char in text if char in string.ascii_lowercase)
    return letters[:USERNAME_PART_MAX_LENGTH] or USERNAME_EMPTY_PART


def username_generate(*, first_name: str, last_name: str, birthdate: date) -> str:
    """``prenom.nomJJMM``; when taken (whatever the case), JJMM becomes 4 random digits until free."""
    base = f"{username_part(first_name)}.{username_part(last_name)}"
    # One query for every username that starts like this one, instead of one per candidate.
    taken = set(
        User.objects.filter(username__istartswith=base)
        .annotate(lower=Lower("username"))
        .values_list("lower", flat=True)
    )
    candidate = f"{base}{birthdate:%d%m}"
    for _attempt in range(100_000):
        if candidate not in taken:
            return candidate
        candidate = f"{base}{secrets.randbelow(10_000):04d}"
    raise AccountError(
        _("Impossible de trouver un identifiant libre pour cet élève."), code="username_exhausted"
    )


# Readable temporary passwords: no 0/O, 1/l/I.
TEMPORARY_PASSWORD_UPPER = "ABCDEFGHJKMNPQRSTUVWXYZ"
TEMPORARY_PASSWORD_LOWER = "abcdefghjkmnpqrstuvwxyz"
TEMPORARY_PASSWORD_DIGITS = "23456789"
TEMPORARY_PASSWORD_LENGTH = 8


def temporary_password_generate() -> str:
    """8 characters meeting the password policy, none of which can be misread."""
    chars = [
        secrets.choice(TEMPORARY_PASSWORD_UPPER),
        secrets.choice(TEMPORARY_PASSWORD_LOWER),
        secrets.choice(TEMPORARY_PASSWORD_DIGITS),
    ]
    alphabet = TEMPORARY_PASSWORD_UPPER + TEMPORARY_PASSWORD_LOWER + TEMPORARY_PASSWORD_DIGITS
    chars += [secrets.choice(alphabet) for _ in range(TEMPORARY_PASSWORD_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def user_create_with_username(*, first_name: str, last_name: str, birthdate: date) -> tuple[User, str]:
    """A school student's account: a generated username and a temporary password to change at first login.

    Returns the user and the temporary password (to hand to the student; it is stored hashed only).
    """
    first_name, last_name = _names_checked(first_name, last_name)
    password = temporary_password_generate()
    for _attempt in range(5):
        username = username_generate(first_name=first_name, last_name=last_name, birthdate=birthdate)
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    must_change_password=True,
                )
        except (IntegrityError, ValidationError):
            continue  # names are checked: only the username can clash, taken meanwhile; draw again
        return user, password
    raise AccountError(
        _("Impossible de trouver un identifiant libre pour cet élève."), code="username_exhausted"
    )


# -- Login blocking -------------------------------------------------------------------------

LOGIN_FAILURES_PER_BLOCK = 10
LOGIN_FIRST_BLOCK = timedelta(minutes=2)
LOGIN_FAILURES_BEFORE_PERMANENT_BLOCK = 30


def login_block_duration(failure_count: int) -> timedelta | None:
    """The temporary block that a failure count triggers: 10 → 2 min, 20 → 4 min, doubling; else none."""
    if failure_count <= 0 or failure_count % LOGIN_FAILURES_PER_BLOCK:
        return None
    return LOGIN_FIRST_BLOCK * 2 ** (failure_count // LOGIN_FAILURES_PER_BLOCK - 1)


def _temporarily_blocked(until: datetime, now: datetime) -> LoginTemporarilyBlocked:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return LoginTemporarilyBlocked(
        ngettext(
            "Votre compte est temporairement bloqué. Réessayez dans %(minutes)d minute.",
            "Votre compte est temporairement bloqué. Réessayez dans %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes}
    )


def _blocked() -> LoginBlocked:
    return LoginBlocked(
        _(
            "Votre compte est bloqué après de trop nombreuses tentatives de connexion. "
            "Contactez un administrateur pour le débloquer."
        )
    )


def user_login_check_not_blocked(*, user: User, now: datetime | None = None) -> None:
    """Raise ``LoginBlocked`` or ``LoginTemporarilyBlocked`` when the account may not sign in now."""
    now = now or timezone.now()
    if user.blocked_at:
        raise _blocked()
    if user.temporary_blocked_until and user.temporary_blocked_until > now:
        raise _temporarily_blocked(user.temporary_blocked_until, now)


def user_login_attempt(*, user: User, password: str, now: datetime | None = None) -> None:
    """Check a password under the blocking rule, whatever the entry point.

    A blocked account is refused before its password is even checked (attempts made while blocked
    do not count). A wrong password counts one failure; every 10th failure blocks the account for
    2 minutes, doubling each time, and the 30th blocks it until an administrator unblocks it. The
    right password resets the count.
    """
    now = now or timezone.now()
    user_login_check_not_blocked(user=user, now=now)
    if user.check_password(password):
        if user.failure_count or user.temporary_blocked_until:
            User.objects.filter(pk=user.pk).update(failure_count=0, temporary_blocked_until=None)
            user.failure_count, user.temporary_blocked_until = 0, None
        return
    _login_failure_record(user=user, now=now)
    raise WrongPassword(_("Le mot de passe est incorrect."))


def _login_failure_record(*, user: User, now: datetime) -> None:
    with transaction.atomic():
        count, temporary_until, blocked_at = (
            User.objects.select_for_update()
            .filter(pk=user.pk)
            .values_list("failure_count", "temporary_blocked_until", "blocked_at")
            .get()
        )
        # A concurrent attempt may have blocked the account meanwhile: then this one does not count.
        if not blocked_at and not (temporary_until and temporary_until > now):
            count += 1
            if count >= LOGIN_FAILURES_BEFORE_PERMANENT_BLOCK:
                blocked_at = now
            elif duration := login_block_duration(count):
                temporary_until = now + duration
            User.objects.filter(pk=user.pk).update(
                failure_count=count, temporary_blocked_until=temporary_until, blocked_at=blocked_at
            )
    user.failure_count, user.temporary_blocked_until, user.blocked_at = count, temporary_until, blocked_at
    user_login_check_not_blocked(user=user, now=now)


def user_unblock(*, user: User) -> None:
    """An administrator lifts any block, temporary or permanent, and resets the failure count."""
    User.objects.filter(pk=user.pk).update(failure_count=0, temporary_blocked_until=None, blocked_at=None)
    user.failure_count, user.temporary_blocked_until, user.blocked_at = 0, None, None


def user_password_reset_complete(*, user: User) -> None:
    """After a password reset by e-mail, the person proved they read the account's mailbox.

    Earlier failures and a temporary block no longer count (a permanent block stays until an
    administrator lifts it), and a temporary password has been replaced.
    """
    if user.failure_count or user.temporary_blocked_until or user.must_change_password:
        User.objects.filter(pk=user.pk).update(
            failure_count=0, temporary_blocked_until=None, must_change_password=False
        )
        user.failure_count, user.temporary_blocked_until, user.must_change_password = 0, None, False


# -- Temporary passwords --------------------------------------------------------------------


def user_temporary_password_replace(*, user: User, new_password: str, accept_cgu: bool = False) -> None:
    """The person chooses their own password in place of the temporary one they were given."""
    if user.check_password(new_password):
        raise AccountError(
            _("Choisissez un mot de passe différent du mot de passe provisoire."), code="same_password"
        )
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    fields = ["password", "must_change_password"]
    if accept_cgu and user.cgu_accepted_at is None:
        user.cgu_accepted_at = timezone.now()
        fields.append("cgu_accepted_at")
    user.save(update_fields=fields)


# -- Profile and language -------------------------------------------------------------------


def user_profile_update(*, user: User, first_name: str, last_name: str) -> None:
    first_name, last_name = _names_checked(first_name, last_name)
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])


def user_language_set(*, user: User, lang: str) -> None:
    if lang not in {code for code, _name in settings.LANGUAGES}:
        raise AccountError(_("Cette langue n'est pas proposée."), code="unknown_language")
    user.lang = lang
    user.save(update_fields=["lang"])


def user_cgu_accept(*, user: User, now: datetime | None = None) -> None:
    user.cgu_accepted_at = now or timezone.now()
    user.save(update_fields=["cgu_accepted_at"])


# -- E-mail change by code ------------------------------------------------------------------

EMAIL_CHANGE_CODE_ALPHABET = "23456789"
EMAIL_CHANGE_CODE_LENGTH = 6
EMAIL_CHANGE_CODE_VALIDITY = timedelta(minutes=15)
EMAIL_CHANGE_MAX_ATTEMPTS = 5


def email_change_code_generate() -> str:
    return "".join(secrets.choice(EMAIL_CHANGE_CODE_ALPHABET) for _ in range(EMAIL_CHANGE_CODE_LENGTH))


def _email_change_digest(*, user_id: int, code: str) -> str:
    return salted_hmac("accounts.email_change", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def _email_taken(email: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=by_other_than.pk).exists()


def email_change_request(
    *, user: User, new_email: str, password: str, now: datetime | None = None
) -> EmailChangeRequest:
    """Send a 6-digit code to the new address; the address changes only once the code comes back.

    The current password is required (a wrong one counts as a failed login). A new request
    replaces the pending one.
    """
    now = now or timezone.now()
    new_email = new_email.strip().lower()
    if user.email and new_email == user.email.lower():
        raise EmailChangeError(_("C'est déjà votre adresse e-mail."), code="same_email")
    user_login_attempt(user=user, password=password, now=now)
    if _email_taken(new_email, by_other_than=user):
        raise EmailChangeError(
            _("Cette adresse e-mail est déjà utilisée par un autre compte."), code="email_taken"
        )
    code = email_change_code_generate()
    request, _created = EmailChangeRequest.objects.update_or_create(
        user=user,
        defaults={
            "new_email": new_email,
            "code_digest": _email_change_digest(user_id=user.pk, code=code),
            "attempts": 0,
            "created_at": now,
            "expires_at": now + EMAIL_CHANGE_CODE_VALIDITY,
        },
    )
    send_account_mail.delay_on_commit(
        template="email_change_code",
        to=new_email,
        context={
            "first_name": user.first_name,
            "code": code,
            "minutes": int(EMAIL_CHANGE_CODE_VALIDITY.total_seconds() // 60),
        },
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    return request


@dataclass(frozen=True)
class _CodeCheck:
    error: EmailChangeError | None
    old_email: str | None = None


def email_change_confirm(*, user: User, code: str, now: datetime | None = None) -> str:
    """Change the address if ``code`` is the one sent, within 15 minutes and 5 attempts. Returns it."""
    now = now or timezone.now()
    code = "".join(code.split())
    with transaction.atomic():
        outcome = _email_change_check_and_apply(user=user, code=code, now=now)
    # Raised outside the transaction: a wrong code's attempt stays counted.
    if outcome.error:
        raise outcome.error
    if outcome.old_email:
        send_account_mail.delay_on_commit(
            template="email_changed",
            to=outcome.old_email,
            context={"first_name": user.first_name, "new_email": user.email},
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    return user.email


def _email_change_check_and_apply(*, user: User, code: str, now: datetime) -> _CodeCheck:
    from allauth.account.models import EmailAddress

    request = EmailChangeRequest.objects.select_for_update().filter(user=user).first()
    if request is None:
        return _CodeCheck(
            EmailChangeError(_("Aucun changement d'adresse e-mail n'est en cours."), code="no_request")
        )
    if request.expires_at <= now:
        return _CodeCheck(
            EmailChangeError(_("Ce code a expiré. Demandez un nouveau code."), code="code_expired")
        )
    if request.attempts >= EMAIL_CHANGE_MAX_ATTEMPTS:
        return _CodeCheck(
            EmailChangeError(
                _("Trop de codes erronés ont été saisis. Demandez un nouveau code."), code="too_many_attempts"
            )
        )
    if not constant_time_compare(_email_change_digest(user_id=user.pk, code=code), request.code_digest):
        request.attempts += 1
        request.save(update_fields=["attempts"])
        left = EMAIL_CHANGE_MAX_ATTEMPTS - request.attempts
        if not left:
            return _CodeCheck(
                EmailChangeError(
                    _("Code incorrect. Trop de codes erronés ont été saisis : demandez un nouveau code."),
                    code="too_many_attempts",
                )
            )
        message = ngettext(
            "Code incorrect. Il vous reste %(left)d essai.",
            "Code incorrect. Il vous reste %(left)d essais.",
            left,
        ) % {"left": left}
        return _CodeCheck(EmailChangeError(message, code="wrong_code"))
    if _email_taken(request.new_email, by_other_than=user):
        request.delete()
        return _CodeCheck(
            EmailChangeError(
                _("Cette adresse e-mail est déjà utilisée par un autre compte."), code="email_taken"
            )
        )
    old_email = user.email
    user.email = request.new_email
    user.save(update_fields=["email"])
    # The code proved that the person reads this address: it is verified, and the only one.
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=request.new_email, primary=True, verified=True)
    request.delete()
    return _CodeCheck(None, old_email=old_email)


# -- Welcome --------------------------------------------------------------------------------


def user_welcome_email_send(*, user: User) -> None:
    if not user.email:
        return
    send_account_mail.delay_on_commit(
        template="welcome",
        to=user.email,
        context={"first_name": user.first_name},
        language=translation.get_language() or user.lang or settings.LANGUAGE_CODE,
    )


# -- Anonymisation --------------------------------------------------------------------------

ANONYMISED_NAME = "(anonymisé)"


def user_anonymise(*, user: User, now: datetime | None = None) -> None:
    """Delete an account's personal data; keep the rows that feed statistics (answers, knowledge).

    Names become "(anonymisé)", e-mail and username go, the password becomes unusable, the
    account inactive; e-mail addresses, pending codes and API tokens are deleted; the sign-up date
    keeps only its month.
    """
    from allauth.account.models import EmailAddress
    from rest_framework.authtoken.models import Token

    now = now or timezone.now()
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).delete()
        EmailChangeRequest.objects.filter(user=user).delete()
        Token.objects.filter(user=user).delete()
        user.first_name = user.last_name = ANONYMISED_NAME
        user.email = user.username = None
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.must_change_password = False
        user.cgu_accepted_at = user.last_login = None
        user.failure_count, user.temporary_blocked_until, user.blocked_at = 0, None, None
        user.date_joined = user.date_joined.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        user.anonymised_at = now
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
