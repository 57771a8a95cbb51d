"""The one user model of every portal: learners, teachers, exam referents and staff alike."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, *, email: str | None, username: str | None, password: str | None, **fields) -> User:
        email = self.normalize_email(email) if email else None
        user = self.model(email=email or None, username=username or None, **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str | None = None, password: str | None = None, *, username: str | None = None, **fields
    ) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email=email, username=username, password=password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email=email, username=fields.pop("username", None), password=password, **fields)

    def get_by_natural_key(self, login: str) -> User:
        return self.get(Q(email__iexact=login) | Q(username__iexact=login))


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with an e-mail address or, for school students, a generated username.

    At least one of the two is required; a student who received a username may add an e-mail
    later to recover their account, so both may be set.
    """

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    email = models.EmailField(_("adresse e-mail"), unique=True, null=True, blank=True)
    username = models.CharField(_("identifiant"), max_length=150, unique=True, null=True, blank=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    lang = models.CharField(_("langue"), max_length=5, choices=Language.choices, default=Language.FR)
    cgu_accepted_at = models.DateTimeField(_("CGU acceptées le"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("doit changer son mot de passe"),
        default=False,
        help_text=_(
            "Mot de passe temporaire (par exemple donné par l'établissement) à changer à la prochaine connexion."
        ),
    )
    is_staff = models.BooleanField(_("équipe"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    # Login blocking (accounts.services.user_login_attempt): every 10th failure blocks for a while,
    # the 30th for good, until an administrator unblocks the account.
    failure_count = models.PositiveIntegerField(_("échecs de connexion consécutifs"), default=0)
    temporary_blocked_until = models.DateTimeField(_("bloqué temporairement jusqu'au"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("bloqué définitivement le"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            # An anonymised account keeps its statistics but neither its e-mail nor its username.
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(username__isnull=False) | Q(anonymised_at__isnull=False),
                name="user_has_email_or_username",
                violation_error_message=_("Une adresse e-mail ou un identifiant est obligatoire."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                violation_error_message=_("Cette adresse e-mail est déjà utilisée."),
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ci",
                violation_error_message=_("Cet identifiant est déjà utilisé."),
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.username or f"#{self.pk}"

    def clean(self) -> None:
        super().clean()
        # Empty strings from forms mean "none": keep the uniqueness constraints meaningful.
        self.email = self.__class__.objects.normalize_email(self.email) if self.email else None
        self.username = self.username or None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name


class EmailChangeRequest(models.Model):
    """A pending change of e-mail address: a code was sent to the new address.

    One per user (a new request replaces the previous one). The code itself is not stored, only a
    keyed digest of it, so a copy of the database does not reveal pending codes.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="email_change_request")
    new_email = models.EmailField(_("nouvelle adresse e-mail"))
    code_digest = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("codes erronés saisis"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("demande de changement d'adresse e-mail")
        verbose_name_plural = _("demandes de changement d'adresse e-mail")

    def __str__(self) -> str:
        return f"{self.user} → {self.new_email}"
