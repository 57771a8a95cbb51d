"""Scoring a certification course: the database in, the engine's rules, an `AssessmentResult` out.

`course_score` builds the engine's inputs from the rows (pix-engine.md §12.2 for v2, §13.5–13.7 for
v3), calls the pure engine and appends a result with its competence marks. Results are append-only:
scoring again (after a jury action, a finalisation) adds a new row and the latest one counts.
A published session is never rescored; a course is scored once it is complete or its session
finalised (§13.7). An engine error gives a result in error (score 0), logged, that blocks publication.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence

from django.db import transaction

from assessments.engine.calibration import CapacityInterval
from assessments.engine.certification_v2 import (
    PlacementCompetence,
    V2CertificationChallenge,
    score_v2_course,
)
from assessments.engine.certification_v3 import AbortReason, score_v3_course
from assessments.engine.flash import FlashConfiguration, prepare_flash_pool
from assessments.engine.scoring import placement_profile
from assessments.engine.types import AnsweredChallenge
from assessments.models import Answer, Assessment
from assessments.selectors import ReferentialSnapshot, knowledge_elements_of, referential_snapshot
from certification.models import (
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    LiveAlert,
)

logger = logging.getLogger(__name__)

EMITTER_ALGO = "PIX-ALGO"
EMITTER_JURY = "Jury Pix"


@dataclasses.dataclass(frozen=True)
class _Scored:
    status: str
    jury_comment_key: str
    pix_score: int
    capacity: float | None
    reached_mesh_level: int | None
    reproducibility_rate: int | None
    marks: tuple[tuple[str, int, int], ...]  # (competence code, level, score)


def course_is_scorable(*, course: CertificationCourse) -> bool:
    """Complete (the course's date, or its assessment's state) or finalised, and not published (§13.7)."""
    session = course.session
    if session.published_at is not None:
        return False
    if session.finalized_at is not None or course.completed_at is not None:
        return True
    return Assessment.objects.filter(certification_course=course, state=Assessment.State.COMPLETED).exists()


def course_score(
    *,
    course_id: int,
    emitter: str = EMITTER_ALGO,
    global_intervals: Sequence[CapacityInterval] | None = None,
    competence_intervals: Mapping[str, Sequence[CapacityInterval]] | None = None,
) -> AssessmentResult | None:
    """Score the course and append the result; None when the course may not be scored (yet).

    The jury comments of the previous result are carried over, so that a rescoring does not lose them.
    `global_intervals` / `competence_intervals` replace the calibrated v3 intervals (tests, simulations).
    """
    course = CertificationCourse.objects.select_related("session", "candidate").filter(pk=course_id).first()
    if course is None:
        logger.warning("certification course %s does not exist: not scored", course_id)
        return None
    if not course_is_scorable(course=course):
        logger.info("certification course %s is not scorable now (unfinished or published)", course_id)
        return None

    snapshot = referential_snapshot()
    try:
        if course.version == 2:
            scored = _score_v2(course=course, snapshot=snapshot)
        else:
            scored = _score_v3(
                course=course,
                snapshot=snapshot,
                global_intervals=global_intervals,
                competence_intervals=competence_intervals,
            )
        error = ""
    except Exception as exc:  # any inconsistency of the data: a result in error, for the jury to look at
        logger.exception("scoring of certification course %s failed", course_id)
        scored = _Scored(
            status=AssessmentResult.Status.ERROR,
            jury_comment_key="",
            pix_score=0,
            capacity=None,
            reached_mesh_level=None,
            reproducibility_rate=None,
            marks=(),
        )
        error = f"{type(exc).__name__}: {exc}"[:1000]

    return _append_result(course=course, scored=scored, emitter=emitter, error=error, snapshot=snapshot)


def _append_result(
    *, course: CertificationCourse, scored: _Scored, emitter: str, error: str, snapshot: ReferentialSnapshot
) -> AssessmentResult:
    previous = course.results.order_by("-created_at", "-id").first()
    comment_by_jury = previous.comment_by_jury if previous else ""
    if error:
        comment_by_jury = f"Erreur de calcul : {error}"
    with transaction.atomic():
        result = AssessmentResult.objects.create(
            course=course,
            status=scored.status,
            pix_score=scored.pix_score,
            capacity=scored.capacity,
            reached_mesh_level=scored.reached_mesh_level,
            reproducibility_rate=scored.reproducibility_rate,
            emitter=emitter,
            jury_comment_key=scored.jury_comment_key,
            comment_for_candidate=previous.comment_for_candidate if previous else "",
            comment_for_organization=previous.comment_for_organization if previous else "",
            comment_by_jury=comment_by_jury,
        )
        CompetenceMark.objects.bulk_create(
            CompetenceMark(
                result=result,
                competence_code=code,
                area_code=_area_code(code, snapshot),
                level=level,
                score=score,
            )
            for code, level, score in scored.marks
        )
    return result


def _area_code(competence_code: str, snapshot: ReferentialSnapshot) -> str:
    competence = snapshot.competences.get(competence_code)
    if competence is not None:
        return competence.area.code
    return competence_code.split(".", 1)[0]


def course_answers(*, course: CertificationCourse) -> list[AnsweredChallenge]:
    """The course's answers in the order they were given (one query)."""
    rows = (
        Answer.objects.filter(assessment__certification_course=course)
        .order_by("created_at", "id")
        .values_list("challenge_id", "result", "timeout")
    )
    return [
        AnsweredChallenge(challenge_id=cid, status=result, timeout=timeout) for cid, result, timeout in rows
    ]


def _abort_reason(course: CertificationCourse) -> AbortReason | None:
    return AbortReason(course.abort_reason) if course.abort_reason else None


def _course_locale(course: CertificationCourse) -> str | None:
    return (
        Assessment.objects.filter(certification_course=course).values_list("locale", flat=True).first()
        or None
    )


# -- v3 -------------------------------------------------------------------------------------


def _score_v3(
    *,
    course: CertificationCourse,
    snapshot: ReferentialSnapshot,
    global_intervals: Sequence[CapacityInterval] | None,
    competence_intervals: Mapping[str, Sequence[CapacityInterval]] | None,
) -> _Scored:
    # The calibration used when each question was asked wins over today's content values (§13.1).
    asked: dict[str, tuple[float | None, float | None]] = {}
    neutralised: set[str] = set()
    for challenge_id, alpha, delta, is_neutralized in CertificationChallenge.objects.filter(
        course=course
    ).values_list("challenge_id", "alpha", "delta", "is_neutralized"):
        asked[challenge_id] = (alpha, delta)
        if is_neutralized:
            neutralised.add(challenge_id)
    challenges = []
    for challenge in snapshot.challenges.values():
        if (
            challenge.id in asked
            and asked[challenge.id][0] is not None
            and asked[challenge.id][1] is not None
        ):
            alpha, delta = asked[challenge.id]
            challenge = dataclasses.replace(challenge, alpha=alpha, delta=delta)
        challenges.append(challenge)
    pool = prepare_flash_pool(
        challenges=challenges,
        tube_by_skill_id={skill_id: skill.tube for skill_id, skill in snapshot.skills.items()},
        locale=_course_locale(course),
    )
    live_alerts = set(
        LiveAlert.objects.filter(course=course, status=LiveAlert.Status.VALIDATED).values_list(
            "challenge_id", flat=True
        )
    )
    config = FlashConfiguration(
        maximum_assessment_length=course.number_of_challenges or 32,
        max_reachable_level=course.max_reachable_level,
    )
    kwargs = {}
    if global_intervals is not None:
        kwargs["global_intervals"] = global_intervals
    if competence_intervals is not None:
        kwargs["competence_intervals"] = competence_intervals
    result = score_v3_course(
        challenges=pool,
        # A question the jury neutralised does not count, as one replaced after a live alert.
        answers=[
            answer for answer in course_answers(course=course) if answer.challenge_id not in neutralised
        ],
        live_alert_challenge_ids=live_alerts,
        abort_reason=_abort_reason(course),
        is_cancelled=course.is_cancelled,
        is_rejected_for_fraud=course.is_rejected_for_fraud,
        config=config,
        **kwargs,
    )
    return _Scored(
        status=str(result.status),
        jury_comment_key=str(result.jury_comment_key or ""),
        pix_score=result.pix_score or 0,
        capacity=result.capacity,
        reached_mesh_level=result.mesh_level,
        reproducibility_rate=None,
        marks=tuple((mark.competence, mark.level, 0) for mark in result.competence_marks),
    )


# -- v2 -------------------------------------------------------------------------------------


def course_placement(
    *, course: CertificationCourse, snapshot: ReferentialSnapshot
) -> list[PlacementCompetence]:
    """The uncapped profile of every Pix competence at the candidate's reconciliation date (§11)."""
    limit_date = course.candidate.reconciled_at or course.created_at
    elements = knowledge_elements_of(user=course.user_id, snapshot=snapshot, limit_date=limit_date)
    profile = placement_profile(
        knowledge_elements=elements, competences=list(snapshot.competences), limit_date=limit_date
    )
    return [
        PlacementCompetence(competence=code, estimated_level=score.level, pix_score=score.pix_score)
        for code, score in profile.items()
    ]


def _score_v2(*, course: CertificationCourse, snapshot: ReferentialSnapshot) -> _Scored:
    challenges = [
        V2CertificationChallenge(
            challenge_id=row.challenge_id,
            competence=row.competence_code,
            skill_name=row.skill_name,
            challenge_type=(
                snapshot.challenges[row.challenge_id].challenge_type
                if row.challenge_id in snapshot.challenges
                else "QCU"
            ),
            is_neutralized=row.is_neutralized,
            has_been_skipped_automatically=row.has_been_skipped_automatically,
        )
        for row in CertificationChallenge.objects.filter(course=course).order_by("position")
    ]
    result = score_v2_course(
        placement=course_placement(course=course, snapshot=snapshot),
        challenges=challenges,
        answers=course_answers(course=course),
        abort_reason=_abort_reason(course),
        is_cancelled=course.is_cancelled,
        is_rejected_for_fraud=course.is_rejected_for_fraud,
        max_reachable_level=course.max_reachable_level,
    )
    return _Scored(
        status=str(result.status),
        jury_comment_key=str(result.jury_comment_key or ""),
        pix_score=result.pix_score,
        capacity=None,
        reached_mesh_level=None,
        reproducibility_rate=result.reproducibility_rate,
        marks=tuple((mark.competence, mark.level, mark.score) for mark in result.competence_marks),
    )
