"""Certification issue reports and their automatic resolution (pix-engine.md §14, pix-certif.md §4.2).

An invigilator reports issues during a session; at finalisation each report on a question is
resolved automatically where a rule exists. This module only *decides*: it returns, per report,
a `ResolutionDecision` (neutralise a challenge, validate an answer, or nothing) with its reason,
and the Django service applies them and rescores when a decision has an effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class IssueReportCategory(StrEnum):
    OTHER = "OTHER"
    CANDIDATE_INFORMATIONS_CHANGES = "CANDIDATE_INFORMATIONS_CHANGES"
    SIGNATURE_ISSUE = "SIGNATURE_ISSUE"
    CONNECTION_OR_END_SCREEN = "CONNECTION_OR_END_SCREEN"
    IN_CHALLENGE = "IN_CHALLENGE"
    FRAUD = "FRAUD"
    TECHNICAL_PROBLEM = "TECHNICAL_PROBLEM"
    NON_BLOCKING_CANDIDATE_ISSUE = "NON_BLOCKING_CANDIDATE_ISSUE"
    NON_BLOCKING_TECHNICAL_ISSUE = "NON_BLOCKING_TECHNICAL_ISSUE"
    LATE_OR_LEAVING = "LATE_OR_LEAVING"


class IssueReportSubcategory(StrEnum):
    LEFT_EXAM_ROOM = "LEFT_EXAM_ROOM"
    NAME_OR_BIRTHDATE = "NAME_OR_BIRTHDATE"
    EXTRA_TIME_PERCENTAGE = "EXTRA_TIME_PERCENTAGE"
    IMAGE_NOT_DISPLAYING = "IMAGE_NOT_DISPLAYING"
    LINK_NOT_WORKING = "LINK_NOT_WORKING"
    EMBED_NOT_WORKING = "EMBED_NOT_WORKING"
    FILE_NOT_OPENING = "FILE_NOT_OPENING"
    WEBSITE_UNAVAILABLE = "WEBSITE_UNAVAILABLE"
    WEBSITE_BLOCKED = "WEBSITE_BLOCKED"
    EXTRA_TIME_EXCEEDED = "EXTRA_TIME_EXCEEDED"
    SOFTWARE_NOT_WORKING = "SOFTWARE_NOT_WORKING"
    UNINTENTIONAL_FOCUS_OUT = "UNINTENTIONAL_FOCUS_OUT"
    OTHER = "OTHER"
    SKIP_ON_OOPS = "SKIP_ON_OOPS"
    ACCESSIBILITY_ISSUE = "ACCESSIBILITY_ISSUE"


Category = IssueReportCategory
Subcategory = IssueReportSubcategory

DEPRECATED_CATEGORIES: frozenset[Category] = frozenset(
    {Category.TECHNICAL_PROBLEM, Category.OTHER, Category.LATE_OR_LEAVING, Category.CONNECTION_OR_END_SCREEN}
)
DEPRECATED_SUBCATEGORIES: frozenset[Subcategory] = frozenset(
    {Subcategory.LINK_NOT_WORKING, Subcategory.OTHER, Subcategory.LEFT_EXAM_ROOM}
)
IMPACTFUL_CATEGORIES: frozenset[Category] = frozenset(
    {Category.TECHNICAL_PROBLEM, Category.OTHER, Category.FRAUD}
)
IMPACTFUL_SUBCATEGORIES: frozenset[Subcategory] = frozenset(
    {
        Subcategory.NAME_OR_BIRTHDATE,
        Subcategory.IMAGE_NOT_DISPLAYING,
        Subcategory.EMBED_NOT_WORKING,
        Subcategory.FILE_NOT_OPENING,
        Subcategory.WEBSITE_UNAVAILABLE,
        Subcategory.WEBSITE_BLOCKED,
        Subcategory.LINK_NOT_WORKING,
        Subcategory.OTHER,
        Subcategory.EXTRA_TIME_EXCEEDED,
        Subcategory.SOFTWARE_NOT_WORKING,
        Subcategory.UNINTENTIONAL_FOCUS_OUT,
        Subcategory.SKIP_ON_OOPS,
        Subcategory.ACCESSIBILITY_ISSUE,
    }
)
# The subcategories a new report of these categories may take (deprecated ones excluded).
SUBCATEGORIES_OF: dict[Category, frozenset[Subcategory]] = {
    Category.CANDIDATE_INFORMATIONS_CHANGES: frozenset(
        {Subcategory.NAME_OR_BIRTHDATE, Subcategory.EXTRA_TIME_PERCENTAGE}
    ),
    Category.IN_CHALLENGE: frozenset(
        {
            Subcategory.IMAGE_NOT_DISPLAYING,
            Subcategory.EMBED_NOT_WORKING,
            Subcategory.FILE_NOT_OPENING,
            Subcategory.WEBSITE_UNAVAILABLE,
            Subcategory.WEBSITE_BLOCKED,
            Subcategory.EXTRA_TIME_EXCEEDED,
            Subcategory.SOFTWARE_NOT_WORKING,
            Subcategory.UNINTENTIONAL_FOCUS_OUT,
            Subcategory.SKIP_ON_OOPS,
            Subcategory.ACCESSIBILITY_ISSUE,
        }
    ),
}
CATEGORIES_REQUIRING_DESCRIPTION: frozenset[Category] = frozenset(
    {
        Category.CANDIDATE_INFORMATIONS_CHANGES,
        Category.SIGNATURE_ISSUE,
        Category.NON_BLOCKING_TECHNICAL_ISSUE,
        Category.NON_BLOCKING_CANDIDATE_ISSUE,
        Category.TECHNICAL_PROBLEM,
    }
)
CATEGORIES_WITHOUT_SUBCATEGORY: frozenset[Category] = frozenset(
    {Category.NON_BLOCKING_CANDIDATE_ISSUE, Category.NON_BLOCKING_TECHNICAL_ISSUE, Category.SIGNATURE_ISSUE}
)
MIN_QUESTION_NUMBER = 1
MAX_QUESTION_NUMBER = 500


def is_impactful(*, category: Category, subcategory: Subcategory | None) -> bool:
    """An impactful report needs a jury decision unless it is resolved."""
    return category in IMPACTFUL_CATEGORIES or subcategory in IMPACTFUL_SUBCATEGORIES


def requires_question_number(*, category: Category) -> bool:
    return category is Category.IN_CHALLENGE


def requires_description(*, category: Category) -> bool:
    return category in CATEGORIES_REQUIRING_DESCRIPTION


def requires_subcategory(*, category: Category) -> bool:
    return category in SUBCATEGORIES_OF


@dataclass(frozen=True, slots=True)
class IssueReport:
    category: Category
    subcategory: Subcategory | None = None
    question_number: int | None = None
    description: str | None = None

    @property
    def is_impactful(self) -> bool:
        return is_impactful(category=self.category, subcategory=self.subcategory)

    def normalised(self) -> IssueReport:
        """Drop what the category does not carry: a subcategory, or a question number."""
        return IssueReport(
            category=self.category,
            subcategory=None if self.category in CATEGORIES_WITHOUT_SUBCATEGORY else self.subcategory,
            question_number=self.question_number
            if requires_question_number(category=self.category)
            else None,
            description=self.description,
        )


def issue_report_problems(*, report: IssueReport) -> tuple[str, ...]:
    """Why a *new* report cannot be recorded (empty when it can)."""
    problems: list[str] = []
    if report.category in DEPRECATED_CATEGORIES:
        problems.append(f"the category {report.category} can no longer be used")
    if report.subcategory is not None and report.subcategory in DEPRECATED_SUBCATEGORIES:
        problems.append(f"the subcategory {report.subcategory} can no longer be used")
    allowed = SUBCATEGORIES_OF.get(report.category)
    if allowed is not None and report.subcategory not in allowed:
        problems.append(f"the category {report.category} needs one of its subcategories")
    if requires_description(category=report.category) and not (report.description or "").strip():
        problems.append(f"the category {report.category} needs a description")
    if requires_question_number(category=report.category) and not (
        report.question_number is not None
        and MIN_QUESTION_NUMBER <= report.question_number <= MAX_QUESTION_NUMBER
    ):
        problems.append(
            f"a question number between {MIN_QUESTION_NUMBER} and {MAX_QUESTION_NUMBER} is needed"
        )
    return tuple(problems)


# --- Automatic resolution -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """One question of the course as numbered for the invigilator, with what the rules check."""

    challenge_id: str
    answer_status: str | None  # an AnswerStatus value, None when unanswered
    is_timed: bool = False
    is_focused: bool = False
    has_illustration: bool = False
    has_embed: bool = False
    has_attachment: bool = False


class ResolutionEffect(StrEnum):
    NEUTRALISE_CHALLENGE = "neutralise_challenge"
    VALIDATE_ANSWER = "validate_answer"
    NONE = "none"


class ResolutionReason(StrEnum):
    NEUTRALISED = "neutralised"
    FOCUSED_OUT_ANSWER_VALIDATED = "focused_out_answer_validated"
    ANSWER_NEITHER_WRONG_NOR_SKIPPED = "answer_neither_wrong_nor_skipped"
    NO_MATCHING_QUESTION = "no_matching_question"
    NO_ILLUSTRATION_NOR_EMBED = "no_illustration_nor_embed"
    NO_ATTACHMENT = "no_attachment"
    NOT_TIMED = "not_timed"
    NOT_FOCUSED = "not_focused"
    FOCUSED_ANSWER_UNAFFECTED = "focused_answer_unaffected"
    LEFT_TO_JURY = "left_to_jury"


RESOLUTION_TEXTS: dict[ResolutionReason, str] = {
    ResolutionReason.NEUTRALISED: "La question a été neutralisée automatiquement.",
    ResolutionReason.FOCUSED_OUT_ANSWER_VALIDATED: (
        "La réponse a été acceptée : le candidat a dû quitter le cadre de la question."
    ),
    ResolutionReason.ANSWER_NEITHER_WRONG_NOR_SKIPPED: (
        "Question non neutralisée : la réponse n'est ni fausse ni passée."
    ),
    ResolutionReason.NO_MATCHING_QUESTION: "Aucune question du test ne porte ce numéro.",
    ResolutionReason.NO_ILLUSTRATION_NOR_EMBED: (
        "Question non neutralisée : elle n'a ni image ni application intégrée."
    ),
    ResolutionReason.NO_ATTACHMENT: "Question non neutralisée : elle n'a pas de fichier joint.",
    ResolutionReason.NOT_TIMED: "Question non neutralisée : elle n'est pas chronométrée.",
    ResolutionReason.NOT_FOCUSED: "Signalement sans effet : la question n'est pas une question « focus ».",
    ResolutionReason.FOCUSED_ANSWER_UNAFFECTED: (
        "Signalement sans effet : la réponse n'a été ni perdue par une sortie du cadre ni passée."
    ),
    ResolutionReason.LEFT_TO_JURY: "Ce signalement doit être traité par le jury.",
}

NEUTRALISABLE_ANSWER_STATUSES: frozenset[str] = frozenset({"ko", "aband", "partially"})
SKIPPED_STATUS = "aband"
FOCUSED_OUT_STATUS = "focusedOut"


@dataclass(frozen=True, slots=True)
class ResolutionDecision:
    effect: ResolutionEffect
    reason: ResolutionReason
    # False when no rule applies and the jury must resolve the report.
    resolved: bool
    challenge_id: str | None = None
    question_number: int | None = None

    @property
    def has_effect(self) -> bool:
        """Only decisions with an effect call for rescoring."""
        return self.effect is not ResolutionEffect.NONE

    @property
    def text(self) -> str:
        return RESOLUTION_TEXTS[self.reason]


_NEUTRALISED_WITHOUT_CHECK = frozenset(
    {
        Subcategory.WEBSITE_BLOCKED,
        Subcategory.WEBSITE_UNAVAILABLE,
        Subcategory.SOFTWARE_NOT_WORKING,
        Subcategory.SKIP_ON_OOPS,
        Subcategory.ACCESSIBILITY_ISSUE,
    }
)
_AUTOMATICALLY_RESOLVED = _NEUTRALISED_WITHOUT_CHECK | {
    Subcategory.IMAGE_NOT_DISPLAYING,
    Subcategory.EMBED_NOT_WORKING,
    Subcategory.FILE_NOT_OPENING,
    Subcategory.EXTRA_TIME_EXCEEDED,
    Subcategory.UNINTENTIONAL_FOCUS_OUT,
}


def _question(questions: Sequence[AskedQuestion], number: int | None) -> AskedQuestion | None:
    if number is None or not 1 <= number <= len(questions):
        return None
    return questions[number - 1]


def _neutralise_if_wrong_or_skipped(question: AskedQuestion, number: int) -> ResolutionDecision:
    # A correct answer is never neutralised: it would only lower the candidate's result.
    if question.answer_status in NEUTRALISABLE_ANSWER_STATUSES:
        return ResolutionDecision(
            effect=ResolutionEffect.NEUTRALISE_CHALLENGE,
            reason=ResolutionReason.NEUTRALISED,
            resolved=True,
            challenge_id=question.challenge_id,
            question_number=number,
        )
    return _without_effect(ResolutionReason.ANSWER_NEITHER_WRONG_NOR_SKIPPED, question, number)


def _without_effect(
    reason: ResolutionReason, question: AskedQuestion | None, number: int | None
) -> ResolutionDecision:
    return ResolutionDecision(
        effect=ResolutionEffect.NONE,
        reason=reason,
        resolved=True,
        challenge_id=None if question is None else question.challenge_id,
        question_number=number,
    )


def resolve_automatically(*, report: IssueReport, questions: Sequence[AskedQuestion]) -> ResolutionDecision:
    """The automatic resolution of one report, given the course's questions in their numbered order."""
    subcategory = report.subcategory
    number = report.question_number
    if subcategory is None or subcategory not in _AUTOMATICALLY_RESOLVED:
        return ResolutionDecision(
            effect=ResolutionEffect.NONE,
            reason=ResolutionReason.LEFT_TO_JURY,
            resolved=False,
            question_number=number,
        )
    question = _question(questions, number)
    if question is None or number is None:
        return _without_effect(ResolutionReason.NO_MATCHING_QUESTION, None, number)

    if subcategory in _NEUTRALISED_WITHOUT_CHECK:
        return _neutralise_if_wrong_or_skipped(question, number)
    if subcategory in (Subcategory.IMAGE_NOT_DISPLAYING, Subcategory.EMBED_NOT_WORKING):
        if question.has_illustration or question.has_embed:
            return _neutralise_if_wrong_or_skipped(question, number)
        return _without_effect(ResolutionReason.NO_ILLUSTRATION_NOR_EMBED, question, number)
    if subcategory is Subcategory.FILE_NOT_OPENING:
        if question.has_attachment:
            return _neutralise_if_wrong_or_skipped(question, number)
        return _without_effect(ResolutionReason.NO_ATTACHMENT, question, number)
    if subcategory is Subcategory.EXTRA_TIME_EXCEEDED:
        if question.is_timed:
            return _neutralise_if_wrong_or_skipped(question, number)
        return _without_effect(ResolutionReason.NOT_TIMED, question, number)

    # UNINTENTIONAL_FOCUS_OUT: the candidate had to leave a focused question.
    if not question.is_focused:
        return _without_effect(ResolutionReason.NOT_FOCUSED, question, number)
    if question.answer_status == FOCUSED_OUT_STATUS:
        return ResolutionDecision(
            effect=ResolutionEffect.VALIDATE_ANSWER,
            reason=ResolutionReason.FOCUSED_OUT_ANSWER_VALIDATED,
            resolved=True,
            challenge_id=question.challenge_id,
            question_number=number,
        )
    if question.answer_status == SKIPPED_STATUS:
        return _neutralise_if_wrong_or_skipped(question, number)
    return _without_effect(ResolutionReason.FOCUSED_ANSWER_UNAFFECTED, question, number)


def resolve_issue_reports(
    *, reports: Sequence[IssueReport], questions: Sequence[AskedQuestion]
) -> list[ResolutionDecision]:
    """One decision per report, in the reports' order."""
    return [resolve_automatically(report=report, questions=questions) for report in reports]
