"""Certification centres and their members."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Invitation as OrgaInvitation


class CertificationCenter(models.Model):
    class Type(models.TextChoices):
        SCO = "SCO", _("Établissement scolaire")
        SUP = "SUP", _("Enseignement supérieur")
        PRO = "PRO", _("Entreprise ou association")

    class Version(models.TextChoices):
        V3 = "v3", _("v3 (adaptative, 32 questions)")
        V2 = "v2", _("v2 (3 questions par compétence)")

    name = models.CharField(_("nom"), max_length=255)
    type = models.CharField(_("type"), max_length=3, choices=Type.choices)
    external_id = models.CharField(_("identifiant externe (UAI)"), max_length=255, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certification_centers",
    )
    certification_version = models.CharField(
        _("version de certification"), max_length=2, choices=Version.choices, default=Version.V3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("centre de certification")
        verbose_name_plural = _("centres de certification")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sco(self) -> bool:
        return self.type == self.Type.SCO

    @property
    def has_billing_mode(self) -> bool:
        """Non-school centres say who pays for each candidate (§1.1, §2.5); schools never do."""
        return not self.is_sco

    @property
    def enrols_students(self) -> bool:
        """A school centre whose linked organization manages its students enrols them by division (§2.7)."""
        org = self.organization
        return self.is_sco and org is not None and org.type == "SCO" and org.is_managing_students

    @property
    def session_version(self) -> int:
        return 2 if self.certification_version == self.Version.V2 else 3


class CenterMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "ADMIN", _("Administrateur")
        MEMBER = "MEMBER", _("Membre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certif_memberships"
    )
    center = models.ForeignKey(CertificationCenter, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    # Each member accepts Pix Certif's terms of use for the centre at their first visit.
    terms_accepted_at = models.DateTimeField(
        _("conditions d'utilisation acceptées le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("membre de centre")
        verbose_name_plural = _("membres de centre")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "center"],
                condition=Q(disabled_at__isnull=True),
                name="certif_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.center} ({self.role})"


class Session(models.Model):
    """A certification session of a centre: where, when, who invigilates, and the codes to enter it.

    The primary key is the session number that candidates and the invigilator type in.
    The status is derived (pix-certif.md §2.2): see `status`.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Créée")
        FINALIZED = "finalized", _("Finalisée")
        IN_PROCESS = "in_process", _("En cours de traitement")
        PROCESSED = "processed", _("Résultats transmis par Pix")

    class Version(models.IntegerChoices):
        V2 = 2, _("v2")
        V3 = 3, _("v3")

    center = models.ForeignKey(
        CertificationCenter, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="sessions"
    )
    # The centre's name on the day the session was created, as Pix keeps it (§2.1).
    center_name = models.CharField(_("nom du centre"), max_length=255)
    address = models.CharField(_("nom du site"), max_length=255)
    room = models.CharField(_("nom de la salle"), max_length=255)
    examiner = models.CharField(_("surveillant(s)"), max_length=255)
    date = models.DateField(_("date"))
    time = models.TimeField(_("heure de début"))
    description = models.TextField(_("observations"), blank=True)
    access_code = models.CharField(_("code d'accès"), max_length=6, db_index=True)
    invigilator_password = models.CharField(_("mot de passe de l'espace surveillant"), max_length=6)
    version = models.PositiveSmallIntegerField(_("version"), choices=Version.choices, default=Version.V3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Finalisation (§4.1), filled by the centre after the session.
    examiner_global_comment = models.TextField(
        _("commentaire global du surveillant"), max_length=500, blank=True
    )
    has_incident = models.BooleanField(_("incident pendant la session"), default=False)
    has_joining_issue = models.BooleanField(_("difficultés de connexion des candidats"), default=False)
    finalized_at = models.DateTimeField(_("finalisée le"), null=True, blank=True)
    # Jury and publication (§4.3–4.5), on Pix's side.
    assigned_certification_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre du jury assigné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    results_sent_to_prescriber_at = models.DateTimeField(
        _("résultats envoyés aux prescripteurs le"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("session de certification")
        verbose_name_plural = _("sessions de certification")
        ordering = ["date", "time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "address", "room", "date", "time"], name="certif_session_one_per_slot"
            )
        ]
        indexes = [models.Index(fields=["center", "date", "time"], name="certif_session_center_date_idx")]

    def __str__(self) -> str:
        return f"Session n°{self.pk} – {self.center_name} ({self.date:%d/%m/%Y})"

    @property
    def status(self) -> str:
        """§2.2, in this order: published → processed; jury assigned → in process; finalized; created."""
        if self.published_at:
            return self.Status.PROCESSED
        if self.assigned_certification_officer_id:
            return self.Status.IN_PROCESS
        if self.finalized_at:
            return self.Status.FINALIZED
        return self.Status.CREATED

    @property
    def status_label(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_accessible(self) -> bool:
        """Candidates may start and the invigilator may log in only while the session is `created`."""
        return self.status == self.Status.CREATED

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.time))


class Candidate(models.Model):
    """A person enrolled in a session (§2.5), linked to a Pix account when they join it (§3.1)."""

    class Sex(models.TextChoices):
        M = "M", _("Homme")
        F = "F", _("Femme")

    class BillingMode(models.TextChoices):
        FREE = "FREE", _("Gratuite")
        PAID = "PAID", _("Payante")
        PREPAID = "PREPAID", _("Prépayée")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="candidates")
    first_name = models.CharField(_("prénom"), max_length=255)
    last_name = models.CharField(_("nom de naissance"), max_length=255)
    # Normalised "first|last" (no accents, case, spaces or hyphens): duplicates and reconciliation match on it.
    identity_key = models.CharField(max_length=520, editable=False)
    birthdate = models.DateField(_("date de naissance"))
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    birth_country = models.CharField(_("pays de naissance"), max_length=255)
    birth_country_code = models.CharField(_("code INSEE du pays de naissance"), max_length=5)
    # The commune's INSEE code, or "99" for a birth abroad; empty when the postal code was given.
    birth_insee_code = models.CharField(_("code INSEE de la commune de naissance"), max_length=5, blank=True)
    birth_postal_code = models.CharField(
        _("code postal de la commune de naissance"), max_length=5, blank=True
    )
    birth_city = models.CharField(_("commune de naissance"), max_length=255, blank=True)
    birth_province_code = models.CharField(_("code département de naissance"), max_length=3, blank=True)
    external_id = models.CharField(_("identifiant externe"), max_length=255, blank=True)
    # A fraction: 0.33 means a third more time (§2.5).
    extra_time_percentage = models.DecimalField(
        _("temps majoré"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    email = models.EmailField(_("e-mail de convocation"), max_length=255, blank=True)
    result_recipient_email = models.EmailField(
        _("e-mail du destinataire des résultats"), max_length=255, blank=True
    )
    billing_mode = models.CharField(
        _("tarification part Pix"), max_length=7, choices=BillingMode.choices, blank=True
    )
    prepayment_code = models.CharField(_("code de prépaiement"), max_length=255, blank=True)
    organization_learner = models.ForeignKey(
        "organizations.OrganizationLearner",
        verbose_name=_("élève"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certification_candidates",
    )
    accessibility_adjustment_needed = models.BooleanField(_("aménagement d'accessibilité"), default=False)
    # Set when the candidate joins the session with their Pix account (reconciliation, §3.1).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte Pix"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certification_candidates",
    )
    reconciled_at = models.DateTimeField(_("a rejoint la session le"), null=True, blank=True)
    authorized_to_start = models.BooleanField(_("autorisé à commencer"), default=False)
    has_seen_certification_instructions = models.BooleanField(_("a lu les instructions"), default=False)
    # Set by the start service when the candidate's certification test is created (§3.2).
    started_at = models.DateTimeField(_("a commencé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "identity_key", "birthdate"], name="certif_candidate_one_per_identity"
            ),
            models.UniqueConstraint(
                fields=["session", "organization_learner"],
                condition=Q(organization_learner__isnull=False),
                name="certif_candidate_one_per_learner",
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False),
                name="certif_candidate_one_per_account",
            ),
            models.CheckConstraint(
                condition=Q(extra_time_percentage__isnull=True)
                | (Q(extra_time_percentage__gte=0) & Q(extra_time_percentage__lt=10)),
                name="certif_candidate_extra_time_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} (session {self.session_id})"

    def save(self, *args, **kwargs) -> None:
        self.identity_key = identity_key(self.first_name, self.last_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def extra_time_percent(self) -> int | None:
        """The extra time as the whole percentage people type and read (33 for 0.33)."""
        if self.extra_time_percentage is None:
            return None
        return int(round(self.extra_time_percentage * 100))

    @property
    def birth_place(self) -> str:
        if self.birth_country_code and self.birth_country_code != FRANCE_COUNTRY_CODE:
            return f"{self.birth_city} ({self.birth_country})" if self.birth_city else self.birth_country
        return self.birth_city


FRANCE_COUNTRY_CODE = "99100"


def normalize_name(value: str) -> str:
    """`Éloïse-Marie` and `eloise marie` both give `eloisemarie`: names are compared this way (§2.5, §3.1)."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def identity_key(first_name: str, last_name: str) -> str:
    return f"{normalize_name(first_name)}|{normalize_name(last_name)}"


class BirthCountry(models.Model):
    """A country of the INSEE code list (99100 France, 99134 Espagne…), with its former names."""

    code = models.CharField(_("code INSEE"), max_length=5, db_index=True)
    name = models.CharField(_("nom"), max_length=255)
    normalized_name = models.CharField(max_length=255, db_index=True, editable=False)
    is_actual_name = models.BooleanField(_("nom actuel"), default=True)

    class Meta:
        verbose_name = _("pays (référentiel de naissance)")
        verbose_name_plural = _("pays (référentiel de naissance)")
        constraints = [
            models.UniqueConstraint(fields=["code", "normalized_name"], name="certif_country_code_name")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BirthCommune(models.Model):
    """A French commune with one of its postal codes (one row per INSEE code × postal code × name)."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, db_index=True)
    postal_code = models.CharField(_("code postal"), max_length=5, db_index=True)
    name = models.CharField(_("nom"), max_length=255)
    normalized_name = models.CharField(max_length=255, editable=False)
    is_actual_name = models.BooleanField(_("nom actuel"), default=True)

    class Meta:
        verbose_name = _("commune (référentiel de naissance)")
        verbose_name_plural = _("communes (référentiel de naissance)")
        constraints = [
            models.UniqueConstraint(
                fields=["insee_code", "postal_code", "normalized_name"], name="certif_commune_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.insee_code} {self.postal_code} {self.name}"


# -- The certification itself: courses, questions, live alerts, issue reports, results ------------


class CertificationCourse(models.Model):
    """One candidate's certification test. Identity is copied from the candidate when it starts,
    so that the jury can correct it without touching the enrolment."""

    class AbortReason(models.TextChoices):
        CANDIDATE = "candidate", _("Abandon du candidat")
        TECHNICAL = "technical", _("Problème technique")

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="course")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="courses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certification_courses"
    )
    version = models.PositiveSmallIntegerField(_("version"), choices=Session.Version.choices)
    verification_code = models.CharField(_("code de vérification"), max_length=10, unique=True)
    first_name = models.CharField(_("prénom"), max_length=255)
    last_name = models.CharField(_("nom"), max_length=255)
    birthdate = models.DateField(_("date de naissance"))
    birthplace = models.CharField(_("lieu de naissance"), max_length=255, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, blank=True)
    external_id = models.CharField(_("identifiant externe"), max_length=255, blank=True)
    number_of_challenges = models.PositiveSmallIntegerField(_("nombre de questions"), default=32)
    max_reachable_level = models.PositiveSmallIntegerField(_("niveau maximal atteignable"), default=7)
    created_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    last_answer_at = models.DateTimeField(_("dernière réponse"), null=True, blank=True)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    abort_reason = models.CharField(
        _("motif d'abandon"), max_length=10, choices=AbortReason.choices, blank=True
    )
    examiner_comment = models.CharField(_("commentaire du surveillant"), max_length=500, blank=True)
    is_cancelled = models.BooleanField(_("annulée"), default=False)
    is_rejected_for_fraud = models.BooleanField(_("rejetée pour fraude"), default=False)
    is_published = models.BooleanField(_("publiée"), default=False)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        indexes = [models.Index(fields=["session", "created_at"], name="course_session_idx")]

    def __str__(self) -> str:
        return f"{self.pk} – {self.first_name} {self.last_name}"


class CertificationChallenge(models.Model):
    """A question of a course: chosen in advance (v2) or one at a time (v3), with its IRT parameters
    at the time it was asked."""

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="challenges")
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.PROTECT, related_name="+")
    competence_code = models.CharField(max_length=4)
    skill_name = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    alpha = models.FloatField(null=True, blank=True)
    delta = models.FloatField(null=True, blank=True)
    is_neutralized = models.BooleanField(_("neutralisée"), default=False)
    has_been_skipped_automatically = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question de certification")
        verbose_name_plural = _("questions de certification")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "challenge"], name="course_challenge_once"),
            models.UniqueConstraint(fields=["course", "position"], name="course_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.position}: {self.challenge_id}"


class LiveAlert(models.Model):
    """ "Signalement en direct": the candidate reports a problem on the current question."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", _("en attente du surveillant")
        VALIDATED = "validated", _("validé")
        DISMISSED = "dismissed", _("refusé")

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="live_alerts")
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.PROTECT, related_name="+")
    question_number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ONGOING)
    subcategory = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signalement en direct")
        verbose_name_plural = _("signalements en direct")
        constraints = [
            models.UniqueConstraint(
                fields=["course"], condition=Q(status="ongoing"), name="one_ongoing_live_alert_per_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} #{self.question_number} ({self.status})"


class IssueReport(models.Model):
    """A "signalement" filed at finalisation (or by a validated live alert); see pix-engine.md §14."""

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="issue_reports")
    category = models.CharField(_("catégorie"), max_length=40)
    subcategory = models.CharField(_("sous-catégorie"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    question_number = models.PositiveSmallIntegerField(_("numéro de question"), null=True, blank=True)
    live_alert = models.OneToOneField(
        LiveAlert, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("résolution"), blank=True)
    has_been_automatically_resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["course_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.course_id} {self.category}/{self.subcategory}"


class AssessmentResult(models.Model):
    """A scoring of a course (append-only: the latest one counts)."""

    class Status(models.TextChoices):
        VALIDATED = "validated", _("validée")
        REJECTED = "rejected", _("rejetée")
        ERROR = "error", _("en erreur")
        CANCELLED = "cancelled", _("annulée")

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    pix_score = models.PositiveIntegerField(_("score"), default=0)
    capacity = models.FloatField(_("capacité"), null=True, blank=True)
    reached_mesh_level = models.SmallIntegerField(_("niveau global"), null=True, blank=True)
    reproducibility_rate = models.PositiveSmallIntegerField(
        _("taux de reproductibilité"), null=True, blank=True
    )
    emitter = models.CharField(_("émetteur"), max_length=32)
    jury_comment_key = models.CharField(max_length=64, blank=True)
    comment_for_candidate = models.TextField(_("commentaire du jury pour le candidat"), blank=True)
    comment_for_organization = models.TextField(_("commentaire du jury pour l'organisation"), blank=True)
    comment_by_jury = models.TextField(_("commentaire interne du jury"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("résultat de certification")
        verbose_name_plural = _("résultats de certification")
        indexes = [models.Index(fields=["course", "created_at"], name="result_course_idx")]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.status} {self.pix_score}"


class CompetenceMark(models.Model):
    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="competence_marks")
    competence_code = models.CharField(max_length=4)
    area_code = models.CharField(max_length=2)
    level = models.SmallIntegerField()  # -1: not certified
    score = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("niveau par compétence")
        verbose_name_plural = _("niveaux par compétence")
        constraints = [
            models.UniqueConstraint(fields=["result", "competence_code"], name="one_mark_per_competence")
        ]

    def __str__(self) -> str:
        return f"{self.competence_code}: {self.level}"


class CenterInvitation(models.Model):
    """An e-mail invitation to join a certification centre's team; its code is single-use.

    Same rules as Pix Orga's invitations (organizations/invitations.py): an empty role means
    "automatic" (ADMIN for the centre's first member, MEMBER after); `updated_at` is the last sending.
    """

    Status = OrgaInvitation.Status  # the same states: pending, accepted, cancelled

    center = models.ForeignKey(CertificationCenter, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=6, choices=CenterMembership.Role.choices, blank=True)
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
        verbose_name = _("invitation à un centre")
        verbose_name_plural = _("invitations à un centre")
        constraints = [
            models.UniqueConstraint(
                "center",
                Lower("email"),
                condition=Q(status="pending"),
                name="certif_one_pending_invitation_per_email",
            )
        ]
        indexes = [models.Index(fields=["center", "status"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.center} ({self.status})"
