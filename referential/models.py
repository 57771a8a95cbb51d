"""The referential: areas, competences, tubes, skills, tutorials, and the content releases that load them."""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalizedNameMixin:
    name_fr: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") and self.name_en else self.name_fr


class Area(LocalizedNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_en = models.CharField(_("nom (anglais)"), max_length=255)
    colour = models.CharField(_("couleur"), max_length=7)

    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_fr}"


class Competence(LocalizedNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="competences", verbose_name=_("domaine")
    )
    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_en = models.CharField(_("nom (anglais)"), max_length=255)
    description_fr = models.TextField(_("description (français)"))
    description_en = models.TextField(_("description (anglais)"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_fr}"

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "fr").startswith("en") else self.description_fr


class Status(models.TextChoices):
    ACTIVE = "actif", _("actif")
    ARCHIVED = "archivé", _("archivé")
    OBSOLETE = "périmé", _("périmé")


class Tube(models.Model):
    name = models.CharField(_("nom"), max_length=64, unique=True)
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="tubes", verbose_name=_("compétence")
    )
    title = models.CharField(_("titre"), max_length=255)
    description = models.TextField(_("description"))
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("sujet (tube)")
        verbose_name_plural = _("sujets (tubes)")
        ordering = ["competence__position", "name"]

    def __str__(self) -> str:
        return self.name


class Tutorial(models.Model):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=255)
    url = models.URLField(_("adresse"), max_length=500)
    source = models.CharField(_("source"), max_length=255)
    format = models.CharField(_("format"), max_length=16)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    locale = models.CharField(_("langue"), max_length=8, default="fr-fr")

    class Meta:
        verbose_name = _("tutoriel")
        verbose_name_plural = _("tutoriels")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Skill(models.Model):
    name = models.CharField(_("nom"), max_length=64, unique=True)
    tube = models.ForeignKey(Tube, on_delete=models.PROTECT, related_name="skills", verbose_name=_("sujet"))
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="skills", verbose_name=_("compétence")
    )
    level = models.PositiveSmallIntegerField(_("niveau"))
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    hint = models.TextField(_("indice"), blank=True)
    # pix value = 8 / (active skills of this level in the competence), kept exact as a fraction.
    pix_numerator = models.PositiveIntegerField(default=0)
    pix_denominator = models.PositiveIntegerField(default=1)
    tutorials = models.ManyToManyField(
        Tutorial, related_name="skills", blank=True, verbose_name=_("tutoriels")
    )
    learning_more = models.ManyToManyField(
        Tutorial, related_name="learning_more_skills", blank=True, verbose_name=_("pour aller plus loin")
    )

    class Meta:
        verbose_name = _("acquis")
        verbose_name_plural = _("acquis")
        ordering = ["competence__position", "tube__name", "level"]
        indexes = [models.Index(fields=["competence", "status", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def pix_value(self) -> Fraction:
        return Fraction(self.pix_numerator, self.pix_denominator)


class ContentRelease(models.Model):
    number = models.PositiveIntegerField(_("numéro"), unique=True)
    checksum = models.CharField(_("empreinte"), max_length=64)
    loaded_at = models.DateTimeField(_("chargée le"), auto_now_add=True)
    summary = models.JSONField(_("résumé"), default=dict)

    class Meta:
        verbose_name = _("version du contenu")
        verbose_name_plural = _("versions du contenu")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number} ({self.checksum[:10]})"
