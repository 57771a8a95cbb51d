"""Target profiles, campaigns and participations: how an organization asks its learners to be assessed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TargetProfile(models.Model):
    class Category(models.TextChoices):
        COMPETENCES = "COMPETENCES", _("Compétences")
        CUSTOM = "CUSTOM", _("Sur mesure")
        DISCIPLINE = "DISCIPLINE", _("Discipline")
        OTHER = "OTHER", _("Autre")
        PREDEFINED = "PREDEFINED", _("Prédéfini")
        SUBJECT = "SUBJECT", _("Sujet")
        TARGETED = "TARGETED", _("Ciblé")
        BACK_TO_SCHOOL = "BACK_TO_SCHOOL", _("Rentrée")

    name = models.CharField(_("nom"), max_length=255)
    category = models.CharField(
        _("catégorie"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("description"), blank=True)
    comment = models.TextField(_("commentaire interne"), blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation propriétaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_target_profiles",
    )
    shared_with = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="shared_target_profiles",
        verbose_name=_("partagé avec"),
    )
    are_knowledge_elements_resettable = models.BooleanField(_("remise à zéro permise"), default=False)
    outdated = models.BooleanField(_("obsolète"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("profil cible")
        verbose_name_plural = _("profils cibles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TargetProfileTube(models.Model):
    """A capped tube: the tube's active skills up to `level` are in the profile."""

    target_profile = models.ForeignKey(TargetProfile, on_delete=models.CASCADE, related_name="tubes")
    tube = models.ForeignKey(
        "referential.Tube", on_delete=models.PROTECT, related_name="+", verbose_name=_("sujet")
    )
    level = models.PositiveSmallIntegerField(_("niveau maximal"))

    class Meta:
        verbose_name = _("sujet du profil cible")
        verbose_name_plural = _("sujets du profil cible")
        constraints = [models.UniqueConstraint(fields=["target_profile", "tube"], name="one_cap_per_tube")]

    def __str__(self) -> str:
        return f"{self.tube_id} ≤ {self.level}"


class Stage(models.Model):
    target_profile = models.ForeignKey(TargetProfile, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(_("titre"), max_length=255)
    message = models.TextField(_("message à l'apprenant"), blank=True)
    threshold = models.PositiveSmallIntegerField(_("seuil (%)"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)
    is_first_skill = models.BooleanField(_("premier acquis"), default=False)
    prescriber_title = models.CharField(_("titre pour l'organisation"), max_length=255, blank=True)
    prescriber_description = models.TextField(_("description pour l'organisation"), blank=True)

    class Meta:
        verbose_name = _("palier")
        verbose_name_plural = _("paliers")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_first_skill=True)
                | Q(threshold__isnull=True, level__isnull=False)
                | Q(threshold__isnull=False, level__isnull=True),
                name="stage_threshold_xor_level",
                violation_error_message=_("Un palier a soit un seuil, soit un niveau."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Badge(models.Model):
    target_profile = models.ForeignKey(TargetProfile, on_delete=models.CASCADE, related_name="badges")
    key = models.SlugField(_("clé"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    alt_message = models.CharField(_("texte alternatif"), max_length=255, blank=True)
    is_certifiable = models.BooleanField(_("certifiant"), default=False)
    is_always_visible = models.BooleanField(_("toujours visible"), default=False)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return self.title


class BadgeCriterion(models.Model):
    class Scope(models.TextChoices):
        CAMPAIGN_PARTICIPATION = "CampaignParticipation", _("Tout le profil cible")
        CAPPED_TUBES = "CappedTubes", _("Sujets choisis")

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="criteria")
    scope = models.CharField(_("portée"), max_length=24, choices=Scope.choices)
    threshold = models.PositiveSmallIntegerField(_("seuil (%)"), default=50)
    name = models.CharField(_("nom"), max_length=255, blank=True)
    capped_tubes = models.JSONField(
        _("sujets plafonnés"), default=list, blank=True
    )  # [{"tube": "@name", "level": 3}]

    class Meta:
        verbose_name = _("critère de badge")
        verbose_name_plural = _("critères de badge")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ≥ {self.threshold} %"


class Campaign(models.Model):
    class Type(models.TextChoices):
        ASSESSMENT = "ASSESSMENT", _("Évaluation")
        PROFILES_COLLECTION = "PROFILES_COLLECTION", _("Collecte de profils")

    class ExternalIdType(models.TextChoices):
        STRING = "STRING", _("Texte")
        EMAIL = "EMAIL", _("Adresse e-mail")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("nom"), max_length=255)
    code = models.CharField(_("code"), max_length=9, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(_("titre du parcours"), max_length=50, blank=True)
    target_profile = models.ForeignKey(
        TargetProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="campaigns"
    )
    external_id_label = models.CharField(_("libellé de l'identifiant externe"), max_length=255, blank=True)
    external_id_type = models.CharField(max_length=6, choices=ExternalIdType.choices, blank=True)
    custom_landing_page_text = models.TextField(_("texte de la page d'accueil"), max_length=5000, blank=True)
    custom_result_page_text = models.TextField(
        _("texte de la page de résultats"), max_length=5000, blank=True
    )
    custom_result_page_button_text = models.CharField(max_length=255, blank=True)
    custom_result_page_button_url = models.URLField(max_length=500, blank=True)
    multiple_sendings = models.BooleanField(_("envoi multiple"), default=False)
    is_for_absolute_novice = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_campaigns"
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_campaigns"
    )
    skills = models.ManyToManyField("referential.Skill", through="CampaignSkill", related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        indexes = [models.Index(fields=["organization", "deleted_at", "archived_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_assessment(self) -> bool:
        return self.type == self.Type.ASSESSMENT

    @property
    def is_accessible(self) -> bool:
        return self.archived_at is None and self.deleted_at is None

    @property
    def is_restricted(self) -> bool:
        """Only the organization's imported learners may join (pix-orga-learner.md §1.6)."""
        return self.organization.is_managing_students


class CampaignSkill(models.Model):
    """The skills a campaign assesses, frozen when it is created (§10.1)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="campaign_skills")
    skill = models.ForeignKey("referential.Skill", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "skill"], name="campaign_skill_once")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.skill_id}"


class CampaignParticipation(models.Model):
    class Status(models.TextChoices):
        STARTED = "STARTED", _("En cours")
        SHARED = "SHARED", _("Résultats envoyés")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    # Who took part, as the organization knows them: the reconciled student of a restricted campaign,
    # or the learner record created from the account's names for the others (§1.6).
    organization_learner = models.ForeignKey(
        "organizations.OrganizationLearner",
        verbose_name=_("élève ou participant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    participant_external_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.STARTED)
    created_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_improved = models.BooleanField(default=False)  # a later participation (retry) replaced this one
    # Results, frozen when shared (the snapshot every Orga view and export reads).
    validated_skills_count = models.PositiveIntegerField(null=True, blank=True)
    mastery_rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    pix_score = models.PositiveIntegerField(null=True, blank=True)
    results_snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["user", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} / {self.user_id} ({self.status})"

    @property
    def is_shared(self) -> bool:
        return self.status == self.Status.SHARED


class StageAcquisition(models.Model):
    participation = models.ForeignKey(
        CampaignParticipation, on_delete=models.CASCADE, related_name="stage_acquisitions"
    )
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participation", "stage"], name="stage_acquired_once")]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.stage_id}"


class BadgeAcquisition(models.Model):
    participation = models.ForeignKey(
        CampaignParticipation, on_delete=models.CASCADE, related_name="badge_acquisitions"
    )
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participation", "badge"], name="badge_acquired_once")]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.badge_id}"


class ExportJob(models.Model):
    """One CSV export of a campaign's results (§1.9), written by a worker to a file under MEDIA_ROOT.

    The file is never served from a public address: a Pix Orga view checks that the person is a member
    of the campaign's organization before streaming it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    rows_done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    rows_total = models.PositiveIntegerField(_("lignes à écrire"), default=0)
    file_path = models.CharField(_("fichier (sous MEDIA_ROOT)"), max_length=255, blank=True)
    filename = models.CharField(_("nom du fichier téléchargé"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de résultats")
        verbose_name_plural = _("exports de résultats")
        indexes = [models.Index(fields=["campaign", "-created_at"], name="campaign_export_recent_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.filename or self.pk} ({self.status})"

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress(self) -> int:
        """Percentage of the rows written (100 once done)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
