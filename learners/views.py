from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.services import AssessmentError, competence_evaluation_improve, scorecard_reset
from learners import selectors, services


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("learners:home")
    return render(request, "learners/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "learners/home.html", {"home": selectors.home_for(user=request.user)})


@login_required
def competences(request: HttpRequest) -> HttpResponse:
    return render(request, "learners/competences.html", {"profile": selectors.profile_for(user=request.user)})


@login_required
def competence_details(request: HttpRequest, code: str) -> HttpResponse:
    details = selectors.competence_details_for(user=request.user, code=code)
    if details is None:
        raise Http404
    return render(request, "learners/competence_details.html", {"details": details})


@login_required
@require_POST
def competence_improve(request: HttpRequest, code: str) -> HttpResponse:
    card = selectors.competence_card_for(user=request.user, code=code)
    if card is None:
        raise Http404
    try:
        competence_evaluation_improve(user=request.user, competence_code=code)
    except AssessmentError as error:
        messages.error(request, error.detail)
        return redirect(card.details_url)
    return redirect(card.play_url)


@login_required
@require_http_methods(["GET", "POST"])
def competence_reset(request: HttpRequest, code: str) -> HttpResponse:
    """GET: what a reset does, and a confirmation button. POST: the reset (7 days after the last answer)."""
    card = selectors.competence_card_for(user=request.user, code=code)
    if card is None:
        raise Http404
    if request.method == "GET":
        return render(request, "learners/competence_reset.html", {"card": card})
    try:
        reset = scorecard_reset(user=request.user, competence_code=code)
    except AssessmentError as error:
        messages.error(request, error.detail)
        return redirect(card.details_url)
    if reset:
        messages.success(
            request,
            _("La compétence « %(name)s » a été remise à zéro. Vous pouvez la recommencer quand vous voulez.")
            % {"name": card.name},
        )
    else:
        messages.info(request, _("Il n'y avait rien à remettre à zéro dans cette compétence."))
    return redirect(card.details_url)


@login_required
def tutorials(request: HttpRequest) -> HttpResponse:
    return redirect("learners:tutorials_recommended")


@login_required
def tutorials_tab(request: HttpRequest, tab: str) -> HttpResponse:
    page = selectors.tutorials_page_for(user=request.user, tab=tab)
    return render(request, "learners/tutorials.html", {"page": page, "tab": tab})


def _back(request: HttpRequest, tutorial_id: int) -> HttpResponseRedirect:
    """Back to the page the button was on (only a page of this site), at the tutorial's place."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/mes-tutos/enregistres"
    return HttpResponseRedirect(f"{target.split('#')[0]}#tuto-{tutorial_id}")


@login_required
@require_POST
def tutorial_save(request: HttpRequest, tutorial_id: int) -> HttpResponse:
    try:
        services.tutorial_save(user=request.user, tutorial_id=tutorial_id)
    except services.UnknownTutorial as error:
        raise Http404 from error
    messages.success(request, _("Tutoriel enregistré dans « Mes tutos »."))
    return _back(request, tutorial_id)


@login_required
@require_POST
def tutorial_unsave(request: HttpRequest, tutorial_id: int) -> HttpResponse:
    try:
        services.tutorial_unsave(user=request.user, tutorial_id=tutorial_id)
    except services.UnknownTutorial as error:
        raise Http404 from error
    messages.success(request, _("Tutoriel retiré de « Mes tutos »."))
    return _back(request, tutorial_id)
