"""Writes of the day of the exam (pix-certif.md §3): a candidate joins a session and enters the test,
the invigilator confirms presence, authorises a resume, ends a test and handles live alerts.

Refusals raise an ``ExamError`` (a ``CertificationError``): ``detail`` is the French message for the
person, ``code`` a stable machine code (the reference's error names where it has one), ``status``
the HTTP status a view may answer with. The questions and answers of the test itself are in
``assessments.services`` (certification branches).
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments.engine.certification_v2 import pick_v2_challenges
from assessments.engine.flash import DEFAULT_FLASH_CONFIGURATION
from assessments.engine.neutralisation import SUBCATEGORIES_OF, IssueReportCategory, IssueReportSubcategory
from assessments.models import Answer, Assessment
from assessments.selectors import referential_snapshot
from assessments.services import CONTENT_LOCALE
from certification import exam_selectors
from certification.codes import generate_verification_code
from certification.models import (
    Candidate,
    CertificationChallenge,
    CertificationCourse,
    IssueReport,
    LiveAlert,
    Session,
    identity_key,
)
from certification.selectors import session_accepts_answers
from certification.services import CertificationError
from organizations.models import OrganizationLearner

# Languages in which the v3 test exists (V3_CERTIFICATION_AVAILABLE_LOCALES, §3.1).
CERTIFICATION_LANGUAGES = frozenset({"fr", "fr-fr", "en"})
# The resolution written on the issue report of a validated live alert (§3.4), for the jury.
LIVE_ALERT_RESOLUTION = "Signalement validé par le surveillant pendant la session : une nouvelle question a été proposée au candidat."
# A session number and a 6-character password: a few wrong tries are typos, many are guesses.
INVIGILATOR_LOGIN_MAX_FAILURES = 10
INVIGILATOR_LOGIN_BLOCK_SECONDS = 15 * 60

# The problems a candidate can meet on a question, as the invigilator chooses them (E1–E12, §4.2).
LIVE_ALERT_SUBCATEGORIES: tuple[tuple[IssueReportSubcategory, str, object], ...] = (
    (IssueReportSubcategory.IMAGE_NOT_DISPLAYING, "E1", gettext_lazy("L'image ne s'affiche pas")),
    (
        IssueReportSubcategory.EMBED_NOT_WORKING,
        "E2",
        gettext_lazy("Le simulateur ou l'application ne s'affiche pas"),
    ),
    (
        IssueReportSubcategory.FILE_NOT_OPENING,
        "E3",
        gettext_lazy("Le fichier à télécharger ne se télécharge pas ou ne s'ouvre pas"),
    ),
    (
        IssueReportSubcategory.WEBSITE_UNAVAILABLE,
        "E4",
        gettext_lazy("Le site à visiter est indisponible, en maintenance ou inaccessible"),
    ),
    (
        IssueReportSubcategory.WEBSITE_BLOCKED,
        "E5",
        gettext_lazy("Le site est bloqué par les restrictions réseau de l'établissement"),
    ),
    (
        IssueReportSubcategory.EXTRA_TIME_EXCEEDED,
        "E8",
        gettext_lazy("Le candidat a un temps majoré et n'a pas pu répondre dans le temps imparti"),
    ),
    (
        IssueReportSubcategory.SOFTWARE_NOT_WORKING,
        "E9",
        gettext_lazy("Le logiciel installé sur l'ordinateur n'a pas fonctionné"),
    ),
    (
        IssueReportSubcategory.UNINTENTIONAL_FOCUS_OUT,
        "E10",
        gettext_lazy("Le candidat a dû cliquer hors du cadre d'une question « focus »"),
    ),
    (
        IssueReportSubcategory.SKIP_ON_OOPS,
        "E11",
        gettext_lazy("Page « Oups, une erreur est survenue » ou autre problème de la plateforme"),
    ),
    (
        IssueReportSubcategory.ACCESSIBILITY_ISSUE,
        "E12",
        gettext_lazy("Problème d'accessibilité de la question (par exemple, daltonisme)"),
    ),
)


class ExamError(CertificationError):
    code = "exam_error"
    status = 400


# -- Joining (§3.1) --


class CandidateNotFound(ExamError):
    code = "CANDIDATE_NOT_FOUND"
    status = 404
    message = gettext_lazy(
        "Nous ne vous trouvons pas parmi les candidats de cette session. Vérifiez le numéro de session, "
        "votre prénom, votre nom et votre date de naissance, ou prévenez le surveillant."
    )


class CandidateTooManyMatches(ExamError):
    code = "CANDIDATE_TOO_MANY_MATCHES"
    status = 409
    message = gettext_lazy(
        "Plusieurs candidats de cette session ont ce prénom, ce nom et cette date de naissance : "
        "prévenez le surveillant."
    )


class CandidateLinkedToAnotherUser(ExamError):
    code = "UNEXPECTED_USER_ACCOUNT"
    status = 409
    message = gettext_lazy(
        "Ce candidat a déjà rejoint la session avec un autre compte Pix. Connectez-vous avec ce compte, "
        "ou prévenez le surveillant."
    )


class UserAlreadyLinkedInSession(ExamError):
    code = "USER_ALREADY_LINKED_TO_CANDIDATE_IN_SESSION"
    status = 409
    message = gettext_lazy(
        "Votre compte Pix a déjà rejoint cette session sous une autre identité : prévenez le surveillant."
    )


class StudentAccountRequired(ExamError):
    code = "MATCHING_RECONCILED_STUDENT_NOT_FOUND"
    status = 409
    message = gettext_lazy(
        "Vous êtes inscrit comme élève de l'établissement : rejoignez la session avec le compte Pix "
        "que vous utilisez dans votre établissement."
    )


class LanguageNotSupported(ExamError):
    code = "LANGUAGE_NOT_SUPPORTED"
    message = gettext_lazy(
        "La certification n'existe pas dans la langue de votre compte : choisissez le français ou "
        "l'anglais dans « Mon compte »."
    )


class NotCertifiable(ExamError):
    code = "USER_NOT_AUTHORIZED_TO_CERTIFY"
    status = 403

    def __init__(self, missing: int) -> None:
        self.missing = missing
        super().__init__(
            ngettext(
                "Pour passer la certification, vous devez avoir au moins 5 compétences au niveau 1 : "
                "il vous en manque %(missing)d.",
                "Pour passer la certification, vous devez avoir au moins 5 compétences au niveau 1 : "
                "il vous en manque %(missing)d.",
                missing,
            )
            % {"missing": missing}
        )


class SessionNotAccessible(ExamError):
    code = "SESSION_NOT_ACCESSIBLE"
    status = 403
    message = gettext_lazy("Cette session est finalisée : son test n'est plus accessible.")


# -- Entering the test (§3.2) --


class WrongAccessCode(ExamError):
    code = "SESSION_NOT_FOUND"
    status = 404
    message = gettext_lazy(
        "Ce code d'accès ne correspond pas à votre session. Vérifiez-le au tableau ou auprès du surveillant."
    )


class CandidateNotReconciled(ExamError):
    code = "CANDIDATE_NOT_RECONCILED"
    status = 403
    message = gettext_lazy(
        "Vous n'avez pas encore rejoint cette session : saisissez d'abord le numéro de session et votre identité."
    )


class InstructionsNotAcknowledged(ExamError):
    code = "INSTRUCTIONS_NOT_ACKNOWLEDGED"
    status = 403
    message = gettext_lazy("Lisez et acceptez d'abord les instructions du test.")


class NotAuthorizedToStart(ExamError):
    code = "CANDIDATE_NOT_AUTHORIZED_TO_JOIN_SESSION"
    status = 403
    message = gettext_lazy(
        "Le surveillant n'a pas encore confirmé votre présence. Restez sur cette page : "
        "votre test commencera dès qu'il l'aura fait."
    )


class NotAuthorizedToResume(ExamError):
    code = "CANDIDATE_NOT_AUTHORIZED_TO_RESUME_SESSION"
    status = 403
    message = gettext_lazy(
        "Vous avez quitté votre test : le surveillant doit autoriser sa reprise. Prévenez-le et restez sur "
        "cette page : votre test reprendra dès qu'il l'aura fait."
    )


# -- The invigilator (§2.3, §3.4) --


class InvigilatorLoginRefused(ExamError):
    code = "INVALID_SESSION_SUPERVISING_LOGIN"
    status = 403
    message = gettext_lazy(
        "Le numéro de session ou le mot de passe est incorrect. Ils figurent sur le kit surveillant "
        "et sur la page de la session dans Pix Certif."
    )


class InvigilatorLoginBlocked(ExamError):
    code = "INVIGILATOR_LOGIN_BLOCKED"
    status = 429
    message = gettext_lazy("Trop de tentatives pour cette session : réessayez dans quelques minutes.")


class CandidateAlreadyStarted(ExamError):
    code = "CANDIDATE_ALREADY_STARTED"
    status = 409
    message = gettext_lazy("Ce candidat a déjà commencé son test : sa présence n'est plus à confirmer.")


class CourseNotRunning(ExamError):
    code = "COURSE_NOT_RUNNING"
    status = 409
    message = gettext_lazy("Ce candidat n'a pas de test en cours.")


class LiveAlertRefused(ExamError):
    code = "LIVE_ALERT_REFUSED"
    status = 409
    message = gettext_lazy("Ce signalement n'est pas possible sur cette question.")


class AlreadyAnswered(ExamError):
    code = "ALREADY_ANSWERED_ERROR"
    status = 409
    message = gettext_lazy(
        "Le candidat a déjà répondu à cette question : le signalement ne peut plus être validé. Refusez-le."
    )


class LiveAlertNotOngoing(ExamError):
    code = "LIVE_ALERT_NOT_ONGOING"
    status = 409
    message = gettext_lazy("Ce signalement a déjà été traité.")


class UnknownSubcategory(ExamError):
    code = "UNKNOWN_SUBCATEGORY"
    message = gettext_lazy("Choisissez le problème rencontré par le candidat.")


# ------------------------------------------------------------------------------------ joining


def candidate_join(
    *,
    user,
    session_id: int,
    first_name: str,
    last_name: str,
    birthdate: date,
    now: datetime | None = None,
) -> Candidate:
    """Link the person's account to the enrolled candidate with this identity (§3.1).

    Names are compared without accents, case, spaces or hyphens; the birth date exactly. Joining again
    with the same account is harmless. The person must be certifiable at this moment (§11).
    """
    now = now or timezone.now()
    if (getattr(user, "lang", "") or "fr").lower() not in CERTIFICATION_LANGUAGES:
        raise LanguageNotSupported()
    session = Session.objects.select_related("center__organization").filter(pk=session_id).first()
    if session is None:
        raise CandidateNotFound()  # the same words: nothing tells a stranger which numbers exist
    if not session_accepts_answers(session):
        raise SessionNotAccessible(_("Cette session est finalisée : on ne peut plus la rejoindre."))
    matches = list(
        Candidate.objects.filter(
            session=session, identity_key=identity_key(first_name, last_name), birthdate=birthdate
        )[:2]
    )
    if not matches:
        raise CandidateNotFound()
    if len(matches) > 1:
        raise CandidateTooManyMatches()
    candidate = matches[0]
    if candidate.user_id is not None:
        if candidate.user_id == user.pk:
            return candidate
        raise CandidateLinkedToAnotherUser()
    if Candidate.objects.filter(session=session, user=user).exists():
        raise UserAlreadyLinkedInSession()
    if (
        candidate.organization_learner_id
        and session.center.enrols_students
        and not OrganizationLearner.objects.filter(pk=candidate.organization_learner_id, user=user).exists()
    ):
        raise StudentAccountRequired()
    certifiability = exam_selectors.certifiability_of(user=user, at=now)
    if not certifiability.is_certifiable:
        raise NotCertifiable(certifiability.missing)
    try:
        with transaction.atomic():
            linked = Candidate.objects.filter(pk=candidate.pk, user__isnull=True).update(
                user=user, reconciled_at=now
            )
    except IntegrityError as error:  # the same account linked meanwhile to another candidate
        raise UserAlreadyLinkedInSession() from error
    candidate.refresh_from_db()
    if not linked and candidate.user_id != user.pk:
        raise CandidateLinkedToAnotherUser()
    return candidate


def candidate_acknowledge_instructions(*, candidate: Candidate) -> None:
    """The candidate has read the instructions of the v3 test (§3.1 step 4)."""
    if not candidate.has_seen_certification_instructions:
        Candidate.objects.filter(pk=candidate.pk).update(has_seen_certification_instructions=True)
        candidate.has_seen_certification_instructions = True


# --------------------------------------------------------------------------- entering the test


def course_start_or_resume(
    *, user, session_id: int, access_code: str, now: datetime | None = None
) -> CertificationCourse:
    """Enter the test with the session's access code (§3.2), creating it the first time.

    The invigilator must have confirmed the candidate's presence (first entry) or authorised the
    resume (any later entry); every entry uses that authorisation up, so that leaving and coming back
    needs the invigilator again. A test already over is returned as it is (its end screen).
    """
    now = now or timezone.now()
    session = Session.objects.filter(pk=session_id).first()
    code = "".join((access_code or "").split()).upper()
    if session is None or not code or not constant_time_compare(code, session.access_code):
        raise WrongAccessCode()
    if not session_accepts_answers(session):
        raise SessionNotAccessible()
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update()
            .filter(session=session, user=user, reconciled_at__isnull=False)
            .first()
        )
        if candidate is None:
            raise CandidateNotReconciled()
        course = CertificationCourse.objects.filter(candidate=candidate).first()
        if course is not None:
            state = (
                Assessment.objects.filter(certification_course=course).values_list("state", flat=True).first()
            )
            if state != Assessment.State.STARTED:
                return course
        if session.version == Session.Version.V3 and not candidate.has_seen_certification_instructions:
            raise InstructionsNotAcknowledged()
        if not candidate.authorized_to_start:
            raise NotAuthorizedToResume() if course is not None else NotAuthorizedToStart()
        Candidate.objects.filter(pk=candidate.pk).update(authorized_to_start=False)
        if course is None:
            course = _course_create(candidate=candidate, session=session, user=user, now=now)
        return course


def _course_create(*, candidate: Candidate, session: Session, user, now: datetime) -> CertificationCourse:
    """The course with the candidate's identity copied, its assessment, and for v2 its questions."""
    first_start = not Candidate.objects.filter(session=session, started_at__isnull=False).exists()
    course = CertificationCourse.objects.create(
        candidate=candidate,
        session=session,
        user=user,
        version=session.version,
        verification_code=_unused_verification_code(),
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        birthdate=candidate.birthdate,
        birthplace=candidate.birth_place,
        sex=candidate.sex,
        external_id=candidate.external_id,
        number_of_challenges=DEFAULT_FLASH_CONFIGURATION.maximum_assessment_length,
        max_reachable_level=settings.MAX_REACHABLE_LEVEL,
        created_at=now,
    )
    Assessment.objects.create(
        user=user,
        type=Assessment.Type.CERTIFICATION,
        method=(
            Assessment.Method.FLASH
            if session.version == Session.Version.V3
            else Assessment.Method.CERTIFICATION_DETERMINED
        ),
        certification_course=course,
        locale=CONTENT_LOCALE,
        created_at=now,
    )
    Candidate.objects.filter(pk=candidate.pk).update(started_at=now)
    candidate.started_at = now
    if first_start:
        _session_started(session=session, now=now)
    if session.version == Session.Version.V2:
        _pick_v2_questions(course=course, candidate=candidate, user=user, now=now)
    return course


def _unused_verification_code() -> str:
    for _attempt in range(20):
        code = generate_verification_code()
        if not CertificationCourse.objects.filter(verification_code=code).exists():
            return code
    raise RuntimeError("no free verification code after 20 draws")


def _session_started(*, session: Session, now: datetime) -> None:
    """The first start overwrites the session's date and time with the real ones (§2.2)."""
    local = timezone.localtime(now)
    try:
        with transaction.atomic():
            Session.objects.filter(pk=session.pk).update(
                date=local.date(), time=local.time().replace(microsecond=0)
            )
    except IntegrityError:
        pass  # another session of the centre sits at that very second in that room: keep the planned slot


def _pick_v2_questions(*, course: CertificationCourse, candidate: Candidate, user, now: datetime) -> None:
    """v2: three questions per certifiable competence, chosen at the start (pix-engine.md §12.1)."""
    snapshot = referential_snapshot()
    placement, answered = exam_selectors.v2_placement_of(
        user=user, limit_date=candidate.reconciled_at or now, snapshot=snapshot
    )
    picked = pick_v2_challenges(
        placement=placement,
        challenges=tuple(snapshot.challenges.values()),
        seed=course.pk,
        already_answered_challenge_ids=answered,
        locale=CONTENT_LOCALE,
    )
    CertificationChallenge.objects.bulk_create(
        CertificationChallenge(
            course=course,
            challenge_id=question.challenge_id,
            competence_code=question.competence,
            skill_name=question.skill_name,
            position=position,
            alpha=snapshot.challenges[question.challenge_id].alpha,
            delta=snapshot.challenges[question.challenge_id].delta,
            created_at=now,
        )
        for position, question in enumerate(picked, start=1)
    )
    CertificationCourse.objects.filter(pk=course.pk).update(number_of_challenges=len(picked))
    course.number_of_challenges = len(picked)


def course_focus_lost(*, course: CertificationCourse, challenge_id: str) -> bool:
    """The candidate left the page of a focused question: remembered until the answer (pix-engine.md §4.3)."""
    snapshot = referential_snapshot()
    challenge = snapshot.challenges.get(challenge_id)
    if challenge is None or not challenge.focused:
        return False
    return bool(
        Assessment.objects.filter(
            certification_course=course, state=Assessment.State.STARTED, last_challenge_id=challenge_id
        )
        .exclude(answers__challenge_id=challenge_id)
        .update(last_question_state=Assessment.QuestionState.FOCUSED_OUT)
    )


# ------------------------------------------------------------------------------- the invigilator


def invigilator_login(*, session_id: int, password: str) -> Session:
    """The invigilator's door: the session number and its password, while the session is open (§2.3)."""
    failures_key = f"certification:invigilator-login:{session_id}"
    if (cache.get(failures_key) or 0) >= INVIGILATOR_LOGIN_MAX_FAILURES:
        raise InvigilatorLoginBlocked()
    session = Session.objects.filter(pk=session_id).first()
    if session is None or not constant_time_compare((password or "").strip(), session.invigilator_password):
        try:
            cache.incr(failures_key)
        except ValueError:
            cache.set(failures_key, 1, INVIGILATOR_LOGIN_BLOCK_SECONDS)
        raise InvigilatorLoginRefused()
    if not session.is_accessible:
        raise SessionNotAccessible(_("Cette session est finalisée : son espace surveillant est fermé."))
    cache.delete(failures_key)
    return session


def invigilator_token(*, session: Session) -> str:
    """A signed access to this session only, kept in the invigilator's browser session."""
    return signing.dumps(
        {"session": session.pk, "key": exam_selectors.invigilator_key(session)},
        salt=exam_selectors.INVIGILATOR_TOKEN_SALT,
    )


def candidate_authorize(*, candidate: Candidate, authorized: bool) -> None:
    """Confirm the candidate's presence (they may then start), or cancel it, before the test (§3.4)."""
    if not candidate.session.is_accessible:
        raise SessionNotAccessible()
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.started_at is not None or CertificationCourse.objects.filter(candidate=locked).exists():
            raise CandidateAlreadyStarted()
        Candidate.objects.filter(pk=candidate.pk).update(authorized_to_start=authorized)
    candidate.authorized_to_start = authorized


def candidate_authorize_resume(*, candidate: Candidate) -> None:
    """ "Autoriser la reprise": the candidate who left may enter their test once more (§3.2)."""
    if not candidate.session.is_accessible:
        raise SessionNotAccessible()
    running = Assessment.objects.filter(
        certification_course__candidate=candidate, state=Assessment.State.STARTED
    ).exists()
    if not running:
        raise CourseNotRunning()
    Candidate.objects.filter(pk=candidate.pk).update(authorized_to_start=True)
    candidate.authorized_to_start = True


def course_end_by_invigilator(*, course: CertificationCourse, now: datetime | None = None) -> bool:
    """ "Terminer le test": the test ends now; no effect on a test already over (§3.4). Scored at finalisation."""
    now = now or timezone.now()
    ended = Assessment.objects.filter(certification_course=course, state=Assessment.State.STARTED).update(
        state=Assessment.State.ENDED_BY_INVIGILATOR, updated_at=now
    )
    if ended:
        Candidate.objects.filter(pk=course.candidate_id).update(authorized_to_start=False)
    return bool(ended)


# ----------------------------------------------------------------------------------- live alerts


def live_alert_create(
    *, course: CertificationCourse, challenge_id: str, now: datetime | None = None
) -> LiveAlert:
    """ "Signaler un problème" on the question shown (v3 only, pix-engine.md §13.8).

    The question must be the one asked and not answered; asking again while the alert waits returns it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update()
            .filter(certification_course=course, type=Assessment.Type.CERTIFICATION)
            .first()
        )
        if assessment is None or not assessment.is_started:
            raise CourseNotRunning(_("Votre test est terminé."))
        if course.version != Session.Version.V3:
            raise LiveAlertRefused()
        if not session_accepts_answers(course.session):
            raise SessionNotAccessible()
        ongoing = LiveAlert.objects.filter(course=course, status=LiveAlert.Status.ONGOING).first()
        if ongoing is not None:
            return ongoing
        if assessment.last_challenge_id != challenge_id:
            raise LiveAlertRefused(_("Cette question n'est pas celle qui vous est posée."))
        if Answer.objects.filter(assessment=assessment, challenge_id=challenge_id).exists():
            raise LiveAlertRefused(_("Vous avez déjà répondu à cette question."))
        if LiveAlert.objects.filter(
            course=course, challenge_id=challenge_id, status=LiveAlert.Status.VALIDATED
        ).exists():
            raise LiveAlertRefused()
        return LiveAlert.objects.create(
            course=course,
            challenge_id=challenge_id,
            question_number=assessment.answers.count() + 1,
            status=LiveAlert.Status.ONGOING,
            created_at=now,
        )


def live_alert_validate(*, alert: LiveAlert, subcategory: str, now: datetime | None = None) -> IssueReport:
    """The invigilator confirms the problem: the question and its skill leave the test, a new question
    replaces it, and an issue report is filed, resolved at once (§3.4)."""
    now = now or timezone.now()
    if subcategory not in SUBCATEGORIES_OF[IssueReportCategory.IN_CHALLENGE]:
        raise UnknownSubcategory()
    with transaction.atomic():
        # The candidate's answer and this validation wait for each other on the test's row.
        Assessment.objects.select_for_update().filter(certification_course_id=alert.course_id).first()
        locked = LiveAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status != LiveAlert.Status.ONGOING:
            raise LiveAlertNotOngoing()
        if Answer.objects.filter(
            assessment__certification_course_id=locked.course_id, challenge_id=locked.challenge_id
        ).exists():
            raise AlreadyAnswered()
        locked.status = LiveAlert.Status.VALIDATED
        locked.subcategory = subcategory
        locked.save(update_fields=["status", "subcategory", "updated_at"])
        report = IssueReport.objects.create(
            course_id=locked.course_id,
            category=IssueReportCategory.IN_CHALLENGE.value,
            subcategory=subcategory,
            question_number=locked.question_number,
            live_alert=locked,
            resolved_at=now,
            resolution=LIVE_ALERT_RESOLUTION,
            has_been_automatically_resolved=True,
            created_at=now,
        )
    alert.status, alert.subcategory = locked.status, locked.subcategory
    return report


def live_alert_dismiss(*, alert: LiveAlert) -> None:
    """The invigilator rejects the alert: the candidate answers the same question (§3.4)."""
    dismissed = LiveAlert.objects.filter(pk=alert.pk, status=LiveAlert.Status.ONGOING).update(
        status=LiveAlert.Status.DISMISSED, updated_at=timezone.now()
    )
    if not dismissed:
        raise LiveAlertNotOngoing()
    alert.status = LiveAlert.Status.DISMISSED
