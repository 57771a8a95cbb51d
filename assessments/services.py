"""Writes for assessments: start, next challenge, answer, reset, improve.

Views and API endpoints call these; the rules themselves are in ``assessments.engine`` and the answer
checking in ``challenges.checking``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.engine import certification_v3, knowledge, scoring, smart_random
from assessments.engine.flash import (
    DEFAULT_FLASH_CONFIGURATION,
    FlashChallenge,
    FlashConfiguration,
    FlashPool,
    flash_challenge,
    prepare_flash_pool,
)
from assessments.engine.types import KnowledgeElement as EngineKnowledgeElement
from assessments.models import Answer, Assessment, CompetenceEvaluation, KnowledgeElement
from assessments.selectors import (
    ReferentialSnapshot,
    answered_challenges_of,
    knowledge_elements_of,
    referential_snapshot,
    scorecard_of,
)
from challenges.checking import SKIP_VALUE, AnswerStatus, check_answer
from challenges.models import Challenge

# A timed answer may arrive a little after the countdown reached zero (network, a slow click).
TIMER_GRACE_SECONDS = 5
CONTENT_LOCALE = "fr"


class AssessmentError(Exception):
    """A refusal the learner can understand; `code` is stable for API clients."""

    code = "assessment_error"
    message = _("Cette action n'est pas possible.")
    status = 400

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))
        self.detail = message or str(self.message)


class AssessmentEnded(AssessmentError):
    code = "assessment_ended"
    message = _("Ce test est terminé : il n'accepte plus de réponse.")
    status = 409


class ChallengeAlreadyAnswered(AssessmentError):
    code = "challenge_already_answered"
    message = _("Vous avez déjà répondu à cette question.")
    status = 409


class ChallengeNotAsked(AssessmentError):
    code = "challenge_not_asked"
    message = _("Cette question n'est pas celle qui vous est posée.")
    status = 409


class EmptyAnswer(AssessmentError):
    code = "empty_answer"
    message = _("Vous n'avez pas répondu. Donnez une réponse ou choisissez « Je passe ».")


class CompetenceResetTooEarly(AssessmentError):
    code = "competence_reset_too_early"
    status = 409

    def __init__(self, days: int) -> None:
        self.days = days
        super().__init__(
            str(_("Vous pourrez remettre à zéro cette compétence dans %(days)d jour(s).") % {"days": days})
        )


class ImproveForbidden(AssessmentError):
    code = "improve_forbidden"
    status = 409


class UnknownCompetence(AssessmentError):
    code = "unknown_competence"
    message = _("Cette compétence n'existe pas.")
    status = 404


class CertificationSessionClosed(AssessmentError):
    code = "certification_session_closed"
    message = _("La session de certification est finalisée : votre test est terminé.")
    status = 409


class LiveAlertPending(AssessmentError):
    code = "live_alert_pending"
    message = _("Votre signalement est en attente du surveillant : attendez sa réponse pour continuer.")
    status = 409


# -- Competence evaluations -----------------------------------------------------------------


def competence_evaluation_start_or_resume(*, user, competence_code: str) -> Assessment:
    """The learner's running evaluation of this competence, created when there is none (§8)."""
    snapshot = referential_snapshot()
    competence = snapshot.competences.get(competence_code)
    if competence is None:
        raise UnknownCompetence()
    with transaction.atomic():
        evaluation = (
            CompetenceEvaluation.objects.select_for_update()
            .select_related("assessment")
            .filter(user=user, competence=competence)
            .first()
        )
        if evaluation is not None and evaluation.status != CompetenceEvaluation.Status.RESET:
            return evaluation.assessment
        assessment = Assessment.objects.create(
            user=user,
            type=Assessment.Type.COMPETENCE_EVALUATION,
            competence=competence,
            locale=_locale_of(user),
        )
        if evaluation is None:
            CompetenceEvaluation.objects.create(user=user, competence=competence, assessment=assessment)
        else:
            evaluation.assessment = assessment
            evaluation.status = CompetenceEvaluation.Status.STARTED
            evaluation.save(update_fields=["assessment", "status", "updated_at"])
        return assessment


def competence_evaluation_improve(*, user, competence_code: str, now: datetime | None = None) -> Assessment:
    """ "Retenter": a new, improving assessment, 4 days after the last answer (§8)."""
    now = now or timezone.now()
    snapshot = referential_snapshot()
    competence = snapshot.competences.get(competence_code)
    if competence is None:
        raise UnknownCompetence()
    scorecard = scorecard_of(user=user, competence_code=competence_code, now=now)
    with transaction.atomic():
        evaluation = (
            CompetenceEvaluation.objects.select_for_update()
            .select_related("assessment")
            .filter(user=user, competence=competence)
            .first()
        )
        if evaluation is None:
            raise ImproveForbidden(str(_("Commencez d'abord cette compétence.")))
        current = evaluation.assessment
        if current.is_started and current.is_improving:
            return current
        if scorecard.is_max_level:
            raise ImproveForbidden(str(_("Vous avez atteint le niveau maximal de cette compétence.")))
        if scorecard.should_wait_before_improving:
            raise ImproveForbidden(
                str(
                    _("Vous pourrez retenter cette compétence dans %(days)d jour(s).")
                    % {"days": scorecard.remaining_days_before_improving}
                )
            )
        if not scorecard.is_improvable:
            raise ImproveForbidden(str(_("Terminez d'abord le test en cours sur cette compétence.")))
        assessment = Assessment.objects.create(
            user=user,
            type=Assessment.Type.COMPETENCE_EVALUATION,
            competence=competence,
            is_improving=True,
            locale=_locale_of(user),
        )
        evaluation.assessment = assessment
        evaluation.status = CompetenceEvaluation.Status.STARTED
        evaluation.save(update_fields=["assessment", "status", "updated_at"])
        return assessment


def scorecard_reset(*, user, competence_code: str, now: datetime | None = None) -> int:
    """ "Remettre à zéro": forget every skill of the competence, 7 days after the last answer (§8).

    Returns the number of skills reset (0 when there was nothing to reset).
    """
    now = now or timezone.now()
    snapshot = referential_snapshot()
    competence = snapshot.competences.get(competence_code)
    if competence is None:
        raise UnknownCompetence()
    with transaction.atomic():
        # Serialise resets of one learner: two clicks must not write two sets of reset rows.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        elements = knowledge_elements_of(user=user, snapshot=snapshot, competence_code=competence_code)
        current = knowledge.latest_knowledge_elements(knowledge_elements=elements)
        if not current:
            return 0
        scorecard = scorecard_of(user=user, competence_code=competence_code, now=now)
        if scorecard.remaining_days_before_reset:
            raise CompetenceResetTooEarly(scorecard.remaining_days_before_reset)
        resets = knowledge.reset_knowledge_elements(
            knowledge_elements=current, competence=competence_code, now=now
        )
        _store_knowledge_elements(user=user, snapshot=snapshot, elements=resets)
        CompetenceEvaluation.objects.filter(user=user, competence=competence).update(
            status=CompetenceEvaluation.Status.RESET, updated_at=now
        )
        _restart_campaign_assessments(user=user, reset_skill_ids={e.skill_id for e in resets}, now=now)
        return len(resets)


def _restart_campaign_assessments(*, user, reset_skill_ids: set[str], now: datetime) -> None:
    """A reset also restarts the running campaign tests that measure those skills (§8, step 3).

    Shared participations keep their frozen results; the others get a fresh assessment, so the
    learner is not left in a test that believes the reset skills are still known.
    """
    from campaigns.selectors import campaign_engine_skills

    running = (
        Assessment.objects.filter(
            user=user, type=Assessment.Type.CAMPAIGN, campaign_participation__isnull=False
        )
        .exclude(state=Assessment.State.ABORTED)
        .exclude(campaign_participation__status="SHARED")
        .filter(campaign_participation__deleted_at__isnull=True, campaign_participation__is_improved=False)
        .select_related("campaign_participation")
    )
    for assessment in running:
        participation = assessment.campaign_participation
        if participation.assessments.filter(created_at__gt=assessment.created_at).exists():
            continue  # only the participation's latest assessment matters
        skill_ids = {skill.id for skill in campaign_engine_skills(campaign_id=participation.campaign_id)}
        if not skill_ids & reset_skill_ids:
            continue
        Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.ABORTED, updated_at=now)
        Assessment.objects.create(
            user=user,
            type=Assessment.Type.CAMPAIGN,
            campaign_participation=participation,
            is_improving=assessment.is_improving,
            created_at=now,
        )


# -- Asking and answering -------------------------------------------------------------------


def assessment_next_challenge(*, assessment: Assessment, now: datetime | None = None) -> Challenge | None:
    """The challenge to show now, or None when the assessment has ended (and is then completed).

    A question asked and not answered yet is asked again, so a reload or a second tab never skips it.
    """
    if not assessment.is_started:
        return None
    if assessment.type == Assessment.Type.CERTIFICATION:
        return _certification_next_challenge(assessment=assessment, now=now or timezone.now())
    snapshot = referential_snapshot()
    answers = answered_challenges_of(assessment=assessment)
    answered_ids = {a.challenge_id for a in answers}
    if assessment.last_challenge_id and assessment.last_challenge_id not in answered_ids:
        return snapshot.challenge_rows[assessment.last_challenge_id]
    choice = smart_random.next_challenge(situation=_situation(assessment, snapshot=snapshot, answers=answers))
    if choice.challenge is None:
        assessment_complete(assessment=assessment)
        return None
    now = now or timezone.now()
    assessment.last_challenge_id = choice.challenge.id
    assessment.last_question_state = Assessment.QuestionState.ASKED
    assessment.last_question_date = now
    assessment.timer_started_at = None
    assessment.save(
        update_fields=[
            "last_challenge",
            "last_question_state",
            "last_question_date",
            "timer_started_at",
            "updated_at",
        ]
    )
    return snapshot.challenge_rows[choice.challenge.id]


def assessment_timer_start(*, assessment: Assessment, now: datetime | None = None) -> bool:
    """A timed challenge's countdown starts when the learner leaves its warning page, once per question.

    Returns False (and changes nothing) when it had already started: a second browser or a replayed
    request never restarts the clock.
    """
    now = now or timezone.now()
    started = Assessment.objects.filter(pk=assessment.pk, timer_started_at__isnull=True).update(
        timer_started_at=now, last_question_date=now, updated_at=now
    )
    if started:
        assessment.timer_started_at = assessment.last_question_date = now
    else:
        assessment.refresh_from_db(fields=["timer_started_at", "last_question_date"])
    return bool(started)


def assessment_complete(*, assessment: Assessment) -> None:
    Assessment.objects.filter(pk=assessment.pk, state=Assessment.State.STARTED).update(
        state=Assessment.State.COMPLETED, updated_at=timezone.now()
    )
    assessment.state = Assessment.State.COMPLETED


@dataclass(frozen=True)
class AnswerOutcome:
    answer: Answer
    level_up: int | None  # the new level when this answer raised the competence's level


def answer_save(
    *,
    assessment: Assessment,
    challenge_id: str,
    value: str,
    timeout: int | None = None,
    focused_out: bool = False,
    now: datetime | None = None,
) -> AnswerOutcome:
    """Check the answer to the question asked, store it once, and record what it shows (§4.4, §6).

    The caller has checked that the assessment belongs to the learner.
    """
    now = now or timezone.now()
    snapshot = referential_snapshot()
    try:
        outcome, question_state = _answer_save_locked(
            assessment_id=assessment.pk,
            challenge_id=challenge_id,
            value=value,
            timeout=timeout,
            focused_out=focused_out,
            now=now,
            snapshot=snapshot,
        )
    except IntegrityError as error:
        # The unique (assessment, challenge) constraint: a racing twin got there first.
        raise ChallengeAlreadyAnswered() from error
    assessment.last_question_state = question_state
    return outcome


@transaction.atomic
def _answer_save_locked(
    *,
    assessment_id: int,
    challenge_id: str,
    value: str,
    timeout: int | None,
    focused_out: bool,
    now: datetime,
    snapshot: ReferentialSnapshot,
) -> tuple[AnswerOutcome, str]:
    # One answer at a time per assessment: a double submission waits here, then is refused.
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign_participation")
        .get(pk=assessment_id)
    )
    if not locked.is_started:
        raise AssessmentEnded()
    if Answer.objects.filter(assessment=locked, challenge_id=challenge_id).exists():
        raise ChallengeAlreadyAnswered()
    if locked.last_challenge_id != challenge_id:
        raise ChallengeNotAsked()
    is_certification = locked.type == Assessment.Type.CERTIFICATION
    if is_certification:
        _certification_answer_guard(locked, challenge_id=challenge_id)
        # A focus lost during the question counts too, even if the page was reloaded since (§4.3 step 4).
        focused_out = focused_out or locked.last_question_state == Assessment.QuestionState.FOCUSED_OUT
    challenge = snapshot.challenge_rows[challenge_id]
    value = (value or "").strip() if value != SKIP_VALUE else value
    timed_out = _has_timed_out(
        challenge=challenge, timeout=timeout, asked_at=locked.last_question_date, now=now
    )
    if not value and not timed_out:
        raise EmptyAnswer()
    result = check_answer(
        challenge_type=challenge.type,
        answer=value,
        solution=challenge.solution,
        tolerances=challenge.tolerances,
        qroc_format=challenge.format,
        select_keys=challenge.select_keys,
        timed_out=timed_out,
    )
    status = result.status
    if is_certification and status == AnswerStatus.OK and challenge.focused and focused_out:
        # Certification only: a right answer given after leaving a focused question does not count (§4.3 step 5).
        status = AnswerStatus.FOCUSEDOUT
    elapsed = (now - locked.last_question_date).total_seconds() if locked.last_question_date else 0
    answer = Answer.objects.create(
        assessment=locked,
        challenge_id=challenge_id,
        value=value,
        result=status.value,
        result_details=result.details,
        timeout=-1 if timed_out and timeout is None else timeout,
        focused_out=focused_out,
        time_spent=max(0, math.ceil(elapsed)),
        created_at=now,
    )
    level_up = None
    if locked.type in (Assessment.Type.COMPETENCE_EVALUATION, Assessment.Type.CAMPAIGN):
        level_up = _record_knowledge(
            assessment=locked, answer=answer, snapshot=snapshot, status=result.status, now=now
        )
    locked.last_question_state = (
        Assessment.QuestionState.TIMEOUT
        if timed_out
        else Assessment.QuestionState.FOCUSED_OUT
        if focused_out
        else Assessment.QuestionState.ASKED
    )
    locked.save(update_fields=["last_question_state", "updated_at"])
    return AnswerOutcome(answer=answer, level_up=level_up), locked.last_question_state


def _has_timed_out(
    *, challenge: Challenge, timeout: int | None, asked_at: datetime | None, now: datetime
) -> bool:
    """Timed out by the browser's word (remaining time below zero) or by the server's own clock."""
    if challenge.timer is None:
        return False
    if timeout is not None and timeout < 0:
        return True
    return asked_at is not None and now - asked_at > timedelta(seconds=challenge.timer + TIMER_GRACE_SECONDS)


def _record_knowledge(
    *,
    assessment: Assessment,
    answer: Answer,
    snapshot: ReferentialSnapshot,
    status: AnswerStatus,
    now: datetime,
) -> int | None:
    skills, _challenges = _target(assessment, snapshot)
    challenge = snapshot.challenges[answer.challenge_id]
    competence_code = challenge.competence
    elements = knowledge_elements_of(
        user=assessment.user_id, snapshot=snapshot, competence_code=competence_code
    )
    new_elements = knowledge.knowledge_elements_for_answer(
        answer_status=status.value,
        challenge=challenge,
        target_skills=skills,
        already_assessed_skill_ids=knowledge.skill_ids_assessed_in_assessment(
            knowledge_elements=elements, assessment_id=assessment.pk
        ),
        created_at=now,
        assessment_id=assessment.pk,
        answer_id=answer.pk,
    )
    _store_knowledge_elements(user=assessment.user_id, snapshot=snapshot, elements=new_elements)
    return scoring.level_reached_by_answer(
        competence=competence_code,
        answer_status=status.value,
        knowledge_elements=elements,
        new_knowledge_elements=new_elements,
        max_reachable_level=settings.MAX_REACHABLE_LEVEL,
    )


def _store_knowledge_elements(
    *, user, snapshot: ReferentialSnapshot, elements: tuple[EngineKnowledgeElement, ...]
):
    KnowledgeElement.objects.bulk_create(
        KnowledgeElement(
            user_id=getattr(user, "pk", user),
            skill_id=snapshot.skill_pks[element.skill_id],
            competence_id=snapshot.competences[element.competence].pk,
            assessment_id=element.assessment_id,
            answer_id=element.answer_id,
            status=element.status.value,
            source=element.source.value,
            earned_pix_numerator=element.earned_pix.numerator,
            earned_pix_denominator=element.earned_pix.denominator,
            created_at=element.created_at,
        )
        for element in elements
    )


def _target(assessment: Assessment, snapshot: ReferentialSnapshot):
    """The skills an assessment measures and the challenges that may be asked, by its type."""
    if assessment.type == Assessment.Type.COMPETENCE_EVALUATION:
        code = snapshot.competence_codes_by_pk[assessment.competence_id]
        return snapshot.skills_of(code), snapshot.challenges_by_competence.get(code, ())
    if assessment.type == Assessment.Type.CAMPAIGN:
        from campaigns.selectors import campaign_engine_skills

        skills = campaign_engine_skills(campaign_id=assessment.campaign_participation.campaign_id)
        challenges = tuple(c for skill in skills for c in snapshot.challenges_by_skill.get(skill.id, ()))
        return skills, challenges
    raise ValueError(f"smart random does not drive {assessment.type} assessments")


def _situation(
    assessment: Assessment, *, snapshot: ReferentialSnapshot, answers
) -> smart_random.SmartRandomSituation:
    skills, challenges = _target(assessment, snapshot)
    is_campaign = assessment.type == Assessment.Type.CAMPAIGN
    # In a campaign, what the learner showed anywhere on the platform counts (§10.1).
    competence_code = None if is_campaign else snapshot.competence_codes_by_pk[assessment.competence_id]
    return smart_random.SmartRandomSituation(
        target_skills=skills,
        challenges=challenges,
        knowledge_elements=knowledge_elements_of(
            user=assessment.user_id, snapshot=snapshot, competence_code=competence_code
        ),
        answers=answers,
        assessment_id=assessment.pk,
        assessment_created_at=assessment.created_at,
        locale=assessment.locale,
        is_campaign=is_campaign,
        is_improving=assessment.is_improving,
        is_retrying=is_campaign and assessment.is_improving,
    )


def _locale_of(user) -> str:
    # The content is written in French; the interface language (user.lang) does not change the questions.
    return CONTENT_LOCALE


# -- Certification (pix-certif.md §3.5, pix-engine.md §12–13) ---------------------------------------
# The course itself (start, lock, invigilator, live alerts) is in certification.exam; here are only
# the questions and answers of its assessment.

_flash_pools: dict[str, tuple[ReferentialSnapshot, FlashPool]] = {}


def _flash_pool(snapshot: ReferentialSnapshot, *, locale: str) -> FlashPool:
    """The release's flash-compatible challenges, prepared once per release and locale."""
    cached = _flash_pools.get(locale)
    if cached is not None and cached[0] is snapshot:
        return cached[1]
    pool = prepare_flash_pool(
        challenges=snapshot.challenges.values(),
        tube_by_skill_id={skill_id: skill.tube for skill_id, skill in snapshot.skills.items()},
        locale=locale,
    )
    _flash_pools[locale] = (snapshot, pool)
    return pool


def _with_asked_calibration(
    pool: FlashPool,
    *,
    snapshot: ReferentialSnapshot,
    asked: list[tuple[str, int, float | None, float | None]],
) -> FlashPool:
    """The pool, with the calibration each question had when it was asked when a release changed it (§13.1)."""
    changed: dict[str, FlashChallenge] = {}
    for challenge_id, _position, alpha, delta in asked:
        known = pool.known.get(challenge_id)
        base = snapshot.challenges.get(challenge_id)
        if alpha is None or delta is None or base is None:
            continue
        if known is not None and (known.alpha, known.delta) == (alpha, delta):
            continue
        changed[challenge_id] = flash_challenge(
            challenge=dataclasses.replace(base, alpha=alpha, delta=delta),
            tube=snapshot.skills[base.skill_id].tube if base.skill_id in snapshot.skills else None,
        )
    if not changed:
        return pool
    return FlashPool(
        selectable=tuple(changed.get(challenge.id, challenge) for challenge in pool.selectable),
        known={**pool.known, **changed},
    )


def _flash_configuration(course) -> FlashConfiguration:
    # The same configuration as the scoring of the course (certification.scoring).
    return FlashConfiguration(
        maximum_assessment_length=course.number_of_challenges
        or DEFAULT_FLASH_CONFIGURATION.maximum_assessment_length,
        max_reachable_level=course.max_reachable_level,
    )


@transaction.atomic
def _certification_next_challenge(*, assessment: Assessment, now: datetime) -> Challenge | None:
    """The question of a certification course to show now; None once the course is over (then completed).

    v2 asks the questions chosen at the start, in order; v3 chooses each one with the flash
    algorithm (a validated live alert removes its challenge and that skill) and records it, with
    the calibration used, as the course's next question. A question asked and not answered yet is
    asked again, its countdown running on.
    """
    from certification.models import CertificationChallenge, LiveAlert

    snapshot = referential_snapshot()
    # One question at a time per course: two tabs never record two different next questions.
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("certification_course")
        .get(pk=assessment.pk)
    )
    if not locked.is_started:
        assessment.state = locked.state
        return None
    course = locked.certification_course
    answers = answered_challenges_of(assessment=locked)
    answered_ids = {answer.challenge_id for answer in answers}
    asked = list(
        CertificationChallenge.objects.filter(course=course)
        .order_by("position")
        .values_list("challenge_id", "position", "alpha", "delta")
    )
    new_question = None
    if course.version == 2:
        chosen_id = next((row[0] for row in asked if row[0] not in answered_ids), None)
    else:
        validated_alerts = set(
            LiveAlert.objects.filter(course=course, status=LiveAlert.Status.VALIDATED).values_list(
                "challenge_id", flat=True
            )
        )
        pool = _with_asked_calibration(
            _flash_pool(snapshot, locale=locked.locale), snapshot=snapshot, asked=asked
        )
        choice = certification_v3.next_challenge_for_v3_course(
            challenges=pool,
            answers=answers,
            seed=course.pk,
            live_alert_challenge_ids=validated_alerts,
            pending_challenge_id=locked.last_challenge_id,
            config=_flash_configuration(course),
        )
        chosen_id = choice.challenge_id if choice is not None else None
        if choice is not None and choice.challenge_id not in {row[0] for row in asked}:
            new_question = choice
    if chosen_id is None:
        _certification_complete(assessment=locked, course=course, now=now)
        assessment.state = locked.state
        return None
    if chosen_id == locked.last_challenge_id and chosen_id not in answered_ids:
        return snapshot.challenge_rows[chosen_id]
    if new_question is not None:
        CertificationChallenge.objects.create(
            course=course,
            challenge_id=new_question.challenge_id,
            competence_code=new_question.competence,
            skill_name=new_question.skill_id,  # the engine's skill id is the skill's name
            position=len(asked) + 1,
            alpha=new_question.alpha,
            delta=new_question.delta,
            created_at=now,
        )
    locked.last_challenge_id = chosen_id
    locked.last_question_state = Assessment.QuestionState.ASKED
    locked.last_question_date = now
    locked.timer_started_at = None
    locked.save(
        update_fields=[
            "last_challenge",
            "last_question_state",
            "last_question_date",
            "timer_started_at",
            "updated_at",
        ]
    )
    assessment.last_challenge_id = chosen_id
    assessment.last_question_state = locked.last_question_state
    assessment.last_question_date = now
    return snapshot.challenge_rows[chosen_id]


def _certification_complete(*, assessment: Assessment, course, now: datetime) -> None:
    """The last question is answered: the test is completed and scored in the background (§3.5)."""
    from certification.models import CertificationCourse
    from certification.tasks import score_course

    Assessment.objects.filter(pk=assessment.pk, state=Assessment.State.STARTED).update(
        state=Assessment.State.COMPLETED, updated_at=now
    )
    assessment.state = Assessment.State.COMPLETED
    CertificationCourse.objects.filter(pk=course.pk, completed_at__isnull=True).update(completed_at=now)
    score_course.delay_on_commit(course.pk)


def _certification_answer_guard(assessment: Assessment, *, challenge_id: str) -> None:
    """A finalised session takes no more answers; nor does a question reported and not handled yet,
    nor one the invigilator replaced (a validated live alert)."""
    from certification.models import LiveAlert, Session
    from certification.selectors import session_accepts_answers

    alerts = LiveAlert.objects.filter(course_id=assessment.certification_course_id)
    row = (
        Session.objects.filter(courses__pk=assessment.certification_course_id)
        .annotate(
            alert_ongoing=Exists(alerts.filter(status=LiveAlert.Status.ONGOING)),
            alert_validated=Exists(
                alerts.filter(status=LiveAlert.Status.VALIDATED, challenge_id=challenge_id)
            ),
        )
        .only("finalized_at", "published_at")
        .first()
    )
    if row is None or not session_accepts_answers(row):
        raise CertificationSessionClosed()
    if row.alert_ongoing:
        raise LiveAlertPending()
    if row.alert_validated:
        raise ChallengeNotAsked()
