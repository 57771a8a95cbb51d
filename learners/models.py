"""What the learner site keeps of its own: the tutorials a learner saved for later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedTutorial(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_tutorials",
        verbose_name=_("utilisateur"),
    )
    tutorial = models.ForeignKey(
        "referential.Tutorial", on_delete=models.CASCADE, related_name="+", verbose_name=_("tutoriel")
    )
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        verbose_name = _("tutoriel enregistré")
        verbose_name_plural = _("tutoriels enregistrés")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A double click, or two tabs, can never save the same tutorial twice.
            models.UniqueConstraint(fields=["user", "tutorial"], name="one_saved_tutorial_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} – {self.tutorial_id}"
