"""The candidate's pages on the day of the exam (pix-certif.md §3.1–3.6): join a session, read the
instructions, type the access code, wait for the invigilator, take the test, see the end screen.

Thin views over ``certification.exam`` (the rules of entry), ``assessments.services`` (questions and
answers) and ``challenges.presentation`` (what a question looks like). The test is bound to the
browser session where the access code was typed: coming back from elsewhere (another browser, after
signing out) means typing the code again, which needs the invigilator's authorisation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.models import Assessment
from assessments.selectors import referential_snapshot
from assessments.services import (
    AssessmentError,
    CertificationSessionClosed,
    EmptyAnswer,
    LiveAlertPending,
    answer_save,
    assessment_next_challenge,
    assessment_timer_start,
)
from certification import exam, exam_selectors
from certification.exam_selectors import Candidacy
from certification.models import Session
from certification.selectors import session_accepts_answers
from challenges.checking import SKIP_VALUE
from challenges.models import Challenge
from challenges.presentation import AnswerFormError, answer_form_view, answer_from_form, present_challenge
from learners.certification.forms import AccessCodeForm, InstructionsForm, JoinForm
from learners.player.selectors import remaining_seconds, width_class

# The course entered with the access code in this browser session (the lock of §3.2).
ENTERED_COURSE_KEY = "certification.entered_course"
# Per assessment: the question whose warning page was passed (its countdown has started).
STARTED_KEY = "certification.started.{}"
ANSWER_ACTION = "answer"
SKIP_ACTION = "skip"
START_ACTION = "start"


def _start_url() -> str:
    return reverse("learners:certification_start")


def test_url(course_id: int) -> str:
    return reverse("learners:certification_test", kwargs={"course_id": course_id})


def end_url(course_id: int) -> str:
    return reverse("learners:certification_end", kwargs={"course_id": course_id})


# -- Joining, instructions, access code -----------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def certification_start(request: HttpRequest) -> HttpResponse:
    """ "/certifications": where the candidate stands, or the form to join a session."""
    candidacy = exam_selectors.current_candidacy(user=request.user)
    joining = request.method == "POST" or request.GET.get("rejoindre") == "1"
    if candidacy is not None and not joining:
        return _stage(request, candidacy)
    form = JoinForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            exam.candidate_join(
                user=request.user,
                session_id=form.cleaned_data["session_number"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                birthdate=form.cleaned_data["birthdate"],
            )
        except exam.ExamError as refusal:
            error = refusal.detail
        else:
            return redirect(_start_url())
    return render(
        request,
        "learners/certification/join.html",
        {"form": form, "error": error, "current": candidacy},
        status=200,
    )


def _stage(
    request: HttpRequest, candidacy: Candidacy, *, form: AccessCodeForm | None = None, error: str = ""
) -> HttpResponse:
    """The next step of a joined candidate: the instructions, then the access code (or the test itself)."""
    if candidacy.is_running and request.session.get(ENTERED_COURSE_KEY) == candidacy.course.pk:
        return redirect(test_url(candidacy.course.pk))
    context = {"candidacy": candidacy, "session": candidacy.session, "candidate": candidacy.candidate}
    if candidacy.needs_instructions:
        context["form"] = InstructionsForm()
        return render(request, "learners/certification/instructions.html", context)
    context.update(form=form or AccessCodeForm(), error=error)
    return render(request, "learners/certification/access_code.html", context)


def _candidacy_or_404(request: HttpRequest, session_id: int) -> Candidacy:
    candidacy = exam_selectors.candidacy_of(user=request.user, session_id=session_id)
    if candidacy is None:
        raise Http404
    return candidacy


@login_required
@require_POST
def certification_instructions(request: HttpRequest, session_id: int) -> HttpResponse:
    candidacy = _candidacy_or_404(request, session_id)
    form = InstructionsForm(request.POST)
    if not form.is_valid():
        context = {"candidacy": candidacy, "session": candidacy.session, "candidate": candidacy.candidate}
        return render(request, "learners/certification/instructions.html", {**context, "form": form})
    exam.candidate_acknowledge_instructions(candidate=candidacy.candidate)
    return redirect(_start_url())


@login_required
@never_cache
@require_POST
def certification_enter(request: HttpRequest, session_id: int) -> HttpResponse:
    """The access code: into the test, or waiting for the invigilator's authorisation."""
    candidacy = _candidacy_or_404(request, session_id)
    form = AccessCodeForm(request.POST)
    if not form.is_valid():
        return _stage(request, candidacy, form=form)
    try:
        course = exam.course_start_or_resume(
            user=request.user, session_id=session_id, access_code=form.cleaned_data["access_code"]
        )
    except (exam.NotAuthorizedToStart, exam.NotAuthorizedToResume) as waiting:
        return render(
            request,
            "learners/certification/waiting.html",
            {
                "candidacy": candidacy,
                "session": candidacy.session,
                "candidate": candidacy.candidate,
                "access_code": form.cleaned_data["access_code"],
                "message": waiting.detail,
                "is_resume": isinstance(waiting, exam.NotAuthorizedToResume),
            },
        )
    except exam.ExamError as refusal:
        return _stage(request, candidacy, form=form, error=refusal.detail)
    request.session[ENTERED_COURSE_KEY] = course.pk
    return redirect(test_url(course.pk))


@login_required
@never_cache
@require_safe
def certification_authorization(request: HttpRequest, session_id: int) -> JsonResponse:
    """Polled by the waiting page: has the invigilator authorised the entry yet?"""
    candidacy = _candidacy_or_404(request, session_id)
    return JsonResponse(
        {
            "authorized": candidacy.candidate.authorized_to_start,
            "open": session_accepts_answers(candidacy.session),
            "ended": candidacy.has_ended,
        }
    )


# -- The test -------------------------------------------------------------------------------


def _assessment_or_404(request: HttpRequest, course_id: int) -> Assessment:
    assessment = exam_selectors.certification_assessment_of(user=request.user, course_id=course_id)
    if assessment is None:
        raise Http404
    return assessment


def _is_entered(request: HttpRequest, course_id: int) -> bool:
    return request.session.get(ENTERED_COURSE_KEY) == course_id


def _is_over(assessment: Assessment) -> bool:
    return not assessment.is_started or not session_accepts_answers(assessment.certification_course.session)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def certification_test(request: HttpRequest, course_id: int) -> HttpResponse:
    """One question at a time: no checkpoint, no correction; "Je passe" counts as a wrong answer."""
    assessment = _assessment_or_404(request, course_id)
    if _is_over(assessment):
        return redirect(end_url(course_id))
    if not _is_entered(request, course_id):
        messages.info(
            request,
            _(
                "Pour reprendre votre test, saisissez de nouveau le code d'accès : le surveillant doit autoriser la reprise."
            ),
        )
        return redirect(_start_url())
    course = assessment.certification_course
    alert = exam_selectors.ongoing_alert_of(course_id=course.pk)
    if alert is not None:
        return _render_alert_waiting(request, assessment, alert)
    if request.method == "POST" and request.POST.get("action") != START_ACTION:
        if not assessment.last_challenge_id or request.POST.get("challenge") != assessment.last_challenge_id:
            return redirect(test_url(course_id))  # a form of another question (back button, second tab)
        challenge = referential_snapshot().challenge_rows[assessment.last_challenge_id]
        return _answer(request, assessment, challenge, request.POST.get("action", ANSWER_ACTION))
    challenge = assessment_next_challenge(assessment=assessment)
    if challenge is None:
        return redirect(end_url(course_id))
    started_key = STARTED_KEY.format(assessment.pk)
    intro_passed = (
        not (challenge.timer or challenge.focused)
        or request.session.get(started_key) == challenge.id
        # The countdown already runs (started from another browser): show the question, not the warning.
        or (challenge.timer is not None and assessment.timer_started_at is not None)
    )
    if request.method == "POST":  # "Commencer" on the warning page of a timed or focused question
        if not intro_passed:
            if challenge.timer:
                assessment_timer_start(assessment=assessment)
            request.session[started_key] = challenge.id
        return redirect(test_url(course_id))
    if not intro_passed:
        return render(request, "learners/certification/intro.html", _test_context(assessment, challenge))
    return _render_question(request, assessment, challenge)


def _answer(request: HttpRequest, assessment: Assessment, challenge: Challenge, action: str) -> HttpResponse:
    course_id = assessment.certification_course_id
    timeout = _int_or_none(request.POST.get("timeout")) if challenge.timer else None
    focused_out = bool(challenge.focused) and request.POST.get("focused_out") == "1"
    if action == SKIP_ACTION:
        value = SKIP_VALUE
    else:
        try:
            value = answer_from_form(challenge=challenge, data=request.POST)
        except AnswerFormError as error:
            remaining = remaining_seconds(challenge=challenge, assessment=assessment)
            time_is_up = (timeout is not None and timeout < 0) or (remaining is not None and remaining < 0)
            if not time_is_up:
                return _render_question(request, assessment, challenge, error=error)
            value = ""  # the countdown ended before anything was given: stored as it is
    try:
        answer_save(
            assessment=assessment,
            challenge_id=challenge.id,
            value=value,
            timeout=timeout,
            focused_out=focused_out,
        )
    except EmptyAnswer as error:
        return _render_question(request, assessment, challenge, error=AnswerFormError(error.detail))
    except CertificationSessionClosed:
        return redirect(end_url(course_id))
    except LiveAlertPending:
        return redirect(test_url(course_id))
    except AssessmentError as error:
        if error.status != 409:
            messages.error(request, error.detail)
    return redirect(test_url(course_id))


def _int_or_none(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    try:
        return int(raw) if raw and len(raw) <= 9 else None
    except ValueError:
        return None


def _test_context(assessment: Assessment, challenge: Challenge | None) -> dict[str, object]:
    course = assessment.certification_course
    number = assessment.answer_count + 1
    total = max(course.number_of_challenges, number)
    return {
        "assessment": assessment,
        "course": course,
        "session": course.session,
        "number": number,
        "total": total,
        "progress_class": width_class(100 * (number - 1) / total),
        "challenge_view": present_challenge(challenge=challenge, shuffle_seed=assessment.pk)
        if challenge
        else None,
        "can_report": course.version == Session.Version.V3,
    }


def _render_question(
    request: HttpRequest,
    assessment: Assessment,
    challenge: Challenge,
    *,
    error: AnswerFormError | None = None,
) -> HttpResponse:
    context = _test_context(assessment, challenge)
    context.update(
        answer_form=answer_form_view(
            challenge_view=context["challenge_view"], data=request.POST if error else None, error=error
        ),
        remaining=remaining_seconds(challenge=challenge, assessment=assessment),
        has_error=error is not None,
    )
    return render(request, "learners/certification/test.html", context)


def _render_alert_waiting(request: HttpRequest, assessment: Assessment, alert) -> HttpResponse:
    context = _test_context(assessment, None)
    context["alert"] = alert
    return render(request, "learners/certification/alert_waiting.html", context)


@login_required
@require_POST
def certification_report(request: HttpRequest, course_id: int) -> HttpResponse:
    """ "Signaler un problème": a live alert on the question shown; the invigilator handles it."""
    assessment = _assessment_or_404(request, course_id)
    if _is_over(assessment):
        return redirect(end_url(course_id))
    if not _is_entered(request, course_id):
        return redirect(_start_url())
    try:
        exam.live_alert_create(
            course=assessment.certification_course, challenge_id=request.POST.get("challenge", "")
        )
    except exam.ExamError as refusal:
        messages.error(request, refusal.detail)
    return redirect(test_url(course_id))


@login_required
@never_cache
@require_safe
def certification_status(request: HttpRequest, course_id: int) -> JsonResponse:
    """Polled while a live alert waits: is it handled, is the test still running?"""
    assessment = _assessment_or_404(request, course_id)
    alert = exam_selectors.ongoing_alert_of(course_id=course_id)
    return JsonResponse(
        {"running": not _is_over(assessment), "alert": "ongoing" if alert is not None else "none"}
    )


@login_required
@require_POST
def certification_focus_lost(request: HttpRequest, course_id: int) -> HttpResponse:
    """Sent by the page when the candidate leaves a focused question (the server remembers it)."""
    assessment = _assessment_or_404(request, course_id)
    if not _is_entered(request, course_id) or _is_over(assessment):
        return HttpResponse(status=409)
    exam.course_focus_lost(
        course=assessment.certification_course, challenge_id=request.POST.get("challenge", "")
    )
    return HttpResponse(status=204)


@login_required
@never_cache
@require_safe
def certification_end(request: HttpRequest, course_id: int) -> HttpResponse:
    """The end screen (§3.6): the certification number and how the test ended."""
    assessment = _assessment_or_404(request, course_id)
    if not _is_over(assessment):
        return redirect(test_url(course_id) if _is_entered(request, course_id) else _start_url())
    course = assessment.certification_course
    if assessment.state == Assessment.State.ENDED_BY_INVIGILATOR:
        ending = "invigilator"
    elif assessment.state == Assessment.State.COMPLETED:
        ending = "completed"
    else:
        ending = "finalization"
    if request.session.get(ENTERED_COURSE_KEY) == course.pk:
        del request.session[ENTERED_COURSE_KEY]
    return render(
        request,
        "learners/certification/end.html",
        {"assessment": assessment, "course": course, "session": course.session, "ending": ending},
    )
