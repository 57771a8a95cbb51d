"""Smart random: the next challenge of a competence evaluation or a campaign (pix-engine.md §9, §10.1).

The learner's level is estimated from their direct answers (a one-parameter logistic model with two
virtual answers that keep the estimate finite), then the untested skill that should reveal the most
skills is asked, never more than two levels above the estimate. The assessment ends when no skill is
left: there is no fixed length. Everything is deterministic: the pick among equally good skills and
challenges uses a stable integer hash of the assessment id.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from assessments.engine.knowledge import knowledge_elements_kept_for_improvement, latest_knowledge_elements
from assessments.engine.types import (
    AnsweredChallenge,
    Challenge,
    ChallengeStatus,
    KnowledgeElement,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    Skill,
)

MAX_LEVEL_TO_BE_AN_EASY_TUBE = 3
DEFAULT_LEVEL_FOR_FIRST_CHALLENGE = 2
MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL = 2
CANDIDATE_LEVELS: tuple[float, ...] = tuple(half / 2 for half in range(1, 16))  # 0.5, 1.0, …, 7.5
DIFFICULTY_WHEN_SKILL_IS_UNKNOWN = 2

_MASK_32 = 0xFFFFFFFF


def stable_hash_32(value: int) -> int:
    """Chris Wellons' "lowbias32" integer mix (hash-prospector, 2018) of the value's low 32 bits.

    Two xor-shift-multiply rounds: every input bit flips about half the output bits, so consecutive
    assessment ids land far apart (Thomas Wang's older mix stays nearly linear for small ids). It is
    the same on every machine and Python version, unlike `hash()`, and never negative.
    """
    key = value & _MASK_32
    key ^= key >> 16
    key = (key * 0x7FEB352D) & _MASK_32
    key ^= key >> 15
    key = (key * 0x846CA68B) & _MASK_32
    key ^= key >> 16
    return key


def fallback_locales(locale: str) -> tuple[str, ...]:
    """Acceptable challenge locales, best first, lower-cased: "fr-FR" → ("fr-fr", "fr")."""
    requested = locale.lower()
    language = requested.split("-", 1)[0]
    return (requested,) if language == requested else (requested, language)


# --- Level estimate (§9.5) -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observation:
    is_success: bool
    difficulty: int


# Always added, so that a run of only successes (or only failures) still has a finite estimate.
VIRTUAL_OBSERVATIONS = (
    Observation(is_success=True, difficulty=0),
    Observation(is_success=False, difficulty=7),
)


def probability_of_success(*, level: float, difficulty: float) -> float:
    return 1 / (1 + math.exp(-(level - difficulty)))


def estimate_level(*, observations: Iterable[Observation]) -> float:
    """The first candidate level where Σ (outcome − P(success)) is closest to zero.

    The sum decreases with the level, so this is the grid point nearest to the root of the score
    equation (a finer rule than a likelihood maximum, and the reference's).
    """
    all_observations = (*VIRTUAL_OBSERVATIONS, *observations)

    def distance_to_root(level: float) -> float:
        return abs(
            sum(
                (1.0 if observation.is_success else 0.0)
                - probability_of_success(level=level, difficulty=observation.difficulty)
                for observation in all_observations
            )
        )

    best_level = CANDIDATE_LEVELS[0]
    best_distance = distance_to_root(best_level)
    for level in CANDIDATE_LEVELS[1:]:
        distance = distance_to_root(level)
        if distance < best_distance:  # strict: the first level wins a tie
            best_level, best_distance = level, distance
    return best_level


def predicted_level(
    *, knowledge_elements: Iterable[KnowledgeElement], target_skills: Iterable[Skill]
) -> float:
    """The estimate from the direct elements only (inferred ones would count one answer several times)."""
    difficulty_by_skill = {skill.id: skill.level for skill in target_skills}
    return estimate_level(
        observations=[
            Observation(
                is_success=element.status == KnowledgeElementStatus.VALIDATED,
                difficulty=difficulty_by_skill.get(element.skill_id, DIFFICULTY_WHEN_SKILL_IS_UNKNOWN),
            )
            for element in knowledge_elements
            if element.source == KnowledgeElementSource.DIRECT
            and element.status != KnowledgeElementStatus.RESET
        ]
    )


# --- Reward (§9.6) ---------------------------------------------------------------------------------


def skill_reward(
    *,
    skill: Skill,
    level: float,
    tube_skills: Iterable[Skill],
    tested_skill_ids: Collection[str],
) -> float:
    """Expected number of skills whose status an answer on `skill` settles.

    A success settles the untested skills of the tube up to its level, a failure those from its level
    up; both counts include the skill itself.
    """
    untested = [other for other in tube_skills if other.id not in tested_skill_ids]
    settled_if_solved = sum(1 for other in untested if other.level <= skill.level)
    settled_if_failed = sum(1 for other in untested if other.level >= skill.level)
    probability = probability_of_success(level=level, difficulty=skill.level)
    return probability * settled_if_solved + (1 - probability) * settled_if_failed


# --- Selection --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SmartRandomSituation:
    """Everything smart random needs to choose the next challenge of one assessment.

    For a competence evaluation, `target_skills` are the competence's active skills; for a campaign,
    the campaign skills. `challenges` may hold more than is eligible: the status rule (validated only
    for a competence evaluation, operative for a campaign) and the locale are applied here.
    `knowledge_elements` are the user's elements from every assessment, raw or already reduced to the
    latest per skill; `answers` are this assessment's answers, in order.
    """

    target_skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]
    knowledge_elements: tuple[KnowledgeElement, ...]
    answers: tuple[AnsweredChallenge, ...]
    assessment_id: int
    assessment_created_at: datetime
    locale: str = "fr"
    is_campaign: bool = False
    is_improving: bool = False
    is_retrying: bool = False


@dataclass(frozen=True, slots=True)
class SmartRandomChoice:
    challenge: Challenge | None  # None: no skill left, the assessment has ended
    predicted_level: float
    candidate_skill_ids: tuple[str, ...]  # the skills the pick chose among, for diagnostics

    @property
    def has_ended(self) -> bool:
        return self.challenge is None


@dataclass(frozen=True, slots=True)
class _Candidate:
    skill: Skill
    challenges: tuple[Challenge, ...]  # remaining, eligible, sorted by id

    @property
    def is_timed(self) -> bool:
        return self.challenges[0].is_timed


def next_challenge(*, situation: SmartRandomSituation) -> SmartRandomChoice:
    """The next challenge to ask, or a choice with no challenge when the assessment has ended."""
    target_skills = sorted(situation.target_skills, key=lambda skill: (skill.tube, skill.level, skill.id))
    target_skill_ids = {skill.id for skill in target_skills}
    locales = fallback_locales(situation.locale)
    eligible = sorted(
        (
            challenge
            for challenge in situation.challenges
            if challenge.skill_id in target_skill_ids
            and _has_eligible_status(challenge, is_campaign=situation.is_campaign)
            and any(locale.lower() in locales for locale in challenge.locales)
        ),
        key=lambda challenge: challenge.id,
    )
    answered_ids = {answer.challenge_id for answer in situation.answers}

    eligible_by_skill: dict[str, list[Challenge]] = defaultdict(list)
    for challenge in eligible:
        eligible_by_skill[challenge.skill_id].append(challenge)
    # Tubes are built from the skills that have a challenge at all, answered or not.
    tubes: dict[str, list[Skill]] = defaultdict(list)
    for skill in target_skills:
        if eligible_by_skill.get(skill.id):
            tubes[skill.tube].append(skill)

    counted_elements = _counted_knowledge_elements(situation=situation, target_skill_ids=target_skill_ids)
    tested_skill_ids = {element.skill_id for element in counted_elements}

    playable = [
        _Candidate(skill=skill, challenges=remaining)
        for skill in target_skills
        if (remaining := tuple(c for c in eligible_by_skill.get(skill.id, ()) if c.id not in answered_ids))
    ]
    untested = [candidate for candidate in playable if candidate.skill.id not in tested_skill_ids]
    in_easy_tubes = _prefer(
        untested,
        lambda candidate: max(s.level for s in tubes[candidate.skill.tube]) <= MAX_LEVEL_TO_BE_AN_EASY_TUBE,
    )

    if not situation.answers:
        level = float(DEFAULT_LEVEL_FOR_FIRST_CHALLENGE)
        untimed = _prefer(in_easy_tubes, lambda candidate: not candidate.is_timed)
        candidates = _focus_on_default_level(untimed)
    else:
        level = predicted_level(knowledge_elements=counted_elements, target_skills=target_skills)
        if _last_answer_was_timed(situation):
            in_easy_tubes = _prefer(in_easy_tubes, lambda candidate: not candidate.is_timed)
        not_too_hard = [
            candidate
            for candidate in in_easy_tubes
            if candidate.skill.level - level <= MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL
        ]
        candidates = _best_rewarded(not_too_hard, level=level, tubes=tubes, tested_skill_ids=tested_skill_ids)

    return SmartRandomChoice(
        challenge=_pick(candidates, seed=situation.assessment_id, locale=situation.locale),
        predicted_level=level,
        candidate_skill_ids=tuple(candidate.skill.id for candidate in candidates),
    )


def _has_eligible_status(challenge: Challenge, *, is_campaign: bool) -> bool:
    return challenge.is_operative if is_campaign else challenge.status == ChallengeStatus.VALIDATED


def _counted_knowledge_elements(
    *, situation: SmartRandomSituation, target_skill_ids: Collection[str]
) -> tuple[KnowledgeElement, ...]:
    """The current elements on target skills, through the improvement filter when it applies.

    A campaign always applies it (old failures may be asked again); a competence evaluation only
    when the learner improves it.
    """
    latest = latest_knowledge_elements(knowledge_elements=situation.knowledge_elements)
    kept = knowledge_elements_kept_for_improvement(
        knowledge_elements=latest,
        assessment_created_at=situation.assessment_created_at,
        is_improving=situation.is_improving or situation.is_campaign,
        is_campaign=situation.is_campaign,
        is_retrying=situation.is_retrying,
    )
    return tuple(element for element in kept if element.skill_id in target_skill_ids)


def _prefer(candidates: list[_Candidate], keep: Callable[[_Candidate], bool]) -> list[_Candidate]:
    """The candidates that pass `keep`, or all of them when none does."""
    kept = [candidate for candidate in candidates if keep(candidate)]
    return kept or candidates


def _focus_on_default_level(candidates: list[_Candidate]) -> list[_Candidate]:
    at_default = [c for c in candidates if c.skill.level == DEFAULT_LEVEL_FOR_FIRST_CHALLENGE]
    if at_default or not candidates:
        return at_default
    lowest = min(candidate.skill.level for candidate in candidates)
    return [candidate for candidate in candidates if candidate.skill.level == lowest]


def _last_answer_was_timed(situation: SmartRandomSituation) -> bool:
    """Whether the last answer was on a timed challenge (from the content, else from its timeout)."""
    last = situation.answers[-1]
    for challenge in situation.challenges:
        if challenge.id == last.challenge_id:
            return challenge.is_timed
    return last.timeout is not None


def _best_rewarded(
    candidates: list[_Candidate],
    *,
    level: float,
    tubes: dict[str, list[Skill]],
    tested_skill_ids: Collection[str],
) -> list[_Candidate]:
    rewards = [
        skill_reward(
            skill=candidate.skill,
            level=level,
            tube_skills=tubes[candidate.skill.tube],
            tested_skill_ids=tested_skill_ids,
        )
        for candidate in candidates
    ]
    best = max(rewards, default=0.0)
    return [
        candidate
        for candidate, reward in zip(candidates, rewards, strict=True)
        if reward == best and reward > 0
    ]


def _pick(candidates: Sequence[_Candidate], *, seed: int, locale: str) -> Challenge | None:
    """The same skill and challenge positions for the whole assessment: hash(seed) and hash(seed + 1).

    Within the skill, challenges in the exact requested locale come first (then those of the fallback
    locales), and validated ones before archived ones.
    """
    if not candidates:
        return None
    skill_key = stable_hash_32(seed)
    challenge_key = stable_hash_32(seed + 1)
    challenges = candidates[skill_key % len(candidates)].challenges
    requested = locale.lower()
    in_locale = [c for c in challenges if requested in (lc.lower() for lc in c.locales)] or list(challenges)
    validated = [c for c in in_locale if c.status == ChallengeStatus.VALIDATED] or in_locale
    return validated[challenge_key % len(validated)]
