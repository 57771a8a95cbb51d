"""Certification v2 (pix-engine.md §12): three questions per certifiable competence, scored with the
reproducibility rate.

* `pick_v2_challenges` chooses, for each certifiable competence of the placement profile, up to
  three challenges among the skills the candidate validated directly, hardest first.
* `score_v2_course` computes the reproducibility rate, applies the (n, c, z) × rate table to each
  competence, caps levels and scores and chooses the result status and jury comment.

The placement profile (levels and pix per competence, uncapped, at the candidate's reconciliation
date) is an input: it is computed by the knowledge-element code.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.engine.certification_v3 import AbortReason, AssessmentResultStatus, JuryCommentKey
from assessments.engine.types import AnsweredChallenge, Challenge, Skill

MAX_CHALLENGES_PER_COMPETENCE = 3
MINIMUM_COMPETENCE_LEVEL_FOR_CERTIFIABILITY = 1
MINIMUM_REPRODUCIBILITY_RATE_TO_BE_CERTIFIED = 50
INTERMEDIATE_REPRODUCIBILITY_RATE = 70
MINIMUM_REPRODUCIBILITY_RATE_TO_BE_TRUSTED = 80
# The course is trusted when at least 66 % of its challenges were not neutralised.
TRUSTED_SHARE_PERCENT = 66
UNCERTIFIED_LEVEL = -1
PIX_COUNT_BY_LEVEL = 8
DEFAULT_MAX_REACHABLE_LEVEL = 7
QROCM_DEP = "QROCM-dep"
OK_STATUS = "ok"


@dataclass(frozen=True, slots=True)
class PlacementCompetence:
    """One competence of the placement profile, uncapped (§11)."""

    competence: str
    estimated_level: int
    pix_score: int
    directly_validated_skills: tuple[Skill, ...] = ()

    @property
    def is_certifiable(self) -> bool:
        return self.estimated_level >= MINIMUM_COMPETENCE_LEVEL_FOR_CERTIFIABILITY


@dataclass(frozen=True, slots=True)
class V2CertificationChallenge:
    """A question of a v2 course, as picked and then as finalised (neutralised, skipped automatically)."""

    challenge_id: str
    competence: str
    skill_id: str = ""
    skill_name: str = ""
    challenge_type: str = "QCU"
    is_neutralized: bool = False
    has_been_skipped_automatically: bool = False


# --- Picking (§12.1) ----------------------------------------------------------------------------


def _challenges_by_skill(challenges: Sequence[Challenge], locale: str | None) -> dict[str, list[Challenge]]:
    by_skill: dict[str, list[Challenge]] = {}
    for challenge in challenges:
        if challenge.is_operative and (locale is None or locale in challenge.locales):
            by_skill.setdefault(challenge.skill_id, []).append(challenge)
    for options in by_skill.values():
        options.sort(key=lambda challenge: challenge.id)  # the draw must not depend on the input order
    return by_skill


def _pick_for_competence(
    *,
    placement: PlacementCompetence,
    challenges_by_skill: Mapping[str, Sequence[Challenge]],
    already_answered_challenge_ids: Collection[str],
    rng: random.Random,
) -> list[V2CertificationChallenge]:
    skills_by_level: dict[int, dict[str, Skill]] = {}
    for skill in placement.directly_validated_skills:
        skills_by_level.setdefault(skill.level, {})[skill.id] = skill

    selection: list[tuple[Skill, Challenge]] = []
    for level in sorted(skills_by_level, reverse=True):
        represented_tubes = {skill.tube for skill, _ in selection}
        picked: list[tuple[Skill, Challenge]] = []
        for skill in sorted(skills_by_level[level].values(), key=lambda skill: skill.name):
            options = challenges_by_skill.get(skill.id, ())
            if not options:
                continue
            fresh = [challenge for challenge in options if challenge.id not in already_answered_challenge_ids]
            picked.append((skill, rng.choice(fresh or list(options))))
        # Within one difficulty, tubes not yet in the selection come first (the sort is stable).
        picked.sort(key=lambda pair: pair[0].tube in represented_tubes)
        selection.extend(picked)
        if len(selection) >= MAX_CHALLENGES_PER_COMPETENCE:
            break

    return [
        V2CertificationChallenge(
            challenge_id=challenge.id,
            competence=placement.competence,
            skill_id=skill.id,
            skill_name=skill.name,
            challenge_type=challenge.challenge_type,
        )
        for skill, challenge in selection[:MAX_CHALLENGES_PER_COMPETENCE]
    ]


def pick_v2_challenges(
    *,
    placement: Sequence[PlacementCompetence],
    challenges: Sequence[Challenge],
    seed: int | str,
    already_answered_challenge_ids: Collection[str] = frozenset(),
    locale: str | None = None,
) -> list[V2CertificationChallenge]:
    """Up to three challenges per certifiable competence, in competence order.

    For each competence, the directly validated skills are taken from the hardest level down; each
    skill gets a random operative challenge of the locale, preferring one the candidate has not
    already answered; within a level, skills of tubes not yet represented come first.
    `already_answered_challenge_ids` are the challenges behind the candidate's directly validated
    knowledge elements. Each competence draws from `random.Random(f"{seed}:{competence}")`.
    """
    challenges_by_skill = _challenges_by_skill(challenges, locale)
    picked: list[V2CertificationChallenge] = []
    for competence in sorted(placement, key=lambda competence: competence.competence):
        if not competence.is_certifiable:
            continue
        picked.extend(
            _pick_for_competence(
                placement=competence,
                challenges_by_skill=challenges_by_skill,
                already_answered_challenge_ids=already_answered_challenge_ids,
                rng=random.Random(f"{seed}:{competence.competence}"),
            )
        )
    return picked


# --- The certified level table (§12.2 step 6) ---------------------------------------------------


class CertifiedLevelRule(StrEnum):
    VALIDATE = "validate"
    DOWNGRADE = "downgrade"
    INVALIDATE = "invalidate"


_V = CertifiedLevelRule.VALIDATE
_D = CertifiedLevelRule.DOWNGRADE
_I = CertifiedLevelRule.INVALIDATE

# (challenges n, correct c, neutralised z) → (rule when rate ≥ 80, when 70 ≤ rate < 80, when rate < 70)
CERTIFIED_LEVEL_RULES: Mapping[
    tuple[int, int, int], tuple[CertifiedLevelRule, CertifiedLevelRule, CertifiedLevelRule]
] = {
    (3, 3, 0): (_V, _V, _V),
    (3, 2, 0): (_V, _D, _D),
    (3, 2, 1): (_V, _V, _V),
    (3, 1, 0): (_I, _I, _I),
    (3, 1, 1): (_V, _D, _I),
    (3, 1, 2): (_V, _V, _D),
    (3, 0, 0): (_I, _I, _I),
    (3, 0, 1): (_I, _I, _I),
    (3, 0, 2): (_I, _I, _I),
    (3, 0, 3): (_I, _I, _I),
    (2, 2, 0): (_V, _V, _V),
    (2, 1, 0): (_V, _D, _I),
    (2, 1, 1): (_V, _V, _D),
    (2, 0, 0): (_I, _I, _I),
    (2, 0, 1): (_I, _I, _I),
    (2, 0, 2): (_I, _I, _I),
    (1, 1, 0): (_V, _V, _D),
    (1, 0, 0): (_I, _I, _I),
    (1, 0, 1): (_I, _I, _I),
}


class MissingCertifiedLevelRuleError(ValueError):
    """No rule of the table matches (n, c, z): the course's content is not what v2 expects."""


def certified_level_rule(
    *, challenges_count: int, correct_count: int, neutralized_count: int, reproducibility_rate: int
) -> CertifiedLevelRule:
    """The table of §12.2 step 6 (counts already weighted for QROCM-dep, correct capped at 3)."""
    try:
        by_band = CERTIFIED_LEVEL_RULES[(challenges_count, correct_count, neutralized_count)]
    except KeyError:
        raise MissingCertifiedLevelRuleError(
            f"missing certified level rule for {challenges_count} challenges, {correct_count} correct,"
            f" {neutralized_count} neutralised"
        ) from None
    if reproducibility_rate >= MINIMUM_REPRODUCIBILITY_RATE_TO_BE_TRUSTED:
        return by_band[0]
    if reproducibility_rate >= INTERMEDIATE_REPRODUCIBILITY_RATE:
        return by_band[1]
    return by_band[2]


# --- Scoring (§12.2) ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReproducibilityCounts:
    correct: int
    non_neutralized: int
    challenges: int

    @property
    def rate(self) -> int:
        """round(100 × correct / non-neutralised), halves up; 0 without any counted challenge."""
        if self.non_neutralized == 0:
            return 0
        # Integer arithmetic for floor(100 c / d + ½): no float can land just under a half.
        return (200 * self.correct + self.non_neutralized) // (2 * self.non_neutralized)

    @property
    def is_trustable(self) -> bool:
        """At least ceil(66 % of the challenges) were not neutralised."""
        return 100 * self.non_neutralized >= TRUSTED_SHARE_PERCENT * self.challenges


def reproducibility_counts(
    *, challenges: Sequence[V2CertificationChallenge], answer_status_by_challenge: Mapping[str, str]
) -> ReproducibilityCounts:
    correct = 0
    non_neutralized = 0
    for challenge in challenges:
        if challenge.is_neutralized:
            continue
        status = answer_status_by_challenge.get(challenge.challenge_id)
        if status is not None or challenge.has_been_skipped_automatically:
            non_neutralized += 1
        if status == OK_STATUS:
            correct += 1
    return ReproducibilityCounts(correct=correct, non_neutralized=non_neutralized, challenges=len(challenges))


@dataclass(frozen=True, slots=True)
class CompetenceCounts:
    """n, c, z of one competence, QROCM-dep counting twice when the competence has under 3 challenges."""

    challenges: int
    correct: int
    neutralized: int


def competence_counts(
    *, challenges: Sequence[V2CertificationChallenge], answer_status_by_challenge: Mapping[str, str]
) -> CompetenceCounts:
    """The counts of one competence's challenges; `correct` is capped at 3."""
    doubles_qrocm_dep = len(challenges) < MAX_CHALLENGES_PER_COMPETENCE
    total = correct = neutralized = 0
    for challenge in challenges:
        weight = 2 if doubles_qrocm_dep and challenge.challenge_type == QROCM_DEP else 1
        total += weight
        if challenge.is_neutralized:
            neutralized += weight
        elif answer_status_by_challenge.get(challenge.challenge_id) == OK_STATUS:
            correct += weight
    return CompetenceCounts(
        challenges=total, correct=min(correct, MAX_CHALLENGES_PER_COMPETENCE), neutralized=neutralized
    )


@dataclass(frozen=True, slots=True)
class V2CompetenceMark:
    competence: str
    level: int  # −1 when not certified
    score: int
    rule: CertifiedLevelRule | None  # None when the rate under 50 % decided for every competence


@dataclass(frozen=True, slots=True)
class V2CertificationResult:
    status: AssessmentResultStatus
    jury_comment_key: JuryCommentKey | None
    pix_score: int
    reproducibility_rate: int
    is_trustable: bool
    competence_marks: tuple[V2CompetenceMark, ...]


def _certified_mark(
    *,
    placement: PlacementCompetence,
    rule: CertifiedLevelRule,
    max_reachable_level: int,
) -> V2CompetenceMark:
    if rule is CertifiedLevelRule.INVALIDATE:
        return V2CompetenceMark(competence=placement.competence, level=UNCERTIFIED_LEVEL, score=0, rule=rule)
    level, score = placement.estimated_level, placement.pix_score
    if rule is CertifiedLevelRule.DOWNGRADE:
        level, score = level - 1, score - PIX_COUNT_BY_LEVEL
    return V2CompetenceMark(
        competence=placement.competence,
        level=min(level, max_reachable_level),
        score=min(score, max_reachable_level * PIX_COUNT_BY_LEVEL),
        rule=rule,
    )


def score_v2_course(
    *,
    placement: Sequence[PlacementCompetence],
    challenges: Sequence[V2CertificationChallenge],
    answers: Sequence[AnsweredChallenge],
    abort_reason: AbortReason | None = None,
    is_cancelled: bool = False,
    is_rejected_for_fraud: bool = False,
    max_reachable_level: int = DEFAULT_MAX_REACHABLE_LEVEL,
) -> V2CertificationResult:
    """Score a v2 course from the placement profile at the reconciliation date (§12.2)."""
    tested = {competence.competence: competence for competence in placement if competence.is_certifiable}
    course = [challenge for challenge in challenges if challenge.competence in tested]
    course_ids = {challenge.challenge_id for challenge in course}

    answer_status_by_challenge: dict[str, str] = {}
    for answer in answers:
        if answer.challenge_id not in course_ids:
            continue
        if answer.challenge_id in answer_status_by_challenge:
            raise ValueError(f"several answers for the same challenge {answer.challenge_id}")
        answer_status_by_challenge[answer.challenge_id] = answer.status

    counts = reproducibility_counts(challenges=course, answer_status_by_challenge=answer_status_by_challenge)
    rate = counts.rate
    certifies = rate >= MINIMUM_REPRODUCIBILITY_RATE_TO_BE_CERTIFIED

    marks: list[V2CompetenceMark] = []
    for code in sorted(tested):
        if not certifies:
            marks.append(V2CompetenceMark(competence=code, level=UNCERTIFIED_LEVEL, score=0, rule=None))
            continue
        competence = competence_counts(
            challenges=[challenge for challenge in course if challenge.competence == code],
            answer_status_by_challenge=answer_status_by_challenge,
        )
        rule = certified_level_rule(
            challenges_count=competence.challenges,
            correct_count=competence.correct,
            neutralized_count=competence.neutralized,
            reproducibility_rate=rate,
        )
        marks.append(
            _certified_mark(placement=tested[code], rule=rule, max_reachable_level=max_reachable_level)
        )

    pix_score = sum(mark.score for mark in marks)
    status, comment = _v2_status(
        is_cancelled=is_cancelled,
        is_rejected_for_fraud=is_rejected_for_fraud,
        is_trustable=counts.is_trustable,
        abort_reason=abort_reason,
        certifies=certifies,
        pix_score=pix_score,
    )
    return V2CertificationResult(
        status=status,
        jury_comment_key=comment,
        pix_score=pix_score,
        reproducibility_rate=rate,
        is_trustable=counts.is_trustable,
        competence_marks=tuple(marks),
    )


def _v2_status(
    *,
    is_cancelled: bool,
    is_rejected_for_fraud: bool,
    is_trustable: bool,
    abort_reason: AbortReason | None,
    certifies: bool,
    pix_score: int,
) -> tuple[AssessmentResultStatus, JuryCommentKey | None]:
    """The first rule that applies, in the order of §12.2 step 9."""
    if is_cancelled:
        return AssessmentResultStatus.CANCELLED, None
    if is_rejected_for_fraud:
        return AssessmentResultStatus.REJECTED, JuryCommentKey.FRAUD
    if not is_trustable:
        return AssessmentResultStatus.CANCELLED, JuryCommentKey.CANCELLED_DUE_TO_NEUTRALIZATION
    if not certifies:
        if abort_reason is AbortReason.TECHNICAL:
            return (
                AssessmentResultStatus.CANCELLED,
                JuryCommentKey.CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON,
            )
        return AssessmentResultStatus.REJECTED, JuryCommentKey.REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS
    if pix_score == 0:
        return AssessmentResultStatus.REJECTED, None
    return AssessmentResultStatus.VALIDATED, None
