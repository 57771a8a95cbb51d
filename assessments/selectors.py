"""Reads for assessments: the referential as the engine sees it, a learner's knowledge, scorecards."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from assessments.engine import scoring
from assessments.engine.types import (
    AnsweredChallenge,
    ChallengeStatus,
    KnowledgeElementSource,
    KnowledgeElementStatus,
    SkillStatus,
)
from assessments.engine.types import Challenge as EngineChallenge
from assessments.engine.types import KnowledgeElement as EngineKnowledgeElement
from assessments.engine.types import Skill as EngineSkill
from assessments.models import Answer, Assessment, CompetenceEvaluation, KnowledgeElement
from challenges.models import Challenge
from referential.models import Competence, ContentRelease, Skill, Status


@dataclass(frozen=True)
class ReferentialSnapshot:
    """The loaded release, shaped for the engine; built once per release and per process."""

    release_number: int
    competences: dict[str, Competence]  # by code, in framework order
    competence_codes_by_pk: dict[int, str]
    skills: dict[str, EngineSkill]  # by skill name (the engine's skill id)
    skill_pks: dict[str, int]
    skill_names_by_pk: dict[int, str]
    active_skills_by_competence: dict[str, tuple[EngineSkill, ...]]
    challenges: dict[str, EngineChallenge]
    challenges_by_competence: dict[str, tuple[EngineChallenge, ...]]
    challenges_by_skill: dict[str, tuple[EngineChallenge, ...]]
    challenge_rows: dict[str, Challenge]  # read-only model instances (solutions included): server side only

    def skills_of(self, competence_code: str) -> tuple[EngineSkill, ...]:
        return self.active_skills_by_competence.get(competence_code, ())


_snapshot_lock = threading.Lock()
_snapshot: ReferentialSnapshot | None = None


def current_release_number() -> int:
    return ContentRelease.objects.order_by("-number").values_list("number", flat=True).first() or 0


def referential_snapshot() -> ReferentialSnapshot:
    """The current release for the engine: one small query to know the release, the rest cached."""
    global _snapshot
    number = current_release_number()
    snapshot = _snapshot
    if snapshot is not None and snapshot.release_number == number:
        return snapshot
    with _snapshot_lock:
        if _snapshot is None or _snapshot.release_number != number:
            _snapshot = _build_snapshot(number)
        return _snapshot


def forget_referential_snapshot() -> None:
    """For tests that load content after a snapshot was built in the same release number."""
    global _snapshot
    _snapshot = None


def _build_snapshot(number: int) -> ReferentialSnapshot:
    competences = {c.code: c for c in Competence.objects.select_related("area").order_by("position")}
    competence_codes_by_pk = {c.pk: code for code, c in competences.items()}
    skills: dict[str, EngineSkill] = {}
    skill_pks: dict[str, int] = {}
    active_by_competence: dict[str, list[EngineSkill]] = defaultdict(list)
    for row in Skill.objects.select_related("tube").order_by("competence__position", "tube__name", "level"):
        skill = EngineSkill(
            id=row.name,
            name=row.name,
            tube=row.tube.name,
            level=row.level,
            competence=competence_codes_by_pk[row.competence_id],
            pix_value=row.pix_value,
            status=SkillStatus(row.status),
        )
        skills[row.name] = skill
        skill_pks[row.name] = row.pk
        if row.status == Status.ACTIVE:
            active_by_competence[skill.competence].append(skill)
    skill_names_by_pk = {pk: name for name, pk in skill_pks.items()}
    challenges: dict[str, EngineChallenge] = {}
    rows: dict[str, Challenge] = {}
    by_competence: dict[str, list[EngineChallenge]] = defaultdict(list)
    by_skill: dict[str, list[EngineChallenge]] = defaultdict(list)
    for row in Challenge.objects.prefetch_related("attachments").order_by("id"):
        engine_challenge = EngineChallenge(
            id=row.id,
            skill_id=skill_names_by_pk[row.skill_id],
            competence=competence_codes_by_pk[row.competence_id],
            status=ChallengeStatus(row.status),
            timer=row.timer,
            focused=row.focused,
            locales=tuple(row.locales),
            alpha=row.alpha,
            delta=row.delta,
            challenge_type=row.type,
        )
        challenges[row.id] = engine_challenge
        rows[row.id] = row
        by_competence[engine_challenge.competence].append(engine_challenge)
        by_skill[engine_challenge.skill_id].append(engine_challenge)
    return ReferentialSnapshot(
        release_number=number,
        competences=competences,
        competence_codes_by_pk=competence_codes_by_pk,
        skills=skills,
        skill_pks=skill_pks,
        skill_names_by_pk=skill_names_by_pk,
        active_skills_by_competence={code: tuple(v) for code, v in active_by_competence.items()},
        challenges=challenges,
        challenges_by_competence={code: tuple(v) for code, v in by_competence.items()},
        challenges_by_skill={skill_id: tuple(v) for skill_id, v in by_skill.items()},
        challenge_rows=rows,
    )


# -- Knowledge ------------------------------------------------------------------------------


def knowledge_elements_of(
    *,
    user,
    snapshot: ReferentialSnapshot,
    competence_code: str | None = None,
    limit_date: datetime | None = None,
) -> tuple[EngineKnowledgeElement, ...]:
    """A user's knowledge elements (all rows, oldest first) as the engine sees them: one query.

    `user` is a user or a user id.
    """
    rows: QuerySet[KnowledgeElement] = KnowledgeElement.objects.filter(user_id=getattr(user, "pk", user))
    if competence_code is not None:
        rows = rows.filter(competence_id=snapshot.competences[competence_code].pk)
    if limit_date is not None:
        rows = rows.filter(created_at__lt=limit_date)
    return tuple(
        EngineKnowledgeElement(
            skill_id=snapshot.skill_names_by_pk[skill_pk],
            competence=snapshot.competence_codes_by_pk[competence_pk],
            status=KnowledgeElementStatus(status),
            source=KnowledgeElementSource(source),
            earned_pix=Fraction(numerator, denominator),
            created_at=created_at,
            assessment_id=assessment_id,
            answer_id=answer_id,
        )
        for skill_pk, competence_pk, status, source, numerator, denominator, created_at, assessment_id, answer_id in (
            rows.order_by("created_at", "id").values_list(
                "skill_id",
                "competence_id",
                "status",
                "source",
                "earned_pix_numerator",
                "earned_pix_denominator",
                "created_at",
                "assessment_id",
                "answer_id",
            )
        )
    )


def answered_challenges_of(*, assessment: Assessment) -> tuple[AnsweredChallenge, ...]:
    return tuple(
        AnsweredChallenge(challenge_id=challenge_id, status=result, timeout=timeout)
        for challenge_id, result, timeout in assessment.answers.order_by("created_at", "id").values_list(
            "challenge_id", "result", "timeout"
        )
    )


def assessment_of(*, user, assessment_id: int) -> Assessment | None:
    """The assessment if it belongs to this user; None otherwise (callers answer 404)."""
    if not user.is_authenticated:
        return None
    return (
        Assessment.objects.filter(pk=assessment_id, user=user)
        .select_related("competence", "campaign_participation")
        .first()
    )


# -- Scorecards -----------------------------------------------------------------------------


def scorecards_of(*, user, now: datetime | None = None) -> list[scoring.Scorecard]:
    """The sixteen scorecards of a user, in framework order: three queries whatever the history."""
    now = now or timezone.now()
    snapshot = referential_snapshot()
    elements = knowledge_elements_of(user=user, snapshot=snapshot)
    evaluations = {
        snapshot.competence_codes_by_pk[competence_pk]: (status, state)
        for competence_pk, status, state in CompetenceEvaluation.objects.filter(user=user).values_list(
            "competence_id", "status", "assessment__state"
        )
    }
    by_competence: dict[str, list[EngineKnowledgeElement]] = defaultdict(list)
    for element in elements:
        by_competence[element.competence].append(element)
    return [
        scoring.build_scorecard(
            competence=code,
            knowledge_elements=by_competence.get(code, ()),
            now=now,
            competence_evaluation_status=evaluations.get(code, (None, None))[0],
            assessment_state=evaluations.get(code, (None, None))[1],
            max_reachable_level=settings.MAX_REACHABLE_LEVEL,
        )
        for code in snapshot.competences
    ]


def scorecard_of(*, user, competence_code: str, now: datetime | None = None) -> scoring.Scorecard:
    now = now or timezone.now()
    snapshot = referential_snapshot()
    elements = knowledge_elements_of(user=user, snapshot=snapshot, competence_code=competence_code)
    evaluation = (
        CompetenceEvaluation.objects.filter(user=user, competence__code=competence_code)
        .values_list("status", "assessment__state")
        .first()
    )
    return scoring.build_scorecard(
        competence=competence_code,
        knowledge_elements=elements,
        now=now,
        competence_evaluation_status=evaluation[0] if evaluation else None,
        assessment_state=evaluation[1] if evaluation else None,
        max_reachable_level=settings.MAX_REACHABLE_LEVEL,
    )


def answers_of(*, assessment: Assessment) -> QuerySet[Answer]:
    return assessment.answers.select_related("challenge").order_by("created_at", "id")
