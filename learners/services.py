"""Writes of the learner site: saving a tutorial for later, and removing it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from learners.models import SavedTutorial
from referential.models import Tutorial


class LearnerError(Exception):
    """A refusal the learner can understand."""

    message = _("Cette action n'est pas possible.")

    def __init__(self, message: str | None = None) -> None:
        self.detail = message or str(self.message)
        super().__init__(self.detail)


class UnknownTutorial(LearnerError):
    message = _("Ce tutoriel n'existe pas.")


def tutorial_save(*, user, tutorial_id: int) -> SavedTutorial:
    """Keep a tutorial in the learner's "Mes tutos"; saving it again changes nothing."""
    if not Tutorial.objects.filter(pk=tutorial_id).exists():
        raise UnknownTutorial()
    try:
        with transaction.atomic():
            saved, _created = SavedTutorial.objects.get_or_create(user=user, tutorial_id=tutorial_id)
    except IntegrityError:
        # A twin request (double click, second tab) saved it between our read and our write.
        saved = SavedTutorial.objects.get(user=user, tutorial_id=tutorial_id)
    return saved


def tutorial_unsave(*, user, tutorial_id: int) -> bool:
    """Remove a tutorial from the learner's "Mes tutos"; True when it was there."""
    if not Tutorial.objects.filter(pk=tutorial_id).exists():
        raise UnknownTutorial()
    deleted, _details = SavedTutorial.objects.filter(user=user, tutorial_id=tutorial_id).delete()
    return deleted > 0
