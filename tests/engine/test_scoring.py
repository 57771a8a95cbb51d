from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.engine.knowledge import knowledge_elements_for_answer
from assessments.engine.scoring import (
    Badge,
    BadgeCriterion,
    BadgeCriterionScope,
    CappedTube,
    Scorecard,
    ScorecardStatus,
    Stage,
    acquired_stages,
    badge_result,
    build_scorecard,
    campaign_skills_from_capped_tubes,
    certifiable_competence_count,
    competence_score,
    competence_scores,
    criterion_skill_ids,
    is_certifiable,
    level_reached_by_answer,
    mastery_percentage,
    mastery_rate,
    newly_acquired_stages,
    placement_profile,
    remaining_days,
    stage_threshold,
    total_pix_score,
)
from assessments.engine.types import (
    Challenge,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    SkillStatus,
)
from tests.engine.conftest import NOW, build_skills

VALIDATED = KnowledgeElementStatus.VALIDATED
INVALIDATED = KnowledgeElementStatus.INVALIDATED
RESET = KnowledgeElementStatus.RESET


def pix_element(
    pix: Fraction | int,
    *,
    skill_id: str,
    competence: str = "1.1",
    status: KnowledgeElementStatus = VALIDATED,
    at: timedelta = timedelta(0),
) -> KnowledgeElement:
    return KnowledgeElement(
        skill_id=skill_id,
        competence=competence,
        status=status,
        source=KnowledgeElementSource.DIRECT,
        earned_pix=Fraction(pix),
        created_at=NOW + at,
    )


def elements_worth(pixes: list[Fraction], competence: str = "1.1") -> list[KnowledgeElement]:
    return [
        pix_element(pix, skill_id=f"{competence}-s{index}", competence=competence)
        for index, pix in enumerate(pixes)
    ]


# --- Pix and levels ----------------------------------------------------------------------------------


def test_two_full_levels_give_level_two_whatever_the_order_of_the_elements() -> None:
    # README: three skills of one level (8/3 each) and two of another (4 each) make exactly 16 pix.
    pixes = [Fraction(8, 3)] * 3 + [Fraction(4)] * 2
    float_sums = {sum(float(p) for p in order) for order in itertools.permutations(pixes)}
    assert min(float_sums) < 16  # the float trap the README warns about
    for order in itertools.permutations(pixes):
        score = competence_score(competence="1.1", knowledge_elements=elements_worth(list(order)))
        assert (score.exact_pix, score.pix_score, score.level) == (Fraction(16), 16, 2)


def test_the_worked_example_of_section_7_1_gives_17_pix_and_level_2() -> None:
    pixes = [Fraction(Decimal(d)) for d in ("4", "4", "2.67", "2.67", "2.67", "1.5")]
    score = competence_score(competence="1.1", knowledge_elements=elements_worth(pixes))
    assert score.exact_pix == Fraction("17.51")
    assert score.pix_score == 17
    assert score.level == 2
    assert score.pix_score_ahead_of_next_level == 1
    assert score.remaining_pix_to_next_level == 7
    assert score.percentage_ahead_of_next_level == Fraction(25, 2)


def test_a_competence_above_the_ceiling_is_capped_unless_excess_is_allowed() -> None:
    elements = elements_worth([Fraction("47.2")])
    capped = competence_score(competence="1.1", knowledge_elements=elements, max_reachable_level=5)
    uncapped = competence_score(
        competence="1.1", knowledge_elements=elements, max_reachable_level=5, allow_excess=True
    )
    assert (capped.pix_score, capped.level) == (40, 5)
    assert (uncapped.pix_score, uncapped.level) == (47, 5)
    assert capped.pix_score_ahead_of_next_level == 0


def test_the_default_ceiling_is_level_seven() -> None:
    score = competence_score(competence="1.1", knowledge_elements=elements_worth([Fraction(70)]))
    assert (score.pix_score, score.level) == (56, 7)


def test_only_the_current_validated_elements_of_the_competence_count() -> None:
    elements = [
        pix_element(8, skill_id="a", at=timedelta(days=0)),
        pix_element(0, skill_id="a", status=INVALIDATED, at=timedelta(days=1)),
        pix_element(5, skill_id="b"),
        pix_element(3, skill_id="c", status=RESET, at=timedelta(days=1)),
        pix_element(3, skill_id="c"),
        pix_element(8, skill_id="d", competence="2.1"),
    ]
    assert competence_score(competence="1.1", knowledge_elements=elements).exact_pix == 5


def test_total_pix_is_the_sum_of_the_capped_competence_scores() -> None:
    elements = [
        *elements_worth([Fraction(60)], competence="1.1"),
        *elements_worth([Fraction(7, 2)], competence="1.2"),
        *elements_worth([Fraction(9, 2)], competence="1.3"),
    ]
    # 56 (capped from 60) + 3 + 4: each competence is floored on its own.
    assert total_pix_score(knowledge_elements=elements) == 63
    assert total_pix_score(knowledge_elements=elements, max_reachable_level=5) == 47


def test_scores_are_given_for_the_listed_competences_even_untouched_ones() -> None:
    scores = competence_scores(knowledge_elements=elements_worth([Fraction(9)]), competences=["1.1", "4.2"])
    assert {code: score.level for code, score in scores.items()} == {"1.1": 1, "4.2": 0}


# --- Scorecards -------------------------------------------------------------------------------------


def test_a_competence_without_evaluation_nor_element_is_not_started() -> None:
    scorecard = build_scorecard(competence="1.1", knowledge_elements=[], now=NOW)
    assert scorecard.status == ScorecardStatus.NOT_STARTED
    assert scorecard.remaining_days_before_reset is None
    assert scorecard.remaining_days_before_improving is None
    assert not scorecard.is_resettable
    assert scorecard.has_not_earned_anything


def test_progress_made_in_a_campaign_starts_the_competence() -> None:
    scorecard = build_scorecard(competence="1.1", knowledge_elements=elements_worth([Fraction(4)]), now=NOW)
    assert scorecard.status == ScorecardStatus.STARTED


def test_a_reset_competence_evaluation_counts_as_not_started_or_started_from_its_elements() -> None:
    empty = build_scorecard(
        competence="1.1",
        knowledge_elements=[],
        now=NOW,
        competence_evaluation_status="reset",
        assessment_state="completed",
    )
    with_elements = build_scorecard(
        competence="1.1",
        knowledge_elements=elements_worth([Fraction(4)]),
        now=NOW,
        competence_evaluation_status="reset",
        assessment_state="completed",
    )
    assert (empty.status, with_elements.status) == (ScorecardStatus.NOT_STARTED, ScorecardStatus.STARTED)


def test_a_competence_evaluation_is_completed_when_its_assessment_is() -> None:
    completed = build_scorecard(
        competence="1.1",
        knowledge_elements=elements_worth([Fraction(4)]),
        now=NOW,
        competence_evaluation_status="started",
        assessment_state="completed",
    )
    started = build_scorecard(
        competence="1.1",
        knowledge_elements=elements_worth([Fraction(4)]),
        now=NOW,
        competence_evaluation_status="started",
        assessment_state="started",
    )
    assert (completed.status, started.status) == (ScorecardStatus.COMPLETED, ScorecardStatus.STARTED)


@pytest.mark.parametrize(
    ("elapsed", "before_reset", "before_improving"),
    [
        (timedelta(0), 7, 4),
        (timedelta(hours=1), 7, 4),
        (timedelta(days=1), 6, 3),
        (timedelta(days=3, hours=23), 4, 1),
        (timedelta(days=4), 3, 0),
        (timedelta(days=6, hours=23, minutes=59), 1, 0),
        (timedelta(days=7), 0, 0),
        (timedelta(days=40), 0, 0),
    ],
)
def test_remaining_days_count_from_the_most_recent_element_and_round_up(
    elapsed: timedelta, before_reset: int, before_improving: int
) -> None:
    elements = [
        pix_element(4, skill_id="old", at=timedelta(days=-20)),
        pix_element(0, skill_id="last", status=INVALIDATED),
    ]
    scorecard = build_scorecard(competence="1.1", knowledge_elements=elements, now=NOW + elapsed)
    assert scorecard.remaining_days_before_reset == before_reset
    assert scorecard.remaining_days_before_improving == before_improving


def test_remaining_days_are_none_without_a_date() -> None:
    assert remaining_days(since=None, now=NOW, delay_days=7) is None


def completed_scorecard(pix: int, *, elapsed: timedelta, max_reachable_level: int = 7) -> Scorecard:
    return build_scorecard(
        competence="1.1",
        knowledge_elements=elements_worth([Fraction(pix)]),
        now=NOW + elapsed,
        competence_evaluation_status="started",
        assessment_state="completed",
        max_reachable_level=max_reachable_level,
    )


def test_a_completed_competence_is_improvable_four_days_after_the_last_element() -> None:
    waiting = completed_scorecard(20, elapsed=timedelta(days=3))
    ready = completed_scorecard(20, elapsed=timedelta(days=4))
    assert (waiting.is_improvable, waiting.should_wait_before_improving) == (False, True)
    assert (ready.is_improvable, ready.should_wait_before_improving) == (True, False)


def test_a_competence_at_the_maximum_level_is_never_improvable() -> None:
    scorecard = completed_scorecard(40, elapsed=timedelta(days=30), max_reachable_level=5)
    assert scorecard.is_max_level
    assert not scorecard.is_improvable
    assert not scorecard.should_wait_before_improving


def test_a_competence_is_resettable_seven_days_after_the_last_element() -> None:
    assert not completed_scorecard(20, elapsed=timedelta(days=6)).is_resettable
    assert completed_scorecard(20, elapsed=timedelta(days=7)).is_resettable


def test_a_started_competence_below_the_maximum_is_progressable() -> None:
    scorecard = build_scorecard(
        competence="1.1",
        knowledge_elements=elements_worth([Fraction(12)]),
        now=NOW,
        competence_evaluation_status="started",
    )
    assert scorecard.is_progressable
    assert scorecard.has_reached_at_least_level_one
    assert (scorecard.level, scorecard.earned_pix, scorecard.exactly_earned_pix) == (1, 12, Fraction(12))
    assert (scorecard.pix_score_ahead_of_next_level, scorecard.remaining_pix_to_next_level) == (4, 4)
    assert scorecard.percentage_ahead_of_next_level == 50


def test_the_scorecard_shows_capped_pix_and_level() -> None:
    scorecard = completed_scorecard(61, elapsed=timedelta(0))
    assert (scorecard.earned_pix, scorecard.level, scorecard.exactly_earned_pix) == (56, 7, Fraction(61))


# --- Level-up -----------------------------------------------------------------------------------------

SKILLS = build_skills(tubes={"@web": range(1, 4), "@mail": range(1, 4)})  # 4 pix per skill


def answer_elements(name: str, status: str, *, minutes: int) -> tuple[KnowledgeElement, ...]:
    skill = next(s for s in SKILLS if s.name == name)
    return knowledge_elements_for_answer(
        answer_status=status,
        challenge=Challenge(id=f"rec-{name}", skill_id=skill.id, competence="1.1"),
        target_skills=SKILLS,
        already_assessed_skill_ids=(),
        created_at=NOW + timedelta(minutes=minutes),
    )


def test_an_answer_that_completes_a_level_reports_the_new_level() -> None:
    before = answer_elements("@web2", "ok", minutes=1)  # 8 pix: level 1
    new = answer_elements("@mail2", "ok", minutes=2)  # +8 pix: level 2
    reached = level_reached_by_answer(
        competence="1.1", answer_status="ok", knowledge_elements=before, new_knowledge_elements=new
    )
    assert reached == 2


def test_an_answer_that_stays_within_the_level_reports_nothing() -> None:
    before = answer_elements("@web2", "ok", minutes=1)
    new = answer_elements("@mail1", "ok", minutes=2)  # 12 pix: still level 1
    assert (
        level_reached_by_answer(
            competence="1.1", answer_status="ok", knowledge_elements=before, new_knowledge_elements=new
        )
        is None
    )


def test_a_wrong_answer_or_an_exam_campaign_never_reports_a_level_up() -> None:
    before = answer_elements("@web2", "ok", minutes=1)
    new = answer_elements("@mail2", "ok", minutes=2)
    assert (
        level_reached_by_answer(
            competence="1.1", answer_status="ko", knowledge_elements=before, new_knowledge_elements=new
        )
        is None
    )
    assert (
        level_reached_by_answer(
            competence="1.1",
            answer_status="ok",
            knowledge_elements=before,
            new_knowledge_elements=new,
            is_exam=True,
        )
        is None
    )


def test_a_level_up_beyond_the_ceiling_is_not_reported() -> None:
    before = [pix_element(40, skill_id="a")]
    new = [pix_element(8, skill_id="b", at=timedelta(minutes=1))]
    assert (
        level_reached_by_answer(
            competence="1.1",
            answer_status="ok",
            knowledge_elements=before,
            new_knowledge_elements=new,
            max_reachable_level=5,
        )
        is None
    )


# --- Certifiability -------------------------------------------------------------------------------------

PIX_COMPETENCES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]


def test_five_competences_at_level_one_make_a_profile_certifiable() -> None:
    elements = [pix_element(8, skill_id=f"{code}-s", competence=code) for code in PIX_COMPETENCES[:5]]
    assert certifiable_competence_count(knowledge_elements=elements, competences=PIX_COMPETENCES) == 5
    assert is_certifiable(knowledge_elements=elements, competences=PIX_COMPETENCES)


def test_four_competences_at_level_one_are_not_enough() -> None:
    elements = [pix_element(8, skill_id=f"{code}-s", competence=code) for code in PIX_COMPETENCES[:4]]
    elements.append(pix_element(Fraction(79, 10), skill_id="s", competence=PIX_COMPETENCES[4]))
    assert not is_certifiable(knowledge_elements=elements, competences=PIX_COMPETENCES)


def test_competences_outside_the_pix_framework_do_not_count() -> None:
    elements = [
        pix_element(8, skill_id=f"{code}-s", competence=code) for code in [*PIX_COMPETENCES[:4], "pix-plus-1"]
    ]
    assert not is_certifiable(knowledge_elements=elements, competences=PIX_COMPETENCES)


def test_the_placement_profile_is_uncapped_and_taken_at_the_limit_date() -> None:
    elements = [
        pix_element(70, skill_id="a", at=timedelta(days=-1)),
        pix_element(8, skill_id="b", at=timedelta(days=1)),
    ]
    profile = placement_profile(knowledge_elements=elements, competences=["1.1"], limit_date=NOW)
    assert (profile["1.1"].pix_score, profile["1.1"].level) == (70, 8)


# --- Campaign skills, mastery, stages, badges ----------------------------------------------------------

CAMPAIGN_POOL = build_skills(tubes={"@web": range(1, 6), "@mail": range(1, 4), "@cloud": range(1, 3)})


def test_campaign_skills_are_the_active_skills_of_each_capped_tube_up_to_its_level() -> None:
    pool = [replace(s, status=SkillStatus.ARCHIVED) if s.name == "@web2" else s for s in CAMPAIGN_POOL]
    skills = campaign_skills_from_capped_tubes(
        skills=pool, capped_tubes=[CappedTube(tube="@web", level=3), CappedTube(tube="@mail", level=2)]
    )
    assert [s.name for s in skills] == ["@mail1", "@mail2", "@web1", "@web3"]


def test_the_mastery_percentage_rounds_halves_up() -> None:
    skills = [f"s{i}" for i in range(8)]
    assert mastery_percentage(validated_skill_ids={"s0"}, skill_ids=skills) == 13  # 12.5
    assert mastery_percentage(validated_skill_ids={"s0", "s1", "s2"}, skill_ids=skills) == 38  # 37.5
    assert mastery_rate(validated_skill_ids={"s0", "other"}, skill_ids=skills) == Fraction(1, 8)


def test_the_mastery_of_an_empty_skill_set_is_zero() -> None:
    assert mastery_percentage(validated_skill_ids={"s0"}, skill_ids=[]) == 0


CAMPAIGN = campaign_skills_from_capped_tubes(
    skills=CAMPAIGN_POOL, capped_tubes=[CappedTube(tube="@web", level=5), CappedTube(tube="@mail", level=3)]
)  # 8 skills: levels 1,1,2,2,3,3,4,5


def ids(*names: str) -> set[str]:
    return {skill.id for skill in CAMPAIGN if skill.name in names}


def test_a_level_stage_needs_the_share_of_campaign_skills_up_to_that_level() -> None:
    assert stage_threshold(stage=Stage(id=1, level=2), campaign_skills=CAMPAIGN) == 50
    assert stage_threshold(stage=Stage(id=1, level=4), campaign_skills=CAMPAIGN) == 88  # 87.5
    assert stage_threshold(stage=Stage(id=1, threshold=30), campaign_skills=CAMPAIGN) == 30


def test_a_level_stage_of_a_campaign_without_skills_needs_everything() -> None:
    assert stage_threshold(stage=Stage(id=1, level=2), campaign_skills=[]) == 100


STAGES = [
    Stage(id=0, threshold=0),
    Stage(id=1, is_first_skill=True),
    Stage(id=2, threshold=25),
    Stage(id=3, level=3),
    Stage(id=4, threshold=100),
]


def test_the_zero_stage_is_always_acquired() -> None:
    acquired = acquired_stages(stages=STAGES, campaign_skills=CAMPAIGN, validated_skill_ids=set())
    assert [stage.id for stage in acquired] == [0]
    assert Stage(id=9, level=0).is_zero_stage


def test_the_first_skill_stage_needs_one_validated_skill() -> None:
    acquired = acquired_stages(stages=STAGES, campaign_skills=CAMPAIGN, validated_skill_ids=ids("@web1"))
    assert [stage.id for stage in acquired] == [0, 1]


def test_stages_are_acquired_when_the_mastery_reaches_their_threshold() -> None:
    # 6 of 8 = 75 %, exactly the level-3 stage's threshold (6 skills up to level 3).
    validated = ids("@web1", "@web2", "@web3", "@mail1", "@mail2", "@mail3")
    acquired = acquired_stages(stages=STAGES, campaign_skills=CAMPAIGN, validated_skill_ids=validated)
    assert [stage.id for stage in acquired] == [0, 1, 2, 3]


def test_stages_acquired_earlier_are_kept_and_not_acquired_again() -> None:
    acquired = acquired_stages(
        stages=STAGES, campaign_skills=CAMPAIGN, validated_skill_ids=set(), already_acquired_stage_ids={2}
    )
    new = newly_acquired_stages(
        stages=STAGES,
        campaign_skills=CAMPAIGN,
        validated_skill_ids=ids("@web1"),
        already_acquired_stage_ids={0},
    )
    assert [stage.id for stage in acquired] == [0, 2]
    assert [stage.id for stage in new] == [1]


def test_a_capped_tubes_criterion_looks_at_the_campaign_skills_of_its_tubes_up_to_their_caps() -> None:
    criterion = BadgeCriterion(
        scope=BadgeCriterionScope.CAPPED_TUBES,
        threshold=50,
        capped_tubes=(CappedTube(tube="@web", level=2), CappedTube(tube="@cloud", level=2)),
    )
    assert criterion_skill_ids(criterion=criterion, campaign_skills=CAMPAIGN) == ids("@web1", "@web2")


def test_a_badge_is_obtained_when_every_criterion_is_fulfilled() -> None:
    badge = Badge(
        id=1,
        criteria=(
            BadgeCriterion(scope=BadgeCriterionScope.CAMPAIGN_PARTICIPATION, threshold=50),
            BadgeCriterion(
                scope=BadgeCriterionScope.CAPPED_TUBES,
                threshold=100,
                capped_tubes=(CappedTube(tube="@mail", level=3),),
            ),
        ),
    )
    half_but_not_mail = badge_result(
        badge=badge, campaign_skills=CAMPAIGN, validated_skill_ids=ids("@web1", "@web2", "@web3", "@web4")
    )
    everything_needed = badge_result(
        badge=badge,
        campaign_skills=CAMPAIGN,
        validated_skill_ids=ids("@web1", "@mail1", "@mail2", "@mail3"),
    )
    assert half_but_not_mail.criterion_percentages == (100, 0)
    assert (half_but_not_mail.is_obtained, half_but_not_mail.progress_percentage) == (False, 50)
    assert everything_needed.criterion_percentages == (100, 100)
    assert everything_needed.is_obtained


def test_a_criterion_percentage_is_the_rounded_ratio_of_mastery_to_threshold_capped_at_100() -> None:
    badge = Badge(
        id=1, criteria=(BadgeCriterion(scope=BadgeCriterionScope.CAMPAIGN_PARTICIPATION, threshold=80),)
    )
    # 3 of 8 → 38 % → 38 / 80 = 47.5 % → 48.
    result = badge_result(
        badge=badge, campaign_skills=CAMPAIGN, validated_skill_ids=ids("@web1", "@web2", "@web3")
    )
    assert result.criterion_percentages == (48,)
    assert not result.is_obtained


def test_a_criterion_whose_skill_set_is_empty_is_dropped() -> None:
    badge = Badge(
        id=1,
        criteria=(
            BadgeCriterion(scope=BadgeCriterionScope.CAMPAIGN_PARTICIPATION, threshold=10),
            BadgeCriterion(
                scope=BadgeCriterionScope.CAPPED_TUBES,
                threshold=90,
                capped_tubes=(CappedTube(tube="@cloud", level=2),),
            ),
        ),
    )
    result = badge_result(badge=badge, campaign_skills=CAMPAIGN, validated_skill_ids=ids("@web1"))
    assert result.criterion_percentages == (100,)
    assert result.is_obtained


def test_a_badge_with_no_measurable_criterion_is_not_obtained() -> None:
    badge = Badge(
        id=1,
        criteria=(
            BadgeCriterion(
                scope=BadgeCriterionScope.CAPPED_TUBES,
                threshold=10,
                capped_tubes=(CappedTube(tube="@cloud", level=2),),
            ),
        ),
    )
    result = badge_result(badge=badge, campaign_skills=CAMPAIGN, validated_skill_ids=ids("@web1"))
    assert (result.is_obtained, result.progress_percentage) == (False, 0)


def test_pix_values_of_eight_per_level_sum_to_exactly_eight_per_full_level() -> None:
    skills = build_skills(tubes={f"@t{i}": range(1, 8) for i in range(7)} | {"@u": range(1, 4)})
    for level in range(1, 8):
        assert sum(s.pix_value for s in skills if s.level == level) == 8
    assert math.floor(sum(s.pix_value for s in skills) / 8) == 7
