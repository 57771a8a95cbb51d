"""The test player's pages: thin views over assessments.services and challenges.presentation.

Where a learner is sent is always computed from what is stored (the number of answers), never from
what the browser says: back, reload and a second tab land on the question to answer now.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.models import Assessment
from assessments.services import (
    AssessmentError,
    EmptyAnswer,
    UnknownCompetence,
    answer_save,
    assessment_next_challenge,
    assessment_timer_start,
    competence_evaluation_start_or_resume,
)
from challenges.checking import SKIP_VALUE, AnswerStatus
from challenges.models import Challenge
from challenges.presentation import (
    AnswerFormError,
    answer_form_view,
    answer_from_form,
    correction_for,
    present_challenge,
    verdict_for,
)
from learners.campaigns.selectors import campaign_heading
from learners.player import selectors, services
from learners.player.forms import ORIGIN_CHALLENGE, ORIGIN_CORRECTION, ChallengeReportForm

ANSWER_ACTION = "answer"
SKIP_ACTION = "skip"
START_ACTION = "start"
# Session key, per assessment: the challenge whose warning page was passed (its timer has started).
STARTED_KEY = "player.started.{}"
LEVEL_UP_TAG = "level-up"


# -- Where to go --------------------------------------------------------------------------------


def challenge_url(assessment: Assessment, number: int) -> str:
    return reverse("learners:assessment_challenge", kwargs={"assessment_id": assessment.pk, "n": number})


def checkpoint_url(assessment: Assessment) -> str:
    return reverse("learners:assessment_checkpoint", kwargs={"assessment_id": assessment.pk})


def results_url(assessment: Assessment) -> str:
    """The end page: the competence's result, or the campaign's results to send."""
    campaign = selectors.campaign_of(assessment)
    if campaign is not None:
        return reverse("learners:campaign_results", kwargs={"code": campaign.code})
    return reverse(
        "learners:competence_results",
        kwargs={"code": assessment.competence.code, "assessment_id": assessment.pk},
    )


def pause_url(assessment: Assessment) -> str:
    """Where "Faire une pause" leads: the competences, or the home page and its campaign cards."""
    if selectors.campaign_of(assessment) is not None:
        return reverse("learners:home")
    return reverse("learners:competences")


def closed_campaign_url(assessment: Assessment) -> str | None:
    """A campaign archived or deleted meanwhile: its "oups" page instead of a question (§1.6)."""
    campaign = selectors.campaign_of(assessment)
    if campaign is None or campaign.is_accessible:
        return None
    return reverse("learners:campaign_oups", kwargs={"code": campaign.code})


def current_url(assessment: Assessment, answered: int) -> str:
    """The page to show now: the question to answer, or the results once the test has ended."""
    if not assessment.is_started:
        return results_url(assessment)
    return challenge_url(assessment, answered + 1)


def _owned(request: HttpRequest, assessment_id: int) -> Assessment:
    assessment = selectors.playable_assessment_of(user=request.user, assessment_id=assessment_id)
    if assessment is None:
        raise Http404
    return assessment


# -- Starting -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def competence_evaluate(request: HttpRequest, code: str) -> HttpResponse:
    """Start or resume the evaluation of a competence, and go to where the learner stands in it."""
    try:
        assessment = competence_evaluation_start_or_resume(user=request.user, competence_code=code)
    except UnknownCompetence as error:
        raise Http404 from error
    assessment = _owned(request, assessment.pk)
    return redirect(current_url(assessment, assessment.answer_count))


@login_required
def assessment_resume(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _owned(request, assessment_id)
    return redirect(closed_campaign_url(assessment) or current_url(assessment, assessment.answer_count))


@login_required
def assessment_results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _owned(request, assessment_id)
    return redirect(current_url(assessment, assessment.answer_count))


# -- One question -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_challenge(request: HttpRequest, assessment_id: int, n: int) -> HttpResponse:
    assessment = _owned(request, assessment_id)
    if closed := closed_campaign_url(assessment):
        return redirect(closed)
    answered = assessment.answer_count
    if not assessment.is_started or n != answered + 1:
        # An answered question (back button, second tab, resubmission) or one not reached yet.
        return redirect(current_url(assessment, answered))
    if request.method == "POST" and request.POST.get("action") != START_ACTION:
        # An answer is for the question asked; the service refuses it if it was answered meanwhile.
        asked = selectors.asked_challenge_of(assessment=assessment)
        if asked is None or request.POST.get("challenge") != asked.id:
            return redirect(current_url(assessment, answered))  # a form of another question
        return _answer(request, assessment, asked, n, request.POST.get("action", ANSWER_ACTION))
    challenge = assessment_next_challenge(assessment=assessment)
    if challenge is None:  # nothing left to ask: the test has just been completed
        return redirect(checkpoint_url(assessment))
    started_key = STARTED_KEY.format(assessment.pk)
    intro_passed = (
        not (challenge.timer or challenge.focused)
        or request.session.get(started_key) == challenge.id
        # The countdown already runs (started from another browser): show the question, not the warning.
        or (challenge.timer is not None and assessment.timer_started_at is not None)
    )
    if request.method == "POST":  # "Commencer" on the warning page: once per question
        if not intro_passed:
            if challenge.timer:
                assessment_timer_start(assessment=assessment)
            request.session[started_key] = challenge.id
        return redirect(challenge_url(assessment, n))
    if not intro_passed:
        return _render_intro(request, assessment, challenge, n)
    return _render_challenge(request, assessment, challenge, n)


def _answer(
    request: HttpRequest, assessment: Assessment, challenge: Challenge, n: int, action: str
) -> HttpResponse:
    timeout = _int_or_none(request.POST.get("timeout")) if challenge.timer else None
    focused_out = bool(challenge.focused) and request.POST.get("focused_out") == "1"
    if action == SKIP_ACTION:
        value = SKIP_VALUE
    else:
        try:
            value = answer_from_form(challenge=challenge, data=request.POST)
        except AnswerFormError as error:
            if not _time_is_up(challenge, assessment, timeout):
                return _render_challenge(request, assessment, challenge, n, error=error)
            value = ""  # the countdown ended before anything was given: stored as it is
    try:
        outcome = answer_save(
            assessment=assessment,
            challenge_id=challenge.id,
            value=value,
            timeout=timeout,
            focused_out=focused_out,
        )
    except EmptyAnswer as error:
        return _render_challenge(request, assessment, challenge, n, error=AnswerFormError(error.detail))
    except AssessmentError as error:
        if error.status != 409:
            messages.error(request, error.detail)
        # Answered meanwhile in another tab, or the test has ended: go where the learner stands now.
        assessment = _owned(request, assessment.pk)
        return redirect(current_url(assessment, assessment.answer_count))
    if outcome.level_up:
        # Shown once, on the next page, in the messages (role="status"); a message costs no query.
        messages.success(
            request,
            _("Vous avez atteint le niveau %(level)d !") % {"level": outcome.level_up},
            extra_tags=LEVEL_UP_TAG,
        )
    if outcome.answer.result == AnswerStatus.TIMEDOUT or (outcome.answer.timeout or 0) < 0:
        messages.info(
            request,
            _(
                "Le temps de la question %(number)d était écoulé : votre réponse a été enregistrée telle quelle."
            )
            % {"number": n},
        )
    if selectors.is_checkpoint_due(n):
        return redirect(checkpoint_url(assessment))
    return redirect(challenge_url(assessment, n + 1))


def _time_is_up(challenge: Challenge, assessment: Assessment, timeout: int | None) -> bool:
    if not challenge.timer:
        return False
    if timeout is not None and timeout < 0:
        return True
    remaining = selectors.remaining_seconds(challenge=challenge, assessment=assessment)
    return remaining is not None and remaining < 0


def _int_or_none(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    try:
        return int(raw) if raw and len(raw) <= 9 else None
    except ValueError:
        return None


def _subject(assessment: Assessment) -> dict[str, object]:
    """What the test is about, for the pages' headings: a competence, or a campaign of an organization."""
    campaign = selectors.campaign_of(assessment)
    return {
        "competence": assessment.competence,
        "campaign": campaign,
        "campaign_heading": campaign_heading(campaign) if campaign is not None else "",
    }


def _player_context(request: HttpRequest, assessment: Assessment, n: int) -> dict[str, object]:
    position = selectors.position_in_block(n)
    return {
        "assessment": assessment,
        **_subject(assessment),
        "n": n,
        "block_position": position,
        "block_size": selectors.CHECKPOINT_EVERY,
        "block_progress_class": selectors.width_class(100 * position / selectors.CHECKPOINT_EVERY),
    }


def _render_intro(request: HttpRequest, assessment: Assessment, challenge: Challenge, n: int) -> HttpResponse:
    context = _player_context(request, assessment, n)
    context["challenge_view"] = present_challenge(challenge=challenge, shuffle_seed=assessment.pk)
    return render(request, "learners/player/intro.html", context)


def _render_challenge(
    request: HttpRequest,
    assessment: Assessment,
    challenge: Challenge,
    n: int,
    *,
    error: AnswerFormError | None = None,
) -> HttpResponse:
    challenge_view = present_challenge(challenge=challenge, shuffle_seed=assessment.pk)
    context = _player_context(request, assessment, n)
    context.update(
        challenge_view=challenge_view,
        answer_form=answer_form_view(
            challenge_view=challenge_view, data=request.POST if error else None, error=error
        ),
        remaining=selectors.remaining_seconds(challenge=challenge, assessment=assessment),
        report_form=ChallengeReportForm(origin=ORIGIN_CHALLENGE, initial={"challenge": challenge.id}),
        has_error=error is not None,
    )
    return render(request, "learners/player/challenge.html", context)


# -- Checkpoints, corrections, results ------------------------------------------------------------


@login_required
@require_safe
def assessment_checkpoint(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """ "Vos résultats" after each block of 5 answers, and once at the end with every answer."""
    assessment = _owned(request, assessment_id)
    if closed := closed_campaign_url(assessment):
        return redirect(closed)
    answered = assessment.answer_count
    if assessment.is_started:
        if not selectors.is_checkpoint_due(answered):
            return redirect(current_url(assessment, answered))
        # Is there a question after this block? Asking now completes the test when there is none.
        assessment_next_challenge(assessment=assessment)
    is_final = not assessment.is_started
    rows = selectors.answer_rows_of(
        assessment=assessment, last=None if is_final else selectors.CHECKPOINT_EVERY
    )
    context = {
        "assessment": assessment,
        **_subject(assessment),
        "pause_url": pause_url(assessment),
        "rows": rows,
        "is_final": is_final,
        "answered": answered,
        "correct_count": sum(1 for row in rows if row.is_ok),
        "next_url": results_url(assessment) if is_final else challenge_url(assessment, answered + 1),
    }
    return render(request, "learners/player/checkpoint.html", context)


@login_required
@require_safe
def answer_correction(request: HttpRequest, assessment_id: int, answer_id: int) -> HttpResponse:
    found = selectors.answer_for_correction(
        user=request.user, assessment_id=assessment_id, answer_id=answer_id
    )
    if found is None:
        raise Http404
    answer, challenge, assessment = found.answer, found.challenge, found.answer.assessment
    if assessment.type in selectors.PLAYABLE_TYPES:
        # Back to the checkpoint while the test runs, to the end page once it is over.
        back_url = checkpoint_url(assessment) if assessment.is_started else results_url(assessment)
    else:
        back_url = reverse("learners:home")
    context = {
        "assessment": assessment,
        **_subject(assessment),
        "answer": answer,
        "number": found.number,
        "verdict": verdict_for(answer.result),
        "challenge_view": present_challenge(challenge=challenge, shuffle_seed=assessment.pk),
        "correction": correction_for(
            challenge=challenge, answer_value=answer.value, result_details=answer.result_details
        ),
        "back_url": back_url,
        "report_form": ChallengeReportForm(
            origin=ORIGIN_CORRECTION, initial={"challenge": challenge.pk, "answer": answer.pk}
        ),
    }
    return render(request, "learners/player/correction.html", context)


@login_required
@require_safe
def competence_results(request: HttpRequest, code: str, assessment_id: int) -> HttpResponse:
    assessment = _owned(request, assessment_id)
    if assessment.competence is None or assessment.competence.code != code:
        raise Http404
    if assessment.is_started:
        return redirect(current_url(assessment, assessment.answer_count))
    result = selectors.competence_result_of(assessment=assessment)
    return render(request, "learners/player/results.html", {"assessment": assessment, "result": result})


# -- "Signaler un problème" ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def challenge_report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """POST from the panel under a question or a correction; GET (and errors) show the form alone."""
    assessment = selectors.reportable_assessment_of(user=request.user, assessment_id=assessment_id)
    if assessment is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    answer_id = _int_or_none(data.get("answer"))
    origin = ORIGIN_CORRECTION if answer_id else ORIGIN_CHALLENGE
    back_url = _report_back_url(assessment, answer_id)
    if request.method == "GET":
        form = ChallengeReportForm(
            origin=origin,
            initial={"challenge": data.get("challenge") or assessment.last_challenge_id, "answer": answer_id},
        )
    else:
        form = ChallengeReportForm(request.POST, origin=origin)
        if form.is_valid():
            challenge_id = form.cleaned_data["challenge"]
            if answer_id:
                correction = selectors.answer_for_correction(
                    user=request.user, assessment_id=assessment.pk, answer_id=answer_id
                )
                if correction is None or correction.challenge.pk != challenge_id:
                    raise Http404
            try:
                services.challenge_report_create(
                    user=request.user,
                    assessment=assessment,
                    challenge_id=challenge_id,
                    category=form.cleaned_data["category"],
                    comment=form.cleaned_data["comment"],
                )
            except services.ReportError as error:
                raise Http404 from error
            messages.success(
                request,
                _(
                    "Merci, votre signalement a bien été envoyé. L'équipe qui écrit les questions va l'étudier."
                ),
            )
            return redirect(back_url)
    return render(
        request,
        "learners/player/report.html",
        {"assessment": assessment, "form": form, "origin": origin, "back_url": back_url},
    )


def _report_back_url(assessment: Assessment, answer_id: int | None) -> str:
    if answer_id:
        return reverse(
            "learners:answer_correction", kwargs={"assessment_id": assessment.pk, "answer_id": answer_id}
        )
    return reverse("learners:assessment_resume", kwargs={"assessment_id": assessment.pk})
