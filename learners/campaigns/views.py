"""The learner's side of campaigns ("parcours"): a code, the campaign's landing page, "who are you" for a
school's students, the external id, then the test (the player) and the results to send.

Thin views: who may start, retry, reset or send is `campaigns.services`' rule, the reconciliation is
`organizations.services`'; the pages show their refusals as they are. Each page is about the learner's
own participation, found from their account and the code: there is no one else's to reach.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from campaigns.models import Campaign, CampaignParticipation
from campaigns.services import (
    CampaignError,
    participation_share,
    participation_start,
    participation_start_check,
)
from learners.campaigns import selectors
from learners.campaigns.forms import CodeForm, ExternalIdForm, ReconcileForm
from organizations.models import Organization
from organizations.services import ReconciliationError, learner_reconcile

# Refusals that are steps of the way in, not dead ends: the page that resolves them is shown instead.
STEP_CODES = frozenset({"not_reconciled", "missing_external_id"})
RETRY = "retry"
RESET = "reset"
SHARE = "share"


# -- Where to go --------------------------------------------------------------------------------


def landing_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_landing", kwargs={"code": campaign.code})


def oups_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_oups", kwargs={"code": campaign.code})


def reconcile_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_reconcile", kwargs={"code": campaign.code})


def external_id_url(campaign: Campaign) -> str:
    return reverse("learners:campaign_external_id", kwargs={"code": campaign.code})


def where_it_stands(campaign: Campaign, participation: CampaignParticipation) -> str:
    """The page of a participation: the test (or its results), or the profile to send (or sent)."""
    if campaign.is_assessment:
        return (
            selectors.results_url(campaign) if participation.is_shared else selectors.evaluation_url(campaign)
        )
    return (
        selectors.profile_sent_url(campaign)
        if participation.is_shared
        else selectors.profile_send_url(campaign)
    )


def _campaign(code: str) -> Campaign:
    campaign = selectors.campaign_for_code(code=code)
    if campaign is None:
        raise Http404
    return campaign


def _participation(request: HttpRequest, campaign: Campaign) -> CampaignParticipation | None:
    """The learner's current participation, None if there is none or it was deleted by the organization."""
    participation = selectors.participation_for(campaign=campaign, user=request.user)
    if participation is None or participation.deleted_at is not None:
        return None
    return participation


# -- Entering a code ------------------------------------------------------------------------------


@login_required
@require_safe
def campaign_code(request: HttpRequest) -> HttpResponse:
    """ "J'ai un code": also reached from the home page's form (?code=…)."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        campaign = selectors.campaign_for_code(code=form.cleaned_data["code"])
        if campaign is not None:
            return redirect(landing_url(campaign))
        form.add_error(
            "code",
            _(
                "Nous ne trouvons aucun parcours avec ce code. Vérifiez-le : il compte 9 caractères, "
                "par exemple ABCDEF123."
            ),
        )
    return render(request, "learners/campaigns/code.html", {"form": form})


# -- The landing page and starting ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def campaign_landing(request: HttpRequest, code: str) -> HttpResponse:
    """What the campaign is, and "Je commence". Open to everyone: visitors are asked to sign in first."""
    campaign = _campaign(code)
    if code != campaign.code:
        return redirect(landing_url(campaign))
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('account_login')}?next={landing_url(campaign)}")
        return _render_landing(request, campaign)
    participation = _participation(request, campaign)
    if participation is not None:  # also a second click on "Je commence": where the learner stands
        return redirect(where_it_stands(campaign, participation))
    if request.method == "POST":
        return _start(request, campaign)
    error = ""
    try:
        participation_start_check(campaign=campaign, user=request.user)
    except CampaignError as refusal:
        if refusal.code not in STEP_CODES:
            error = refusal.detail
    return _render_landing(request, campaign, error=error)


def _render_landing(request: HttpRequest, campaign: Campaign, *, error: str = "") -> HttpResponse:
    learner = None
    if request.user.is_authenticated and campaign.is_restricted:
        learner = selectors.learner_for(campaign=campaign, user=request.user)
    context = {
        "campaign": campaign,
        "heading": selectors.campaign_heading(campaign),
        "landing_text": selectors.rendered_text(campaign.custom_landing_page_text),
        "competences_count": selectors.competences_count_of(campaign) if campaign.is_assessment else 0,
        "learner": learner,
        "error": error,
    }
    return render(request, "learners/campaigns/landing.html", context)


def _start(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """Start the campaign; a missing step (who you are, the external id) leads to its page."""
    try:
        started = participation_start(campaign=campaign, user=request.user)
    except CampaignError as refusal:
        if refusal.code == "not_reconciled":
            return redirect(reconcile_url(campaign))
        if refusal.code == "missing_external_id":
            return redirect(external_id_url(campaign))
        return _render_landing(request, campaign, error=refusal.detail)
    return redirect(where_it_stands(campaign, started.participation))


@require_safe
def campaign_oups(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(code)
    if campaign.is_accessible:
        return redirect(landing_url(campaign))
    return render(request, "learners/campaigns/oups.html", {"campaign": campaign})


# -- Who are you (restricted campaigns) ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_reconcile(request: HttpRequest, code: str) -> HttpResponse:
    """A school's (or university's) student finds themselves in its list, once for all its campaigns."""
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    if not campaign.is_restricted or selectors.learner_for(campaign=campaign, user=request.user):
        return redirect(landing_url(campaign))  # nothing to prove, or already linked: never asked again
    organization = campaign.organization
    asks_student_number = organization.type == Organization.Type.SUP
    form = ReconcileForm(
        request.POST if request.method == "POST" else None,
        initial={"first_name": request.user.first_name, "last_name": request.user.last_name},
        asks_student_number=asks_student_number,
    )
    error = ""
    if form.is_bound and form.is_valid():
        try:
            learner_reconcile(
                organization=organization,
                user=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                birthdate=form.cleaned_data["birthdate"],
                student_number=form.cleaned_data.get("student_number") or None,
            )
        except ReconciliationError as refusal:
            error = refusal.detail
        else:
            return _start(request, campaign)
    context = {
        "campaign": campaign,
        "heading": selectors.campaign_heading(campaign),
        "form": form,
        "error": error,
        "asks_student_number": asks_student_number,
    }
    return render(request, "learners/campaigns/reconcile.html", context)


# -- The external id ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_external_id(request: HttpRequest, code: str) -> HttpResponse:
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    if not campaign.external_id_label:
        return redirect(landing_url(campaign))
    participation = _participation(request, campaign)
    if participation is not None:
        return redirect(where_it_stands(campaign, participation))
    is_email = campaign.external_id_type == Campaign.ExternalIdType.EMAIL
    form = ExternalIdForm(
        request.POST if request.method == "POST" else None,
        label=campaign.external_id_label,
        is_email=is_email,
    )
    if form.is_bound and form.is_valid():
        try:
            started = participation_start(
                campaign=campaign, user=request.user, participant_external_id=form.cleaned_data["external_id"]
            )
        except CampaignError as refusal:
            if refusal.code in ("missing_external_id", "invalid_email"):
                form.add_error("external_id", refusal.detail)
            elif refusal.code == "not_reconciled":
                return redirect(reconcile_url(campaign))
            else:
                return _render_landing(request, campaign, error=refusal.detail)
        else:
            return redirect(where_it_stands(campaign, started.participation))
    context = {"campaign": campaign, "heading": selectors.campaign_heading(campaign), "form": form}
    return render(request, "learners/campaigns/external_id.html", context)


# -- The test and its results -------------------------------------------------------------------


@login_required
@require_safe
def campaign_evaluation(request: HttpRequest, code: str) -> HttpResponse:
    """Start or resume the campaign's test: to the question to answer now, or to the results."""
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    participation = _participation(request, campaign)
    if participation is None or not campaign.is_assessment:
        return redirect(landing_url(campaign))
    assessment = selectors.latest_assessment_of(participation=participation)
    if assessment is not None and assessment.is_started:
        return redirect(reverse("learners:assessment_resume", kwargs={"assessment_id": assessment.pk}))
    return redirect(selectors.results_url(campaign))


@login_required
@require_http_methods(["GET", "POST"])
def campaign_results(request: HttpRequest, code: str) -> HttpResponse:
    """Mastery, stage, badges, detailed results; "J'envoie mes résultats"; retry or reset when allowed."""
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    participation = _participation(request, campaign)
    if participation is None or not campaign.is_assessment:
        return redirect(landing_url(campaign))
    assessment = selectors.latest_assessment_of(participation=participation)
    if assessment is None or assessment.is_started:
        return redirect(selectors.evaluation_url(campaign))
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == SHARE:
                participation_share(participation=participation)
                return redirect(selectors.results_url(campaign))
            if action in (RETRY, RESET):
                participation_start(campaign=campaign, user=request.user, is_reset=action == RESET)
                return redirect(selectors.evaluation_url(campaign))
        except CampaignError as refusal:
            error = refusal.detail
            participation = _participation(request, campaign) or participation
        else:
            return redirect(selectors.results_url(campaign))
    results = selectors.assessment_results_for(participation=participation)
    context = {
        "campaign": campaign,
        "heading": selectors.campaign_heading(campaign),
        "results": results,
        "result_text": selectors.rendered_text(campaign.custom_result_page_text),
        "error": error,
    }
    return render(request, "learners/campaigns/results.html", context)


# -- Profiles collection ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_profile_send(request: HttpRequest, code: str) -> HttpResponse:
    """The 16-competence profile that will be sent, and "J'envoie mon profil"."""
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    participation = _participation(request, campaign)
    if participation is None or campaign.is_assessment:
        return redirect(landing_url(campaign))
    if participation.is_shared:
        return redirect(selectors.profile_sent_url(campaign))
    error = ""
    if request.method == "POST":
        try:
            participation_share(participation=participation)
        except CampaignError as refusal:
            error = refusal.detail
        else:
            return redirect(selectors.profile_sent_url(campaign))
    context = {
        "campaign": campaign,
        "heading": selectors.campaign_heading(campaign),
        "profile": selectors.profile_to_send_for(participation=participation),
        "error": error,
    }
    return render(request, "learners/campaigns/profile_send.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_profile_sent(request: HttpRequest, code: str) -> HttpResponse:
    """Profile sent: what the organization received; send it again when the campaign allows it."""
    campaign = _campaign(code)
    if not campaign.is_accessible:
        return redirect(oups_url(campaign))
    participation = _participation(request, campaign)
    if participation is None or campaign.is_assessment:
        return redirect(landing_url(campaign))
    if not participation.is_shared:
        return redirect(selectors.profile_send_url(campaign))
    error = ""
    if request.method == "POST":
        try:
            participation_start(campaign=campaign, user=request.user)
        except CampaignError as refusal:
            error = refusal.detail
        else:
            return redirect(selectors.profile_send_url(campaign))
    context = {
        "campaign": campaign,
        "heading": selectors.campaign_heading(campaign),
        "profile": selectors.profile_to_send_for(participation=participation),
        "result_text": selectors.rendered_text(campaign.custom_result_page_text),
        "error": error,
    }
    return render(request, "learners/campaigns/profile_sent.html", context)
