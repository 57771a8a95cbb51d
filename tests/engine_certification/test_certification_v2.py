"""Certification v2: picking three challenges per competence and scoring with the reproducibility rate."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pytest

from assessments.engine.certification_v2 import (
    CERTIFIED_LEVEL_RULES,
    CertifiedLevelRule,
    MissingCertifiedLevelRuleError,
    PlacementCompetence,
    ReproducibilityCounts,
    V2CertificationChallenge,
    V2CertificationResult,
    certified_level_rule,
    competence_counts,
    pick_v2_challenges,
    score_v2_course,
)
from assessments.engine.certification_v3 import AbortReason, AssessmentResultStatus, JuryCommentKey
from assessments.engine.types import AnsweredChallenge, Challenge, ChallengeStatus, Skill

V = CertifiedLevelRule.VALIDATE
D = CertifiedLevelRule.DOWNGRADE
I = CertifiedLevelRule.INVALIDATE  # noqa: E741

# --- The table of §12.2, every row, every rate band ---------------------------------------------

TABLE = [
    # n, c, z, rate ≥ 80, 70 ≤ rate < 80, rate < 70
    (3, 3, 0, V, V, V),
    (3, 2, 0, V, D, D),
    (3, 2, 1, V, V, V),
    (3, 1, 0, I, I, I),
    (3, 1, 1, V, D, I),
    (3, 1, 2, V, V, D),
    (3, 0, 0, I, I, I),
    (3, 0, 1, I, I, I),
    (3, 0, 2, I, I, I),
    (3, 0, 3, I, I, I),
    (2, 2, 0, V, V, V),
    (2, 1, 0, V, D, I),
    (2, 1, 1, V, V, D),
    (2, 0, 0, I, I, I),
    (2, 0, 1, I, I, I),
    (2, 0, 2, I, I, I),
    (1, 1, 0, V, V, D),
    (1, 0, 0, I, I, I),
    (1, 0, 1, I, I, I),
]
RATES_BY_BAND = {0: (80, 85, 100), 1: (70, 75, 79), 2: (50, 60, 69)}


@pytest.mark.parametrize(("n", "c", "z", "high", "middle", "low"), TABLE)
def test_every_row_of_the_certified_level_table(
    n: int, c: int, z: int, high: CertifiedLevelRule, middle: CertifiedLevelRule, low: CertifiedLevelRule
) -> None:
    for band, expected in enumerate((high, middle, low)):
        for rate in RATES_BY_BAND[band]:
            rule = certified_level_rule(
                challenges_count=n, correct_count=c, neutralized_count=z, reproducibility_rate=rate
            )
            assert rule is expected, (n, c, z, rate)


def test_the_table_has_exactly_the_reference_rows() -> None:
    assert set(CERTIFIED_LEVEL_RULES) == {(n, c, z) for n, c, z, *_ in TABLE}


@pytest.mark.parametrize(("n", "c", "z"), [(4, 3, 0), (0, 0, 0), (3, 3, 1), (2, 2, 1), (1, 1, 1)])
def test_a_combination_outside_the_table_is_an_error(n: int, c: int, z: int) -> None:
    with pytest.raises(MissingCertifiedLevelRuleError):
        certified_level_rule(
            challenges_count=n, correct_count=c, neutralized_count=z, reproducibility_rate=90
        )


# --- Builders -----------------------------------------------------------------------------------


def course_challenge(
    challenge_id: str,
    competence: str,
    *,
    is_neutralized: bool = False,
    has_been_skipped_automatically: bool = False,
) -> V2CertificationChallenge:
    return V2CertificationChallenge(
        challenge_id=challenge_id,
        competence=competence,
        is_neutralized=is_neutralized,
        has_been_skipped_automatically=has_been_skipped_automatically,
    )


def competence_course(
    competence: str,
    statuses: Sequence[str | None],
    *,
    types: list[str] | None = None,
    neutralized: set[int] | None = None,
) -> tuple[list[V2CertificationChallenge], list[AnsweredChallenge]]:
    challenges: list[V2CertificationChallenge] = []
    answers: list[AnsweredChallenge] = []
    for index, status in enumerate(statuses):
        challenge_id = f"{competence}-{index}"
        challenges.append(
            V2CertificationChallenge(
                challenge_id=challenge_id,
                competence=competence,
                challenge_type=(types or ["QCU"] * len(statuses))[index],
                is_neutralized=index in (neutralized or set()),
            )
        )
        if status is not None:
            answers.append(AnsweredChallenge(challenge_id=challenge_id, status=status))
    return challenges, answers


def example_course(
    rate_statuses: list[str],
) -> tuple[list[PlacementCompetence], list[V2CertificationChallenge], list[AnsweredChallenge]]:
    """The §17 competence (level 4, 35 pix; 2 OK, 1 KO) plus competences that set the global rate."""
    placement = [PlacementCompetence(competence="1.1", estimated_level=4, pix_score=35)]
    challenges, answers = competence_course("1.1", ["ok", "ok", "ko"])
    for index in range(0, len(rate_statuses), 3):
        code = f"2.{index // 3 + 1}"
        placement.append(PlacementCompetence(competence=code, estimated_level=2, pix_score=20))
        more_challenges, more_answers = competence_course(code, rate_statuses[index : index + 3])
        challenges += more_challenges
        answers += more_answers
    return placement, challenges, answers


def mark_of(result: V2CertificationResult, competence: str) -> tuple[int, int]:
    for mark in result.competence_marks:
        if mark.competence == competence:
            return mark.level, mark.score
    raise AssertionError(competence)


# --- The worked example of §17 ------------------------------------------------------------------


def test_with_a_rate_of_85_percent_the_competence_is_validated() -> None:
    # 17 correct out of 20: the example competence (2 of 3) and 15 of 17 elsewhere.
    placement, challenges, answers = example_course(["ok"] * 15 + ["ko", "ko"])
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert result.reproducibility_rate == 85
    assert mark_of(result, "1.1") == (4, 35)
    assert result.status is AssessmentResultStatus.VALIDATED


def test_with_a_rate_of_75_percent_the_competence_is_downgraded() -> None:
    placement, challenges, answers = example_course(["ok"] * 13 + ["ko"] * 4)
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert result.reproducibility_rate == 75
    assert mark_of(result, "1.1") == (3, 27)
    assert result.status is AssessmentResultStatus.VALIDATED


def test_with_a_rate_of_45_percent_every_competence_fails_and_the_result_is_rejected() -> None:
    placement, challenges, answers = example_course(["ok"] * 7 + ["ko"] * 10)
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert result.reproducibility_rate == 45
    assert all((mark.level, mark.score) == (-1, 0) for mark in result.competence_marks)
    assert result.pix_score == 0
    assert result.status is AssessmentResultStatus.REJECTED
    assert result.jury_comment_key is JuryCommentKey.REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS


# --- Reproducibility rate -----------------------------------------------------------------------


def test_the_rate_rounds_halves_up() -> None:
    assert ReproducibilityCounts(correct=1, non_neutralized=8, challenges=8).rate == 13  # 12.5
    assert ReproducibilityCounts(correct=2, non_neutralized=3, challenges=3).rate == 67
    assert ReproducibilityCounts(correct=1, non_neutralized=3, challenges=3).rate == 33


def test_the_rate_is_zero_without_any_counted_challenge() -> None:
    assert ReproducibilityCounts(correct=0, non_neutralized=0, challenges=3).rate == 0


def test_neutralised_challenges_leave_the_rate_and_skipped_ones_count_as_wrong() -> None:
    placement = [
        PlacementCompetence(competence="1.1", estimated_level=3, pix_score=26),
        PlacementCompetence(competence="1.2", estimated_level=3, pix_score=26),
    ]
    challenges = [
        course_challenge("a", "1.1"),
        course_challenge("b", "1.1", is_neutralized=True),
        course_challenge("c", "1.1", has_been_skipped_automatically=True),
        course_challenge("d", "1.2"),  # unanswered and not skipped: left out of the rate
    ]
    answers = [
        AnsweredChallenge(challenge_id="a", status="ok"),
        AnsweredChallenge(challenge_id="b", status="ko"),
    ]
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert result.reproducibility_rate == 50  # 1 correct out of a and c


# --- Trust --------------------------------------------------------------------------------------


def test_a_course_with_too_many_neutralisations_is_cancelled() -> None:
    placement = [
        PlacementCompetence(competence=f"{i}.1", estimated_level=2, pix_score=16) for i in range(1, 5)
    ]
    challenges: list[V2CertificationChallenge] = []
    answers: list[AnsweredChallenge] = []
    for i in range(1, 5):
        more, more_answers = competence_course(
            f"{i}.1", ["ok", "ok", "ok"], neutralized={0} if i <= 4 else set()
        )
        challenges += more
        answers += more_answers
    # 12 challenges, 4 neutralised: 8 ≥ ceil(0.66 × 12) = 8, trusted.
    assert score_v2_course(placement=placement, challenges=challenges, answers=answers).is_trustable
    # One more neutralised: 7 < 8.
    challenges[1] = V2CertificationChallenge(
        challenge_id=challenges[1].challenge_id, competence="1.1", is_neutralized=True
    )
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert not result.is_trustable
    assert result.status is AssessmentResultStatus.CANCELLED
    assert result.jury_comment_key is JuryCommentKey.CANCELLED_DUE_TO_NEUTRALIZATION


# --- Per competence: QROCM-dep weight, capping, downgrade ---------------------------------------


def test_a_qrocm_dep_counts_twice_when_the_competence_has_fewer_than_three_challenges() -> None:
    challenges, answers = competence_course("1.1", ["ok", "ko"], types=["QROCM-dep", "QCU"])
    statuses = {a.challenge_id: a.status for a in answers}
    counts = competence_counts(challenges=challenges, answer_status_by_challenge=statuses)
    assert (counts.challenges, counts.correct, counts.neutralized) == (3, 2, 0)


def test_a_qrocm_dep_counts_once_when_the_competence_has_three_challenges() -> None:
    challenges, answers = competence_course("1.1", ["ok", "ok", "ko"], types=["QROCM-dep", "QCU", "QCU"])
    statuses = {a.challenge_id: a.status for a in answers}
    counts = competence_counts(challenges=challenges, answer_status_by_challenge=statuses)
    assert (counts.challenges, counts.correct) == (3, 2)


def test_a_neutralised_qrocm_dep_counts_twice_too() -> None:
    challenges, answers = competence_course("1.1", ["ko", "ok"], types=["QROCM-dep", "QCU"], neutralized={0})
    statuses = {a.challenge_id: a.status for a in answers}
    counts = competence_counts(challenges=challenges, answer_status_by_challenge=statuses)
    assert (counts.challenges, counts.correct, counts.neutralized) == (3, 1, 2)


def test_a_partially_correct_qrocm_dep_is_not_correct() -> None:
    challenges, answers = competence_course("1.1", ["partially", "ok"], types=["QROCM-dep", "QCU"])
    statuses = {a.challenge_id: a.status for a in answers}
    assert competence_counts(challenges=challenges, answer_status_by_challenge=statuses).correct == 1


def test_correct_answers_are_capped_at_three() -> None:
    challenges, answers = competence_course("1.1", ["ok", "ok"], types=["QROCM-dep", "QROCM-dep"])
    statuses = {a.challenge_id: a.status for a in answers}
    counts = competence_counts(challenges=challenges, answer_status_by_challenge=statuses)
    assert (counts.challenges, counts.correct) == (4, 3)


def test_levels_and_scores_are_capped_at_the_reachable_level() -> None:
    placement = [PlacementCompetence(competence="1.1", estimated_level=8, pix_score=66)]
    challenges, answers = competence_course("1.1", ["ok", "ok", "ok"])
    result = score_v2_course(placement=placement, challenges=challenges, answers=answers)
    assert mark_of(result, "1.1") == (7, 56)
    assert mark_of(
        score_v2_course(placement=placement, challenges=challenges, answers=answers, max_reachable_level=5),
        "1.1",
    ) == (5, 40)


def test_a_downgrade_removes_a_level_and_eight_pix() -> None:
    placement = [
        PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19),
        PlacementCompetence(competence="1.2", estimated_level=3, pix_score=30),
    ]
    first, first_answers = competence_course("1.1", ["ok", "ko", "ok"])
    second, second_answers = competence_course("1.2", ["ok", "ok", "ko"])
    result = score_v2_course(
        placement=placement, challenges=first + second, answers=first_answers + second_answers
    )
    assert result.reproducibility_rate == 67
    assert mark_of(result, "1.1") == (1, 11)
    assert mark_of(result, "1.2") == (2, 22)
    assert result.pix_score == 33


def test_an_invalidated_competence_gets_minus_one_and_no_pix() -> None:
    placement = [
        PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19),
        PlacementCompetence(competence="1.2", estimated_level=3, pix_score=30),
    ]
    first, first_answers = competence_course("1.1", ["ok", "ko", "ko"])
    second, second_answers = competence_course("1.2", ["ok", "ok", "ok"])
    result = score_v2_course(
        placement=placement, challenges=first + second, answers=first_answers + second_answers
    )
    assert mark_of(result, "1.1") == (-1, 0)
    assert result.competence_marks[0].rule is CertifiedLevelRule.INVALIDATE


def test_only_certifiable_competences_are_scored() -> None:
    placement = [
        PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19),
        PlacementCompetence(competence="1.2", estimated_level=0, pix_score=5),
    ]
    first, first_answers = competence_course("1.1", ["ok", "ok", "ok"])
    second, second_answers = competence_course("1.2", ["ko", "ko", "ko"])
    result = score_v2_course(
        placement=placement, challenges=first + second, answers=first_answers + second_answers
    )
    assert [mark.competence for mark in result.competence_marks] == ["1.1"]
    assert result.reproducibility_rate == 100


def test_two_answers_to_one_challenge_are_an_error() -> None:
    placement = [PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19)]
    challenges, answers = competence_course("1.1", ["ok", "ok", "ok"])
    with pytest.raises(ValueError, match="several answers"):
        score_v2_course(placement=placement, challenges=challenges, answers=[*answers, answers[0]])


# --- Result order (§12.2 step 9) ----------------------------------------------------------------


def low_rate_course() -> tuple[
    list[PlacementCompetence], list[V2CertificationChallenge], list[AnsweredChallenge]
]:
    placement = [PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19)]
    challenges, answers = competence_course("1.1", ["ok", "ko", "ko"])
    return placement, challenges, answers


def test_cancellation_comes_first() -> None:
    placement, challenges, answers = low_rate_course()
    result = score_v2_course(
        placement=placement,
        challenges=challenges,
        answers=answers,
        is_cancelled=True,
        is_rejected_for_fraud=True,
    )
    assert (result.status, result.jury_comment_key) == (AssessmentResultStatus.CANCELLED, None)


def test_fraud_comes_before_the_trust_rule() -> None:
    placement = [PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19)]
    challenges, answers = competence_course("1.1", ["ok", "ko", "ko"], neutralized={1, 2})
    result = score_v2_course(
        placement=placement, challenges=challenges, answers=answers, is_rejected_for_fraud=True
    )
    assert (result.status, result.jury_comment_key) == (AssessmentResultStatus.REJECTED, JuryCommentKey.FRAUD)


def test_a_technical_abort_with_a_low_rate_is_cancelled() -> None:
    placement, challenges, answers = low_rate_course()
    result = score_v2_course(
        placement=placement, challenges=challenges, answers=answers, abort_reason=AbortReason.TECHNICAL
    )
    assert result.status is AssessmentResultStatus.CANCELLED
    assert result.jury_comment_key is JuryCommentKey.CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON


def test_a_candidate_abort_with_a_low_rate_is_rejected() -> None:
    placement, challenges, answers = low_rate_course()
    result = score_v2_course(
        placement=placement, challenges=challenges, answers=answers, abort_reason=AbortReason.CANDIDATE
    )
    assert result.status is AssessmentResultStatus.REJECTED
    assert result.jury_comment_key is JuryCommentKey.REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS


def test_a_course_worth_zero_pix_is_rejected_without_comment() -> None:
    placement = [PlacementCompetence(competence="1.1", estimated_level=2, pix_score=19)]
    challenges, answers = competence_course("1.1", ["ok", "ko", "ko", "ok"][:3])
    other_placement = [*placement, PlacementCompetence(competence="1.2", estimated_level=1, pix_score=8)]
    more, more_answers = competence_course("1.2", ["ok", "ok", "ko"])
    # rate 50: 1.1 has 1 of 3 (invalidated), 1.2 has 2 of 3 (downgraded to level 0, 0 pix).
    result = score_v2_course(
        placement=other_placement, challenges=challenges + more, answers=answers + more_answers
    )
    assert result.reproducibility_rate == 50
    assert result.pix_score == 0
    assert (result.status, result.jury_comment_key) == (AssessmentResultStatus.REJECTED, None)


# --- Picking (§12.1) ----------------------------------------------------------------------------


def skill(name: str, competence: str = "1.1") -> Skill:
    return Skill(
        id=f"id{name}",
        name=name,
        tube=name.rstrip("0123456789"),
        level=int(name[-1]),
        competence=competence,
        pix_value=Fraction(8, 3),
    )


def challenges_for(skills: list[Skill], per_skill: int = 2, challenge_type: str = "QCU") -> list[Challenge]:
    return [
        Challenge(id=f"{s.name}-{n}", skill_id=s.id, competence=s.competence, challenge_type=challenge_type)
        for s in skills
        for n in range(1, per_skill + 1)
    ]


def test_the_three_hardest_validated_skills_are_picked() -> None:
    skills = [skill("@a1"), skill("@a2"), skill("@b3"), skill("@c4"), skill("@d5")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=3, pix_score=28, directly_validated_skills=tuple(skills)
        )
    ]
    picked = pick_v2_challenges(placement=placement, challenges=challenges_for(skills), seed=1)
    assert [p.skill_name for p in picked] == ["@d5", "@c4", "@b3"]
    assert all(p.challenge_id.startswith(p.skill_name) for p in picked)


def test_within_a_level_new_tubes_come_first() -> None:
    skills = [skill("@a5"), skill("@a4"), skill("@b4"), skill("@c3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=3, pix_score=28, directly_validated_skills=tuple(skills)
        )
    ]
    picked = pick_v2_challenges(placement=placement, challenges=challenges_for(skills), seed=1)
    assert [p.skill_name for p in picked] == ["@a5", "@b4", "@a4"]


def test_a_competence_stops_at_three_even_with_a_large_level() -> None:
    skills = [skill(f"@t{i}4") for i in range(6)]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=3, pix_score=28, directly_validated_skills=tuple(skills)
        )
    ]
    assert len(pick_v2_challenges(placement=placement, challenges=challenges_for(skills), seed=1)) == 3


def test_a_competence_with_few_validated_skills_gets_fewer_questions() -> None:
    skills = [skill("@a2"), skill("@a1")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=9, directly_validated_skills=tuple(skills)
        )
    ]
    assert [
        p.skill_name
        for p in pick_v2_challenges(placement=placement, challenges=challenges_for(skills), seed=1)
    ] == ["@a2", "@a1"]


def test_challenges_not_already_answered_are_preferred() -> None:
    skills = [skill("@a3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=9, directly_validated_skills=tuple(skills)
        )
    ]
    for seed in range(20):
        picked = pick_v2_challenges(
            placement=placement,
            challenges=challenges_for(skills),
            seed=seed,
            already_answered_challenge_ids={"@a3-1"},
        )
        assert [p.challenge_id for p in picked] == ["@a3-2"]


def test_an_answered_challenge_is_used_when_there_is_no_other() -> None:
    skills = [skill("@a3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=9, directly_validated_skills=tuple(skills)
        )
    ]
    picked = pick_v2_challenges(
        placement=placement,
        challenges=challenges_for(skills),
        seed=1,
        already_answered_challenge_ids={"@a3-1", "@a3-2"},
    )
    assert len(picked) == 1


def test_the_challenge_of_a_skill_is_drawn_at_random_with_the_seed() -> None:
    skills = [skill("@a3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=9, directly_validated_skills=tuple(skills)
        )
    ]
    drawn = {
        pick_v2_challenges(placement=placement, challenges=challenges_for(skills, per_skill=4), seed=seed)[
            0
        ].challenge_id
        for seed in range(30)
    }
    assert len(drawn) > 1
    first = pick_v2_challenges(
        placement=placement, challenges=challenges_for(skills, per_skill=4), seed="same"
    )
    assert first == pick_v2_challenges(
        placement=placement, challenges=list(reversed(challenges_for(skills, per_skill=4))), seed="same"
    )


def test_only_operative_challenges_of_the_locale_are_picked() -> None:
    skills = [skill("@a3"), skill("@b3"), skill("@c3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=2, pix_score=16, directly_validated_skills=tuple(skills)
        )
    ]
    challenges = [
        Challenge(id="a-obsolete", skill_id="id@a3", competence="1.1", status=ChallengeStatus.OBSOLETE),
        Challenge(id="b-english", skill_id="id@b3", competence="1.1", locales=("en",)),
        Challenge(id="c-archived", skill_id="id@c3", competence="1.1", status=ChallengeStatus.ARCHIVED),
    ]
    picked = pick_v2_challenges(placement=placement, challenges=challenges, seed=1, locale="fr")
    assert [p.challenge_id for p in picked] == ["c-archived"]


def test_only_certifiable_competences_get_questions_in_competence_order() -> None:
    placement = [
        PlacementCompetence(
            competence="2.1", estimated_level=1, pix_score=8, directly_validated_skills=(skill("@x1", "2.1"),)
        ),
        PlacementCompetence(
            competence="1.2", estimated_level=0, pix_score=7, directly_validated_skills=(skill("@y1", "1.2"),)
        ),
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=8, directly_validated_skills=(skill("@z1"),)
        ),
    ]
    challenges = challenges_for([skill("@x1", "2.1"), skill("@y1", "1.2"), skill("@z1")])
    picked = pick_v2_challenges(placement=placement, challenges=challenges, seed=1)
    assert [(p.competence, p.skill_name) for p in picked] == [("1.1", "@z1"), ("2.1", "@x1")]


def test_the_picked_challenge_keeps_its_type_for_scoring() -> None:
    skills = [skill("@a3")]
    placement = [
        PlacementCompetence(
            competence="1.1", estimated_level=1, pix_score=9, directly_validated_skills=tuple(skills)
        )
    ]
    picked = pick_v2_challenges(
        placement=placement, challenges=challenges_for(skills, challenge_type="QROCM-dep"), seed=1
    )
    assert picked[0].challenge_type == "QROCM-dep"
    assert not picked[0].is_neutralized
