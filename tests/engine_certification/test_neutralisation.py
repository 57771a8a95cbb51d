"""Issue reports: categories, what they require, and their automatic resolution."""

from __future__ import annotations

import pytest

from assessments.engine.neutralisation import (
    RESOLUTION_TEXTS,
    AskedQuestion,
    IssueReport,
    IssueReportCategory,
    IssueReportSubcategory,
    ResolutionEffect,
    ResolutionReason,
    is_impactful,
    issue_report_problems,
    requires_description,
    requires_question_number,
    resolve_automatically,
    resolve_issue_reports,
)

Category = IssueReportCategory
Subcategory = IssueReportSubcategory


def in_challenge(subcategory: Subcategory, number: int = 1) -> IssueReport:
    return IssueReport(category=Category.IN_CHALLENGE, subcategory=subcategory, question_number=number)


def question(
    status: str | None,
    *,
    is_timed: bool = False,
    is_focused: bool = False,
    has_illustration: bool = False,
    has_embed: bool = False,
    has_attachment: bool = False,
) -> AskedQuestion:
    return AskedQuestion(
        challenge_id="rec123",
        answer_status=status,
        is_timed=is_timed,
        is_focused=is_focused,
        has_illustration=has_illustration,
        has_embed=has_embed,
        has_attachment=has_attachment,
    )


# --- Categories ---------------------------------------------------------------------------------


@pytest.mark.parametrize("category", [Category.TECHNICAL_PROBLEM, Category.OTHER, Category.FRAUD])
def test_these_categories_are_impactful_whatever_the_subcategory(category: Category) -> None:
    assert is_impactful(category=category, subcategory=None)


@pytest.mark.parametrize(
    "subcategory",
    [
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
    ],
)
def test_these_subcategories_are_impactful(subcategory: Subcategory) -> None:
    assert is_impactful(category=Category.IN_CHALLENGE, subcategory=subcategory)


@pytest.mark.parametrize(
    ("category", "subcategory"),
    [
        (Category.CANDIDATE_INFORMATIONS_CHANGES, Subcategory.EXTRA_TIME_PERCENTAGE),
        (Category.SIGNATURE_ISSUE, None),
        (Category.NON_BLOCKING_CANDIDATE_ISSUE, None),
        (Category.NON_BLOCKING_TECHNICAL_ISSUE, None),
        (Category.LATE_OR_LEAVING, Subcategory.LEFT_EXAM_ROOM),
        (Category.CONNECTION_OR_END_SCREEN, None),
    ],
)
def test_these_reports_are_not_impactful(category: Category, subcategory: Subcategory | None) -> None:
    assert not is_impactful(category=category, subcategory=subcategory)
    assert not IssueReport(category=category, subcategory=subcategory).is_impactful


def test_only_a_problem_in_a_question_needs_a_question_number() -> None:
    assert [c for c in Category if requires_question_number(category=c)] == [Category.IN_CHALLENGE]


def test_these_categories_need_a_description() -> None:
    assert {c for c in Category if requires_description(category=c)} == {
        Category.CANDIDATE_INFORMATIONS_CHANGES,
        Category.SIGNATURE_ISSUE,
        Category.NON_BLOCKING_TECHNICAL_ISSUE,
        Category.NON_BLOCKING_CANDIDATE_ISSUE,
        Category.TECHNICAL_PROBLEM,
    }


def test_normalising_drops_what_the_category_does_not_carry() -> None:
    report = IssueReport(
        category=Category.NON_BLOCKING_TECHNICAL_ISSUE,
        subcategory=Subcategory.OTHER,
        question_number=4,
        description="Coupure réseau",
    )
    assert report.normalised() == IssueReport(
        category=Category.NON_BLOCKING_TECHNICAL_ISSUE, description="Coupure réseau"
    )
    kept = in_challenge(Subcategory.SKIP_ON_OOPS, number=4)
    assert kept.normalised() == kept


def test_a_complete_new_report_has_no_problem() -> None:
    assert issue_report_problems(report=in_challenge(Subcategory.FILE_NOT_OPENING, number=12)) == ()
    assert issue_report_problems(report=IssueReport(category=Category.FRAUD)) == ()
    assert (
        issue_report_problems(
            report=IssueReport(
                category=Category.CANDIDATE_INFORMATIONS_CHANGES,
                subcategory=Subcategory.NAME_OR_BIRTHDATE,
                description="Nom mal orthographié",
            )
        )
        == ()
    )


@pytest.mark.parametrize(
    "report",
    [
        IssueReport(category=Category.OTHER, description="Ancien signalement"),
        IssueReport(
            category=Category.IN_CHALLENGE, subcategory=Subcategory.LINK_NOT_WORKING, question_number=2
        ),
        IssueReport(category=Category.IN_CHALLENGE, subcategory=Subcategory.IMAGE_NOT_DISPLAYING),
        IssueReport(
            category=Category.IN_CHALLENGE, subcategory=Subcategory.IMAGE_NOT_DISPLAYING, question_number=0
        ),
        IssueReport(
            category=Category.IN_CHALLENGE, subcategory=Subcategory.IMAGE_NOT_DISPLAYING, question_number=501
        ),
        IssueReport(category=Category.IN_CHALLENGE, question_number=3),
        IssueReport(category=Category.SIGNATURE_ISSUE, description="   "),
        IssueReport(category=Category.CANDIDATE_INFORMATIONS_CHANGES, description="Temps majoré"),
    ],
)
def test_incomplete_or_deprecated_new_reports_are_refused(report: IssueReport) -> None:
    assert issue_report_problems(report=report)


# --- Automatic resolution -----------------------------------------------------------------------

WITHOUT_CHECK = [
    Subcategory.WEBSITE_BLOCKED,
    Subcategory.WEBSITE_UNAVAILABLE,
    Subcategory.SOFTWARE_NOT_WORKING,
    Subcategory.SKIP_ON_OOPS,
    Subcategory.ACCESSIBILITY_ISSUE,
]


@pytest.mark.parametrize("subcategory", WITHOUT_CHECK)
@pytest.mark.parametrize("status", ["ko", "aband", "partially"])
def test_a_wrong_or_skipped_answer_is_neutralised_without_checking_the_challenge(
    subcategory: Subcategory, status: str
) -> None:
    decision = resolve_automatically(report=in_challenge(subcategory), questions=[question(status)])
    assert decision.effect is ResolutionEffect.NEUTRALISE_CHALLENGE
    assert decision.challenge_id == "rec123"
    assert decision.resolved and decision.has_effect
    assert decision.reason is ResolutionReason.NEUTRALISED


@pytest.mark.parametrize("subcategory", WITHOUT_CHECK)
@pytest.mark.parametrize("status", ["ok", "timedout", "focusedOut", None])
def test_an_answer_neither_wrong_nor_skipped_is_never_neutralised(
    subcategory: Subcategory, status: str | None
) -> None:
    decision = resolve_automatically(report=in_challenge(subcategory), questions=[question(status)])
    assert decision.effect is ResolutionEffect.NONE
    assert decision.resolved and not decision.has_effect
    assert decision.reason is ResolutionReason.ANSWER_NEITHER_WRONG_NOR_SKIPPED


@pytest.mark.parametrize("subcategory", [Subcategory.IMAGE_NOT_DISPLAYING, Subcategory.EMBED_NOT_WORKING])
@pytest.mark.parametrize("media", ["illustration", "embed"])
def test_a_missing_image_or_embed_neutralises_a_challenge_that_has_one(
    subcategory: Subcategory, media: str
) -> None:
    with_media = question("ko", has_illustration=media == "illustration", has_embed=media == "embed")
    decision = resolve_automatically(report=in_challenge(subcategory), questions=[with_media])
    assert decision.effect is ResolutionEffect.NEUTRALISE_CHALLENGE


@pytest.mark.parametrize("subcategory", [Subcategory.IMAGE_NOT_DISPLAYING, Subcategory.EMBED_NOT_WORKING])
def test_a_missing_image_or_embed_has_no_effect_on_a_challenge_without_one(subcategory: Subcategory) -> None:
    decision = resolve_automatically(
        report=in_challenge(subcategory), questions=[question("ko", has_attachment=True)]
    )
    assert (decision.effect, decision.reason, decision.resolved) == (
        ResolutionEffect.NONE,
        ResolutionReason.NO_ILLUSTRATION_NOR_EMBED,
        True,
    )


def test_a_file_not_opening_neutralises_only_a_challenge_with_an_attachment() -> None:
    report = in_challenge(Subcategory.FILE_NOT_OPENING)
    assert resolve_automatically(report=report, questions=[question("aband", has_attachment=True)]).has_effect
    decision = resolve_automatically(report=report, questions=[question("aband", has_illustration=True)])
    assert decision.reason is ResolutionReason.NO_ATTACHMENT and not decision.has_effect


def test_extra_time_exceeded_neutralises_only_a_timed_challenge() -> None:
    report = in_challenge(Subcategory.EXTRA_TIME_EXCEEDED)
    assert resolve_automatically(report=report, questions=[question("ko", is_timed=True)]).has_effect
    decision = resolve_automatically(report=report, questions=[question("ko")])
    assert decision.reason is ResolutionReason.NOT_TIMED and not decision.has_effect


def test_a_checked_challenge_with_a_correct_answer_is_not_neutralised() -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.EXTRA_TIME_EXCEEDED), questions=[question("ok", is_timed=True)]
    )
    assert decision.reason is ResolutionReason.ANSWER_NEITHER_WRONG_NOR_SKIPPED


def test_an_unintentional_focus_out_validates_a_focused_out_answer() -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.UNINTENTIONAL_FOCUS_OUT),
        questions=[question("focusedOut", is_focused=True)],
    )
    assert decision.effect is ResolutionEffect.VALIDATE_ANSWER
    assert decision.reason is ResolutionReason.FOCUSED_OUT_ANSWER_VALIDATED
    assert decision.challenge_id == "rec123" and decision.has_effect


def test_an_unintentional_focus_out_neutralises_a_skipped_focused_challenge() -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.UNINTENTIONAL_FOCUS_OUT),
        questions=[question("aband", is_focused=True)],
    )
    assert decision.effect is ResolutionEffect.NEUTRALISE_CHALLENGE


@pytest.mark.parametrize("status", ["ko", "ok", "timedout", "partially"])
def test_an_unintentional_focus_out_leaves_other_answers_alone(status: str) -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.UNINTENTIONAL_FOCUS_OUT),
        questions=[question(status, is_focused=True)],
    )
    assert (decision.effect, decision.reason, decision.resolved) == (
        ResolutionEffect.NONE,
        ResolutionReason.FOCUSED_ANSWER_UNAFFECTED,
        True,
    )


def test_an_unintentional_focus_out_on_a_challenge_that_is_not_focused_has_no_effect() -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.UNINTENTIONAL_FOCUS_OUT), questions=[question("focusedOut")]
    )
    assert decision.reason is ResolutionReason.NOT_FOCUSED and not decision.has_effect and decision.resolved


@pytest.mark.parametrize("number", [0, 3, 501])
def test_an_unknown_question_number_is_resolved_without_effect(number: int) -> None:
    decision = resolve_automatically(
        report=in_challenge(Subcategory.SKIP_ON_OOPS, number=number),
        questions=[question("ko"), question("ko")],
    )
    assert (decision.effect, decision.reason, decision.resolved) == (
        ResolutionEffect.NONE,
        ResolutionReason.NO_MATCHING_QUESTION,
        True,
    )
    assert decision.question_number == number


def test_the_question_number_counts_from_one() -> None:
    questions = [AskedQuestion(challenge_id=f"rec{i}", answer_status="ko") for i in range(1, 4)]
    decision = resolve_automatically(
        report=in_challenge(Subcategory.SKIP_ON_OOPS, number=2), questions=questions
    )
    assert decision.challenge_id == "rec2"


@pytest.mark.parametrize(
    "report",
    [
        IssueReport(category=Category.FRAUD),
        IssueReport(
            category=Category.CANDIDATE_INFORMATIONS_CHANGES, subcategory=Subcategory.NAME_OR_BIRTHDATE
        ),
        IssueReport(category=Category.SIGNATURE_ISSUE, description="a signé sur la mauvaise ligne"),
        IssueReport(category=Category.NON_BLOCKING_TECHNICAL_ISSUE, description="souris"),
        IssueReport(
            category=Category.IN_CHALLENGE, subcategory=Subcategory.LINK_NOT_WORKING, question_number=1
        ),
        IssueReport(category=Category.TECHNICAL_PROBLEM, description="écran noir"),
    ],
)
def test_other_reports_are_left_to_the_jury(report: IssueReport) -> None:
    decision = resolve_automatically(report=report, questions=[question("ko")])
    assert (decision.effect, decision.reason, decision.resolved) == (
        ResolutionEffect.NONE,
        ResolutionReason.LEFT_TO_JURY,
        False,
    )


def test_each_report_gets_one_decision_in_order() -> None:
    questions = [question("ko", is_timed=True), question("ok")]
    decisions = resolve_issue_reports(
        reports=[
            in_challenge(Subcategory.EXTRA_TIME_EXCEEDED, number=1),
            in_challenge(Subcategory.SKIP_ON_OOPS, number=2),
            IssueReport(category=Category.FRAUD),
        ],
        questions=questions,
    )
    assert [d.effect for d in decisions] == [
        ResolutionEffect.NEUTRALISE_CHALLENGE,
        ResolutionEffect.NONE,
        ResolutionEffect.NONE,
    ]
    assert [d.resolved for d in decisions] == [True, True, False]


def test_every_reason_has_a_french_sentence() -> None:
    assert set(RESOLUTION_TEXTS) == set(ResolutionReason)
    decision = resolve_automatically(
        report=in_challenge(Subcategory.SKIP_ON_OOPS), questions=[question("ko")]
    )
    assert decision.text == RESOLUTION_TEXTS[ResolutionReason.NEUTRALISED]
