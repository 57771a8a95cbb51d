"""Certification centres and their members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
