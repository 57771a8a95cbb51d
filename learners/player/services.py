"""Writes of the test player: a learner reports a problem with a question or its correction."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Assessment
from challenges.models import ChallengeReport


class ReportError(Exception):
    """A refusal the learner can understand."""

    message = _("Ce signalement n'est pas possible.")

    def __init__(self, message: str | None = None) -> None:
        self.detail = message or str(self.message)
        super().__init__(self.detail)


class ChallengeNotInAssessment(ReportError):
    message = _("Cette question ne fait pas partie de votre test.")


class UnknownCategory(ReportError):
    message = _("Choisissez ce qui pose problème dans la liste.")


def challenge_report_create(
    *, user, assessment: Assessment, challenge_id: str, category: str, comment: str = ""
) -> ChallengeReport:
    """Store a report about a question the learner was asked, or answered, in this test.

    The caller has checked that the assessment belongs to the learner.
    """
    if category not in ChallengeReport.Category.values:
        raise UnknownCategory()
    asked = assessment.last_challenge_id == challenge_id
    if not asked and not Answer.objects.filter(assessment=assessment, challenge_id=challenge_id).exists():
        raise ChallengeNotInAssessment()
    return ChallengeReport.objects.create(
        user=user,
        assessment=assessment,
        challenge_id=challenge_id,
        category=category,
        comment=(comment or "").strip(),
    )
