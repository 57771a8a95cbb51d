"""Organizations (schools, universities, companies), their members, invitations and imported learners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    class Type(models.TextChoices):
        SCO = "SCO", _("Établissement scolaire")
        SUP = "SUP", _("Enseignement supérieur")
        PRO = "PRO", _("Entreprise ou association")

    name = models.CharField(_("nom"), max_length=255)
    type = models.CharField(_("type"), max_length=3, choices=Type.choices)
    external_id = models.CharField(_("identifiant externe (UAI)"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_managing_students = models.BooleanField(_("gère des élèves ou étudiants"), default=False)
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def imports_sco_students(self) -> bool:
        """A school that manages its students imports them from SIECLE (or the SCO CSV)."""
        return self.type == self.Type.SCO and self.is_managing_students

    @property
    def imports_sup_students(self) -> bool:
        return self.type == self.Type.SUP and self.is_managing_students


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "ADMIN", _("Administrateur")
        MEMBER = "MEMBER", _("Membre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orga_memberships"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre d'organisation")
        verbose_name_plural = _("membres d'organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(disabled_at__isnull=True),
                name="orga_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An e-mail invitation to join an organization; its code is single-use.

    An empty role means "automatic": ADMIN for the first member of the organization, MEMBER after.
    `updated_at` is the last time the e-mail was sent (a resend bumps it).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        CANCELLED = "cancelled", _("Annulée")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=6, choices=Membership.Role.choices, blank=True)
    code = models.CharField(_("code"), max_length=10)
    status = models.CharField(_("statut"), max_length=9, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=Q(status="pending"),
                name="orga_one_pending_invitation_per_email",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.status})"


class OrganizationLearner(models.Model):
    """A student imported by their school (SIECLE or CSV) or university (CSV), maybe linked to a Pix account.

    Learners are never deleted by an import: a learner missing from a new SIECLE file (or from a SUP file
    imported in "replace" mode) is disabled, and comes back if a later file lists them again.
    """

    class Sex(models.TextChoices):
        M = "M", _("Masculin")
        F = "F", _("Féminin")

    class Status(models.TextChoices):
        STUDENT = "ST", _("Élève")
        APPRENTICE = "AP", _("Apprenti")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="learners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte Pix"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organization_learners",
    )
    # Names
    last_name = models.CharField(_("nom de famille"), max_length=255)
    preferred_last_name = models.CharField(_("nom d'usage"), max_length=255, blank=True)
    first_name = models.CharField(_("prénom"), max_length=255)
    middle_name = models.CharField(_("deuxième prénom"), max_length=255, blank=True)
    third_name = models.CharField(_("troisième prénom"), max_length=255, blank=True)
    # Identity
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    # Unknown for the learner records a campaign creates from an account's names (campaigns, §1.6).
    birthdate = models.DateField(_("date de naissance"), null=True, blank=True)
    birth_city = models.CharField(_("commune de naissance"), max_length=255, blank=True)
    birth_city_code = models.CharField(_("code commune de naissance (INSEE)"), max_length=5, blank=True)
    birth_province_code = models.CharField(_("code département de naissance"), max_length=3, blank=True)
    birth_country_code = models.CharField(_("code pays de naissance (INSEE)"), max_length=5, blank=True)
    # School (SCO)
    national_student_id = models.CharField(_("identifiant national (INE ou INA)"), max_length=255, blank=True)
    mef_code = models.CharField(_("code MEF"), max_length=255, blank=True)
    status = models.CharField(_("statut"), max_length=2, choices=Status.choices, blank=True)
    division = models.CharField(_("classe"), max_length=255, blank=True)
    # Higher education (SUP)
    email = models.EmailField(_("adresse e-mail"), max_length=255, blank=True)
    student_number = models.CharField(_("numéro étudiant"), max_length=255, blank=True)
    department = models.CharField(_("composante"), max_length=255, blank=True)
    educational_team = models.CharField(_("équipe pédagogique"), max_length=255, blank=True)
    group = models.CharField(_("groupe"), max_length=255, blank=True)
    diploma = models.CharField(_("diplôme"), max_length=255, blank=True)
    study_scheme = models.CharField(_("régime"), max_length=255, blank=True)
    # State
    is_disabled = models.BooleanField(_("désactivé"), default=False)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("élève ou étudiant")
        verbose_name_plural = _("élèves et étudiants")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "national_student_id"],
                condition=Q(deleted_at__isnull=True) & ~Q(national_student_id=""),
                name="orga_learner_one_active_per_ine",
            ),
            models.UniqueConstraint(
                fields=["organization", "student_number"],
                condition=Q(deleted_at__isnull=True) & ~Q(student_number=""),
                name="orga_learner_one_active_per_student_number",
            ),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(deleted_at__isnull=True) & Q(user__isnull=False),
                name="orga_learner_one_per_account",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "last_name", "first_name"], name="orga_learner_name_idx"),
            models.Index(fields=["organization", "division"], name="orga_learner_division_idx"),
            models.Index(fields=["organization", "group"], name="orga_learner_group_idx"),
            models.Index(fields=["organization", "birthdate"], name="orga_learner_birthdate_idx"),
            models.Index(fields=["national_student_id"], name="orga_learner_ine_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.organization_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def display_last_name(self) -> str:
        return self.preferred_last_name or self.last_name


class ImportJob(models.Model):
    """One import of a students file: what was sent, where it stands, what it did or why it was refused.

    Small files are imported at once; large ones by a Celery worker while the page polls this row.
    A refused file (any error) changes nothing: status FAILED with every error in `errors`.
    """

    class Kind(models.TextChoices):
        SIECLE = "siecle", _("SIECLE (XML)")
        SCO_CSV = "sco_csv", _("Élèves (CSV)")
        SUP_CSV = "sup_csv", _("Étudiants (CSV)")

    class Mode(models.TextChoices):
        ADD = "add", _("Ajouter ou mettre à jour")
        REPLACE = "replace", _("Remplacer la liste")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Refusé")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(_("format"), max_length=8, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ADD)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    filename = models.CharField(_("fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    # Kept only while a worker needs it; deleted once the import is over.
    file = models.FileField(_("fichier en attente"), upload_to="orga-imports/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_count = models.PositiveIntegerField(_("créés"), default=0)
    updated_count = models.PositiveIntegerField(_("mis à jour"), default=0)
    disabled_count = models.PositiveIntegerField(_("désactivés"), default=0)
    skipped_count = models.PositiveIntegerField(_("ignorés"), default=0)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import d'élèves")
        verbose_name_plural = _("imports d'élèves")
        indexes = [models.Index(fields=["organization", "-created_at"], name="orga_import_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.status})"

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
