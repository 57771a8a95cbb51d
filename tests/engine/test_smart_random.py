from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from fractions import Fraction

import pytest

from assessments.engine.smart_random import (
    Observation,
    estimate_level,
    fallback_locales,
    next_challenge,
    predicted_level,
    skill_reward,
    stable_hash_32,
)
from assessments.engine.types import (
    AnsweredChallenge,
    Challenge,
    ChallengeStatus,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
)
from tests.engine.conftest import NOW, PlayedAssessment, Referential, build_referential, build_skills

# --- Level estimate (§9.5 worked examples) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("observations", "expected"),
    [
        ([], 3.5),
        ([(True, 2)], 4.5),
        ([(False, 2)], 1.0),
        ([(True, 3), (False, 5)], 4.0),
        ([(True, 2), (True, 4), (True, 5)], 6.5),
    ],
)
def test_the_predicted_level_of_the_worked_examples(
    observations: list[tuple[bool, int]], expected: float
) -> None:
    assert estimate_level(observations=[Observation(ok, d) for ok, d in observations]) == expected


def test_the_estimate_stays_on_the_grid_after_many_successes_or_failures() -> None:
    assert estimate_level(observations=[Observation(True, 7)] * 30) == 7.5
    assert estimate_level(observations=[Observation(False, 1)] * 30) == 0.5


def test_only_direct_elements_of_the_target_skills_move_the_estimate() -> None:
    skills = build_skills(tubes={"@a": range(1, 6)})
    inferred = KnowledgeElement(
        skill_id=skills[0].id,
        competence="1.1",
        status=KnowledgeElementStatus.VALIDATED,
        source=KnowledgeElementSource.INFERRED,
        earned_pix=Fraction(8),
        created_at=NOW,
    )
    direct = replace(inferred, skill_id=skills[1].id, source=KnowledgeElementSource.DIRECT)
    assert predicted_level(knowledge_elements=[inferred], target_skills=skills) == 3.5
    assert predicted_level(knowledge_elements=[inferred, direct], target_skills=skills) == 4.5


# --- Reward (§9.6 worked example) -------------------------------------------------------------------


def test_the_rewards_of_the_worked_example_favour_difficulty_three() -> None:
    tube = build_skills(tubes={"@a": range(1, 6)})
    rewards = [skill_reward(skill=s, level=2.5, tube_skills=tube, tested_skill_ids=()) for s in tube]
    assert rewards == pytest.approx([1.730, 2.755, 3.000, 2.365, 1.303], abs=5e-4)
    assert max(rewards) == rewards[2]


def test_the_engine_asks_difficulty_three_in_the_worked_example() -> None:
    # An OK on @x2 and a KO on @x3 give the estimate 2.5 and settle the whole @x tube.
    played = PlayedAssessment(referential=build_referential(tubes={"@x": range(1, 4), "@a": range(1, 6)}))
    played.answer("@x2", "ok")
    played.answer("@x3", "ko")
    choice = next_challenge(situation=played.situation())
    assert choice.predicted_level == 2.5
    assert choice.candidate_skill_ids == ("1.1@a3",)
    assert played.next_skill_name() == "@a3"


def test_tested_skills_settle_nothing_more() -> None:
    tube = build_skills(tubes={"@a": range(1, 4)})
    reward = skill_reward(skill=tube[1], level=2.0, tube_skills=tube, tested_skill_ids={tube[0].id})
    assert reward == pytest.approx(0.5 * 1 + 0.5 * 2)


# --- First challenge (§9.3) ---------------------------------------------------------------------------


def test_the_first_challenge_is_of_level_two_in_an_easy_tube() -> None:
    played = PlayedAssessment(
        referential=build_referential(tubes={"@hard": range(1, 7), "@easy": range(1, 4)})
    )
    choice = next_challenge(situation=played.situation())
    assert choice.predicted_level == 2.0
    assert choice.candidate_skill_ids == ("1.1@easy2",)


def test_without_easy_tube_the_first_challenge_comes_from_any_tube() -> None:
    played = PlayedAssessment(referential=build_referential(tubes={"@hard": range(1, 7)}))
    assert played.next_skill_name() == "@hard2"


def test_without_untested_level_two_the_first_challenge_is_of_the_lowest_level() -> None:
    played = PlayedAssessment(referential=build_referential(tubes={"@easy": [1, 3], "@other": [3]}))
    assert played.next_skill_name() == "@easy1"


def test_the_first_challenge_is_never_timed_when_another_is_possible() -> None:
    referential = build_referential(tubes={"@a": range(1, 4), "@b": range(1, 4)}, timed_skill_names={"@a2"})
    assert PlayedAssessment(referential=referential).next_skill_name() == "@b2"


def test_the_first_challenge_may_be_timed_when_every_candidate_is() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)}, timed_skill_names={"@a1", "@a2", "@a3"})
    assert PlayedAssessment(referential=referential).next_skill_name() == "@a2"


def test_skills_already_known_from_other_assessments_are_not_asked_first() -> None:
    referential = build_referential(tubes={"@a": range(1, 4), "@b": range(1, 4)})
    earlier = PlayedAssessment(referential=referential, assessment_id=99, created_at=NOW - timedelta(days=1))
    earlier.answer("@a2", "ok")
    played = PlayedAssessment(referential=referential, knowledge_elements=list(earlier.knowledge_elements))
    assert played.next_skill_name() == "@b2"


# --- Next challenges (§9.4) -----------------------------------------------------------------------------


def test_skills_more_than_two_levels_above_the_estimate_are_never_asked() -> None:
    played = PlayedAssessment(referential=build_referential(tubes={"@a": range(1, 8), "@b": range(1, 8)}))
    played.answer("@a2", "ko")
    choice = next_challenge(situation=played.situation())
    assert choice.predicted_level == 1.0
    levels = {int(skill_id[-1]) for skill_id in choice.candidate_skill_ids}
    assert levels and max(levels) <= 3


def test_the_assessment_ends_when_the_remaining_skills_are_too_hard() -> None:
    played = PlayedAssessment(referential=build_referential(tubes={"@a": range(1, 4), "@b": range(5, 8)}))
    played.answer("@a1", "ko")
    choice = next_challenge(situation=played.situation())
    assert choice.predicted_level == 0.5
    assert choice.has_ended
    assert choice.challenge is None
    assert choice.candidate_skill_ids == ()


def test_the_assessment_ends_when_every_skill_is_known() -> None:
    played = PlayedAssessment(referential=build_referential(tubes={"@a": range(1, 4)}))
    played.answer("@a3", "ok")
    assert next_challenge(situation=played.situation()).has_ended


def test_an_assessment_on_a_competence_without_challenges_ends_at_once() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    played = PlayedAssessment(referential=replace(referential, challenges=()))
    assert next_challenge(situation=played.situation()).has_ended


def timed_symmetry_referential(*, last_answer_timed: bool) -> Referential:
    """Tubes @p and @q are twins, @q's challenges are timed; @r holds the first answer."""
    return build_referential(
        tubes={"@r": range(1, 4), "@p": range(1, 4), "@q": range(1, 4)},
        timed_skill_names={"@q1", "@q2", "@q3", *(("@r2",) if last_answer_timed else ())},
    )


def test_timed_skills_stay_possible_after_an_untimed_answer() -> None:
    played = PlayedAssessment(referential=timed_symmetry_referential(last_answer_timed=False))
    played.answer("@r2", "ok")
    assert next_challenge(situation=played.situation()).candidate_skill_ids == ("1.1@p3", "1.1@q3")


def test_timed_skills_are_avoided_right_after_a_timed_answer() -> None:
    played = PlayedAssessment(referential=timed_symmetry_referential(last_answer_timed=True))
    played.answer("@r2", "ok")
    assert next_challenge(situation=played.situation()).candidate_skill_ids == ("1.1@p3",)


def test_an_answered_challenge_is_never_asked_again_even_if_its_skill_is_still_untested() -> None:
    referential = build_referential(tubes={"@a": [2]})
    first, second = referential.challenges
    situation = PlayedAssessment(referential=referential).situation(
        answers=(AnsweredChallenge(challenge_id=first.id, status="ok"),)
    )
    assert next_challenge(situation=situation).challenge == second
    both_answered = replace(situation, answers=(*situation.answers, AnsweredChallenge(second.id, "ko")))
    assert next_challenge(situation=both_answered).has_ended


# --- Challenges: status, locale, pick (§9.7, §9.8, §10.1) ---------------------------------------------------


def with_challenges(referential: Referential, challenges: list[Challenge]) -> Referential:
    return replace(referential, challenges=tuple(challenges))


def test_a_competence_evaluation_asks_validated_challenges_only() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    archived = [
        replace(c, status=ChallengeStatus.ARCHIVED) if c.skill_id == "1.1@a2" else c
        for c in referential.challenges
    ]
    played = PlayedAssessment(referential=with_challenges(referential, archived))
    assert played.next_skill_name() == "@a1"


def test_a_campaign_also_asks_archived_challenges_but_never_obsolete_ones() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    archived = [
        replace(c, status=ChallengeStatus.ARCHIVED) if c.skill_id == "1.1@a2" else c
        for c in referential.challenges
    ]
    obsolete = [
        replace(c, status=ChallengeStatus.OBSOLETE) if c.skill_id == "1.1@a2" else c
        for c in referential.challenges
    ]
    assert (
        PlayedAssessment(referential=with_challenges(referential, archived)).next_skill_name(is_campaign=True)
        == "@a2"
    )
    assert (
        PlayedAssessment(referential=with_challenges(referential, obsolete)).next_skill_name(is_campaign=True)
        == "@a1"
    )


def test_the_pick_prefers_validated_challenges_to_archived_ones() -> None:
    referential = build_referential(tubes={"@a": [2]}, challenges_per_skill=4)
    challenges = [
        c if c.id.endswith("-2") else replace(c, status=ChallengeStatus.ARCHIVED)
        for c in referential.challenges
    ]
    for assessment_id in range(1, 20):
        played = PlayedAssessment(
            referential=with_challenges(referential, challenges), assessment_id=assessment_id
        )
        chosen = next_challenge(situation=played.situation(is_campaign=True)).challenge
        assert chosen is not None and chosen.id.endswith("-2")


def test_challenges_in_another_language_are_never_asked() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    english = [replace(c, locales=("en",)) if c.skill_id == "1.1@a2" else c for c in referential.challenges]
    assert PlayedAssessment(referential=with_challenges(referential, english)).next_skill_name() == "@a1"


def test_a_regional_locale_accepts_challenges_of_its_language_and_prefers_its_own() -> None:
    referential = build_referential(tubes={"@a": [2]}, challenges_per_skill=4)
    challenges = [
        replace(c, locales=("fr-FR",)) if c.id.endswith("-3") else c for c in referential.challenges
    ]
    for assessment_id in range(1, 20):
        played = PlayedAssessment(
            referential=with_challenges(referential, challenges), assessment_id=assessment_id
        )
        chosen = next_challenge(situation=played.situation(locale="fr-fr")).challenge
        assert chosen is not None and chosen.id.endswith("-3")
        in_french = next_challenge(situation=played.situation(locale="fr")).challenge
        assert in_french is not None and not in_french.id.endswith("-3")


def test_fallback_locales_go_from_the_region_to_the_language() -> None:
    assert fallback_locales("fr-FR") == ("fr-fr", "fr")
    assert fallback_locales("nl-BE") == ("nl-be", "nl")
    assert fallback_locales("en") == ("en",)


def test_the_same_situation_always_gives_the_same_challenge() -> None:
    referential = build_referential(tubes={"@a": range(1, 8), "@b": range(1, 8)}, challenges_per_skill=3)
    played = PlayedAssessment(referential=referential, assessment_id=1234)
    played.answer("@a2", "ok")
    situation = played.situation()
    shuffled = replace(
        situation,
        target_skills=tuple(reversed(situation.target_skills)),
        challenges=tuple(reversed(situation.challenges)),
        knowledge_elements=tuple(reversed(situation.knowledge_elements)),
    )
    assert next_challenge(situation=situation) == next_challenge(situation=situation)
    assert next_challenge(situation=shuffled).challenge == next_challenge(situation=situation).challenge


def test_different_assessments_spread_over_the_equally_good_challenges() -> None:
    referential = build_referential(tubes={"@a": range(1, 4), "@b": range(1, 4)}, challenges_per_skill=3)
    chosen = {
        next_challenge(
            situation=PlayedAssessment(referential=referential, assessment_id=i).situation()
        ).challenge
        for i in range(1, 60)
    }
    assert len(chosen) == 6  # @a2 and @b2, three challenges each


def test_the_stable_hash_is_fixed_and_never_negative() -> None:
    assert [stable_hash_32(value) for value in (0, 1, 2, 3)] == [0, 1753845952, 3507691905, 1408362973]
    assert stable_hash_32(-1) == stable_hash_32(0xFFFFFFFF)
    assert all(0 <= stable_hash_32(value) < 2**32 for value in range(-1000, 1000))


# --- Knowledge elements that count (§6.4, §10.1) --------------------------------------------------------------


def old_failure_on_a2(referential: Referential) -> list[KnowledgeElement]:
    earlier = PlayedAssessment(referential=referential, assessment_id=5, created_at=NOW - timedelta(days=10))
    earlier.answer("@a2", "ko")
    return earlier.knowledge_elements


def test_an_improving_evaluation_asks_again_skills_failed_more_than_four_days_ago() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    played = PlayedAssessment(referential=referential, knowledge_elements=old_failure_on_a2(referential))
    assert played.next_skill_name(is_improving=True) == "@a2"
    assert played.next_skill_name(is_improving=False) == "@a1"


def test_a_campaign_always_forgets_failures_older_than_four_days() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    played = PlayedAssessment(referential=referential, knowledge_elements=old_failure_on_a2(referential))
    assert played.next_skill_name(is_campaign=True) == "@a2"


def test_a_campaign_keeps_skills_validated_anywhere() -> None:
    referential = build_referential(tubes={"@a": range(1, 4), "@b": range(1, 4)})
    earlier = PlayedAssessment(referential=referential, assessment_id=5, created_at=NOW - timedelta(days=300))
    earlier.answer("@a2", "ok")
    played = PlayedAssessment(referential=referential, knowledge_elements=earlier.knowledge_elements)
    assert played.next_skill_name(is_campaign=True) == "@b2"


def test_campaign_skills_limit_what_is_asked() -> None:
    referential = build_referential(tubes={"@a": range(1, 8)})
    campaign_skills = tuple(s for s in referential.skills if s.level <= 3)
    played = PlayedAssessment(referential=referential)
    played.answer("@a2", "ok")
    choice = next_challenge(situation=played.situation(target_skills=campaign_skills, is_campaign=True))
    assert choice.candidate_skill_ids == ("1.1@a3",)


def test_elements_outside_the_target_skills_are_ignored() -> None:
    referential = build_referential(tubes={"@a": range(1, 4)})
    other = build_referential(tubes={"@z": range(1, 8)}, competence="3.4")
    elsewhere = PlayedAssessment(referential=other, assessment_id=8)
    elsewhere.answer("@z7", "ok")
    played = PlayedAssessment(referential=referential, knowledge_elements=list(elsewhere.knowledge_elements))
    played.answer("@a2", "ko")
    assert next_challenge(situation=played.situation()).predicted_level == 1.0
