"""Challenges (épreuves): what a learner is asked, and the solution kept on the server."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Challenge(models.Model):
    class Type(models.TextChoices):
        QCU = "QCU", _("QCU (choix unique)")
        QCM = "QCM", _("QCM (choix multiples)")
        QROC = "QROC", _("QROC (réponse courte)")
        QROCM_IND = "QROCM-ind", _("QROCM indépendantes")
        QROCM_DEP = "QROCM-dep", _("QROCM dépendantes")

    class Status(models.TextChoices):
        VALIDATED = "validé", _("validé")
        ARCHIVED = "archivé", _("archivé")
        OBSOLETE = "périmé", _("périmé")

    class Format(models.TextChoices):
        WORDS = "mots", _("mots")
        SENTENCE = "phrase", _("phrase")
        PARAGRAPH = "paragraphe", _("paragraphe")
        NUMBER = "nombre", _("nombre")

    id = models.CharField(_("identifiant"), max_length=80, primary_key=True)
    skill = models.ForeignKey(
        "referential.Skill", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("acquis")
    )
    competence = models.ForeignKey(
        "referential.Competence",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("compétence"),
    )
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.VALIDATED)
    instruction = models.TextField(_("consigne (Markdown)"))
    explanation = models.TextField(_("explication de la réponse"), blank=True)
    proposals = models.JSONField(_("propositions"), default=list, blank=True)  # QCU / QCM texts, in order
    fields = models.JSONField(
        _("champs"), default=list, blank=True
    )  # QROC(M) inputs: key, label, kind, options
    solution = models.TextField(_("solution (format du correcteur)"))  # never sent before an answer
    tolerances = models.JSONField(_("tolérances"), default=list, blank=True)
    format = models.CharField(
        _("format de réponse"), max_length=10, choices=Format.choices, default=Format.WORDS
    )
    shuffled = models.BooleanField(_("propositions mélangées"), default=False)
    timer = models.PositiveIntegerField(_("temps imparti (secondes)"), null=True, blank=True)
    focused = models.BooleanField(_("focalisée"), default=False)
    illustration = models.CharField(_("illustration"), max_length=120, blank=True)
    illustration_alt = models.TextField(_("texte alternatif de l'illustration"), blank=True)
    embed_url = models.CharField(_("simulateur (adresse)"), max_length=200, blank=True)
    embed_title = models.CharField(_("simulateur (titre)"), max_length=200, blank=True)
    embed_height = models.PositiveIntegerField(_("simulateur (hauteur)"), null=True, blank=True)
    locales = models.JSONField(_("langues"), default=list)
    alpha = models.FloatField(_("discrimination (alpha)"))
    delta = models.FloatField(_("difficulté (delta)"))
    alternative_group = models.CharField(
        _("groupe de déclinaisons"),
        max_length=64,
        help_text=_("Les épreuves d'un même acquis sont des déclinaisons."),
    )
    release = models.ForeignKey(
        "referential.ContentRelease",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("version"),
    )

    class Meta:
        verbose_name = _("épreuve")
        verbose_name_plural = _("épreuves")
        ordering = ["competence__position", "skill__tube__name", "skill__level", "id"]
        indexes = [models.Index(fields=["competence", "status"])]

    def __str__(self) -> str:
        return self.id

    @property
    def is_timed(self) -> bool:
        return self.timer is not None

    @property
    def select_keys(self) -> list[str]:
        return [f["key"] for f in self.fields if f.get("kind") == "select"]


class Attachment(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField(_("fichier"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "file_name"], name="attachment_unique_per_challenge")
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def static_path(self) -> str:
        return f"content/attachments/{self.file_name}"


class ChallengeReport(models.Model):
    """ "Signaler un problème": what a learner reports about a challenge or its correction."""

    class Category(models.TextChoices):
        QUESTION = "question", _("La consigne ou la question")
        PICTURE = "picture", _("L'image")
        LINK = "link", _("Un lien")
        EMBED = "embed", _("Le simulateur")
        DOWNLOAD = "download", _("Le fichier à télécharger")
        ACCESSIBILITY = "accessibility", _("L'accessibilité")
        ANSWER = "answer", _("La réponse attendue")
        TUTORIAL = "tutorial", _("Les tutoriels")
        OTHER = "other", _("Autre chose")

    # Appended here so the model needs no new import: the project's user model is accounts.User.
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="challenge_reports", verbose_name=_("auteur")
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("évaluation"),
    )
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="reports", verbose_name=_("épreuve")
    )
    category = models.CharField(_("catégorie"), max_length=16, choices=Category.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("signalement d'épreuve")
        verbose_name_plural = _("signalements d'épreuves")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["challenge", "created_at"], name="challenge_report_challenge")]

    def __str__(self) -> str:
        return f"{self.challenge_id} – {self.get_category_display()}"
