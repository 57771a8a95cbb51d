"""Assessments, answers and knowledge elements: the floor every portal stands on."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    class Type(models.TextChoices):
        COMPETENCE_EVALUATION = "COMPETENCE_EVALUATION", _("Évaluation d'une compétence")
        CAMPAIGN = "CAMPAIGN", _("Parcours (campagne)")
        CERTIFICATION = "CERTIFICATION", _("Certification")
        PREVIEW = "PREVIEW", _("Prévisualisation")

    class State(models.TextChoices):
        STARTED = "started", _("en cours")
        COMPLETED = "completed", _("terminée")
        ABORTED = "aborted", _("abandonnée")
        ENDED_BY_INVIGILATOR = "endedByInvigilator", _("terminée par le surveillant")
        ENDED_DUE_TO_FINALIZATION = "endedDueToFinalization", _("terminée à la finalisation")

    class Method(models.TextChoices):
        SMART_RANDOM = "SMART_RANDOM", "smart random"
        CERTIFICATION_DETERMINED = "CERTIFICATION_DETERMINED", "certification"
        FLASH = "FLASH", "flash"
        CHOSEN = "CHOSEN", "chosen"

    class QuestionState(models.TextChoices):
        ASKED = "asked", _("posée")
        TIMEOUT = "timeout", _("temps écoulé")
        FOCUSED_OUT = "focusedout", _("sortie de la page")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments", null=True, blank=True
    )
    type = models.CharField(_("type"), max_length=24, choices=Type.choices)
    state = models.CharField(_("état"), max_length=24, choices=State.choices, default=State.STARTED)
    method = models.CharField(
        _("méthode"), max_length=24, choices=Method.choices, default=Method.SMART_RANDOM
    )
    competence = models.ForeignKey(
        "referential.Competence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    campaign_participation = models.ForeignKey(
        "campaigns.CampaignParticipation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    certification_course = models.ForeignKey(
        "certification.CertificationCourse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    is_improving = models.BooleanField(_("retenter"), default=False)
    locale = models.CharField(_("langue"), max_length=8, default="fr")
    last_challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_question_state = models.CharField(max_length=12, choices=QuestionState.choices, blank=True)
    last_question_date = models.DateTimeField(null=True, blank=True)
    # When the countdown of the question asked started (timed questions only): once per question, so
    # opening the question in another browser never gives the clock back.
    timer_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        indexes = [models.Index(fields=["user", "type", "state"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} #{self.pk}"

    @property
    def is_started(self) -> bool:
        return self.state == self.State.STARTED


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(_("réponse"))
    result = models.CharField(_("résultat"), max_length=16)
    result_details = models.JSONField(_("détail"), null=True, blank=True)
    timeout = models.IntegerField(_("temps restant (s)"), null=True, blank=True)
    focused_out = models.BooleanField(_("sortie de la page"), default=False)
    time_spent = models.PositiveIntegerField(_("temps passé (s)"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["created_at", "id"]
        constraints = [
            # Two tabs or a double click can never store a second answer to the same question.
            models.UniqueConstraint(fields=["assessment", "challenge"], name="one_answer_per_challenge")
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.result}"

    @property
    def is_ok(self) -> bool:
        return self.result == "ok"


class KnowledgeElement(models.Model):
    """Append-only: the current state of a skill is its latest row (a reset is a row too)."""

    class Status(models.TextChoices):
        VALIDATED = "validated", _("validé")
        INVALIDATED = "invalidated", _("invalidé")
        RESET = "reset", _("remis à zéro")

    class Source(models.TextChoices):
        DIRECT = "direct", _("direct")
        INFERRED = "inferred", _("inféré")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_elements"
    )
    skill = models.ForeignKey("referential.Skill", on_delete=models.PROTECT, related_name="+")
    competence = models.ForeignKey("referential.Competence", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_elements"
    )
    answer = models.ForeignKey(Answer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    # Exact pix (8 / n): kept as a fraction so sums never lose a level to rounding.
    earned_pix_numerator = models.PositiveIntegerField(default=0)
    earned_pix_denominator = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("élément de connaissance")
        verbose_name_plural = _("éléments de connaissance")
        indexes = [
            models.Index(fields=["user", "competence", "created_at"], name="ke_user_competence"),
            models.Index(fields=["user", "created_at"], name="ke_user"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.status}"

    @property
    def earned_pix(self) -> Fraction:
        return Fraction(self.earned_pix_numerator, self.earned_pix_denominator)


class CompetenceEvaluation(models.Model):
    class Status(models.TextChoices):
        STARTED = "started", _("commencée")
        RESET = "reset", _("remise à zéro")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_evaluations"
    )
    competence = models.ForeignKey("referential.Competence", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.STARTED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("évaluation de compétence")
        verbose_name_plural = _("évaluations de compétence")
        constraints = [
            models.UniqueConstraint(fields=["user", "competence"], name="one_competence_evaluation")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} – {self.competence_id} ({self.status})"
