"""Pix Orga: the teachers' side of campaigns. Access is ``orga.access``'s (members only, 404 for the
others); who may edit, archive or delete is ``campaigns.selectors.can_manage_campaign``; the rules are
``campaigns.services``' and the figures ``campaigns.selectors``'. Views only read forms and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns import exports, selectors
from campaigns.models import Campaign, ExportJob
from campaigns.services import (
    CampaignError,
    campaign_archive,
    campaign_create,
    campaign_delete,
    campaign_unarchive,
    campaign_update,
)
from orga.access import orga_member_required
from orga.campaign_forms import CampaignForm, CampaignListFilterForm, CampaignUpdateForm, ResultsFilterForm
from organizations.selectors import members_of

CAMPAIGNS_PER_PAGE = 25
PARTICIPANTS_PER_PAGE = 50


def _campaign_or_404(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = selectors.campaign_in(organization=request.orga.organization, campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


def _managed_campaign_or_403(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = _campaign_or_404(request, campaign_id)
    if not selectors.can_manage_campaign(campaign=campaign, membership=request.orga.membership):
        raise PermissionDenied
    return campaign


def _campaign_url(campaign: Campaign, name: str = "orga:campaign", **kwargs) -> str:
    return reverse(name, kwargs={"org_id": campaign.organization_id, "campaign_id": campaign.pk, **kwargs})


def direct_link(campaign: Campaign) -> str:
    """The address learners open to join (the learner site's /campagnes/<code>)."""
    return f"{settings.SITE_URL.rstrip('/')}/campagnes/{campaign.code}"


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _campaign_context(request: HttpRequest, campaign: Campaign, tab: str) -> dict:
    """What every campaign page shows above its tabs."""
    return {
        "campaign": campaign,
        "tab": tab,
        "direct_link": direct_link(campaign),
        "can_manage": selectors.can_manage_campaign(campaign=campaign, membership=request.orga.membership),
    }


# -- The list, creation, edition ---------------------------------------------------------------------


@require_GET
@orga_member_required
def campaign_list(request: HttpRequest, scope: str) -> HttpResponse:
    """ "Mes campagnes" (the person owns them) or "Toutes les campagnes" of the organization."""
    organization = request.orga.organization
    form = CampaignListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    archived = filters.get("statut") == "archivees"
    campaigns = selectors.campaigns_of(
        organization=organization,
        owner=request.user if scope == "mine" else None,
        search=filters.get("recherche", ""),
        archived=archived,
    )
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orga/campaigns/list.html",
        {
            "scope": scope,
            "form": form,
            "page": page,
            "archived": archived,
            "filtered": bool(filters.get("recherche")),
            "query": _query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
@orga_member_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    organization = request.orga.organization
    members = list(members_of(organization=organization))
    profiles = list(selectors.target_profiles_available_to(organization=organization))
    form = CampaignForm(
        request.POST or None,
        target_profiles=profiles,
        members=members,
        initial={"owner": request.user.pk, "type": Campaign.Type.ASSESSMENT, "multiple_sendings": "non"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(
                organization=organization, creator=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("La campagne « %(name)s » est créée. Communiquez son code %(code)s à vos élèves.")
                % {"name": campaign.name, "code": campaign.code},
            )
            return redirect(_campaign_url(campaign, "orga:campaign_settings"))
    return render(
        request,
        "orga/campaigns/form.html",
        {"form": form, "profiles": profiles, "creating": True},
        status=400 if form.is_bound and form.errors else 200,
    )


def _add_service_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
@orga_member_required
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed_campaign_or_403(request, campaign_id)
    members = list(members_of(organization=request.orga.organization))
    has_participants = campaign.participations.exists()
    form = CampaignUpdateForm(
        request.POST or None,
        campaign=campaign,
        members=members,
        initial={
            "name": campaign.name,
            "title": campaign.title,
            "custom_landing_page_text": campaign.custom_landing_page_text,
            "owner": campaign.owner_id,
            "multiple_sendings": "oui" if campaign.multiple_sendings else "non",
        },
    )
    if has_participants:
        form.fields.pop("multiple_sendings", None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(campaign=campaign, **form.service_arguments())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Les modifications de la campagne sont enregistrées."))
            return redirect(_campaign_url(campaign, "orga:campaign_settings"))
    return render(
        request,
        "orga/campaigns/form.html",
        {"form": form, "campaign": campaign, "creating": False, "has_participants": has_participants},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@orga_member_required
def campaign_archive_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed_campaign_or_403(request, campaign_id)
    try:
        campaign_archive(campaign=campaign, by=request.user)
    except CampaignError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("La campagne est archivée : plus personne ne peut la rejoindre ni y envoyer ses résultats."),
        )
    return redirect(_campaign_url(campaign, "orga:campaign_settings"))


@require_POST
@orga_member_required
def campaign_unarchive_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed_campaign_or_403(request, campaign_id)
    campaign_unarchive(campaign=campaign)
    messages.success(request, _("La campagne est de nouveau active."))
    return redirect(_campaign_url(campaign, "orga:campaign_settings"))


@require_http_methods(["GET", "POST"])
@orga_member_required
def campaign_delete_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed_campaign_or_403(request, campaign_id)
    if request.method == "GET":
        return render(request, "orga/campaigns/delete.html", _campaign_context(request, campaign, "settings"))
    try:
        campaign_delete(campaign=campaign, by=request.user)
    except CampaignError as error:
        messages.error(request, error.detail)
        return redirect(_campaign_url(campaign, "orga:campaign_settings"))
    messages.success(request, _("La campagne « %(name)s » est supprimée.") % {"name": campaign.name})
    return redirect("orga:campaigns", org_id=campaign.organization_id)


# -- The campaign's tabs -----------------------------------------------------------------------------


@require_GET
@orga_member_required
def campaign_activity(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    activity = selectors.campaign_activity(campaign=campaign)
    divisions, groups = selectors.participants_filters(campaign=campaign)
    form = ResultsFilterForm(request.GET or None, divisions=divisions, groups=groups)
    filters = form.filters()
    rows = selectors.participants_activity(
        campaign=campaign,
        division=filters.get("division", ""),
        group=filters.get("group", ""),
        search=filters.get("search", ""),
    )
    page = Paginator(rows, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    participants = [
        {
            "participation": participation,
            "names": selectors.participant_names(participation),
            "status": _status_of(campaign, participation),
        }
        for participation in page.object_list
    ]
    context = _campaign_context(request, campaign, "activity")
    context.update(
        {
            "activity": activity,
            "chart": _day_chart(activity),
            "histogram": _mastery_histogram(activity),
            "form": form,
            "page": page,
            "participants": participants,
            "filtered": any(value not in (None, "") for value in filters.values()),
            "query": _query_without_page(request),
            "show_division": bool(divisions),
            "show_group": bool(groups),
        }
    )
    return render(request, "orga/campaigns/activity.html", context)


def _status_of(campaign: Campaign, participation) -> tuple[str, str]:
    """(css modifier, label) of a participant's status on the activity list."""
    if participation.is_shared:
        return "shared", _("Résultats reçus") if campaign.is_assessment else _("Profil reçu")
    if campaign.is_assessment and participation.done:
        return "to-share", _("En attente d'envoi")
    return "started", _("En cours")


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 600, 220, 12, 28, 30


def _day_chart(activity: selectors.CampaignActivity) -> dict | None:
    """Geometry of the per-day SVG bar chart (two bars a day: started, shared), computed here so the
    template only draws."""
    if not activity.days:
        return None
    peak = max(activity.max_per_day, 1)
    step = 1 if peak <= 5 else 2 if peak <= 10 else 5 if peak <= 25 else 10 if peak <= 50 else 50
    top = -(-peak // step) * step
    plot_width = CHART_WIDTH - CHART_LEFT - 8
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = plot_width / len(activity.days)
    bar = max(1.0, min(14.0, slot * 0.38))
    base = CHART_TOP + plot_height

    def y(value: int) -> float:
        return round(base - value * plot_height / top, 1)

    days = []
    label_every = max(1, round(len(activity.days) / 8))
    for index, day in enumerate(activity.days):
        x = CHART_LEFT + slot * index + slot / 2
        days.append(
            {
                "day": day,
                "started_x": round(x - bar, 1),
                "shared_x": round(x, 1),
                "started_y": y(day.started),
                "shared_y": y(day.shared),
                "started_h": round(base - y(day.started), 1),
                "shared_h": round(base - y(day.shared), 1),
                "label_x": round(x, 1),
                "labelled": index % label_every == 0,
            }
        )
    ticks = [{"value": v, "y": y(v)} for v in range(0, top + 1, step)]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - 8,
        "base": base,
        "label_y": base + 18,
        "bar": round(bar, 1),
        "days": days,
        "ticks": ticks,
    }


def _mastery_histogram(activity: selectors.CampaignActivity) -> dict | None:
    """Geometry of the SVG columns of participants per mastery bracket (0–9 %, 10–19 %, …, 90–100 %)."""
    if not activity.mastery:
        return None
    width, height, top, bottom = 384, 190, 18, 26
    peak = max(bucket.count for bucket in activity.mastery) or 1
    slot = width / len(activity.mastery)
    plot = height - top - bottom
    columns = []
    for index, bucket in enumerate(activity.mastery):
        column_height = round(plot * bucket.count / peak, 1)
        columns.append(
            {
                "bucket": bucket,
                "x": round(slot * index + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(top + plot - column_height, 1),
                "height": column_height,
                "center": round(slot * index + slot / 2, 1),
                "value_y": round(top + plot - column_height - 4, 1),
            }
        )
    return {"width": width, "height": height, "base": top + plot, "label_y": height - 10, "columns": columns}


@require_GET
@orga_member_required
def campaign_results(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    if not campaign.is_assessment:
        return redirect(_campaign_url(campaign, "orga:campaign_profiles"))
    divisions, groups = selectors.participants_filters(campaign=campaign)
    stages = selectors.campaign_stages(campaign=campaign)
    badges = selectors.campaign_badges(campaign=campaign)
    form = ResultsFilterForm(
        request.GET or None, divisions=divisions, groups=groups, stages=stages, badges=badges
    )
    filters = form.filters()
    rows = selectors.assessment_results(campaign=campaign, **filters)
    page = Paginator(rows, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    results = [
        {
            "participation": participation,
            "names": selectors.participant_names(participation),
            "mastery": selectors.rate_percentage(participation.mastery_rate),
            "stage_index": min(participation.stages_count, len(stages)) - 1 if stages else None,
            "badges": [acquisition.badge for acquisition in participation.badge_acquisitions.all()],
        }
        for participation in page.object_list
    ]
    for result in results:
        result["bar_class"] = selectors.width_class(result["mastery"])
        index = result["stage_index"]
        result["stage"] = stages[index] if index is not None and index >= 0 else None
        result["stars"] = selectors.stars(index=index, total=len(stages)) if result["stage"] else []
    context = _campaign_context(request, campaign, "results")
    context.update(
        {
            "form": form,
            "page": page,
            "results": results,
            "stages": stages,
            "stages_total": len(stages) - 1 if stages else 0,
            "filtered": any(value not in (None, "") for value in filters.values()),
            "query": _query_without_page(request),
            "show_division": bool(divisions),
            "show_group": bool(groups),
        }
    )
    return render(request, "orga/campaigns/results.html", context)


@require_GET
@orga_member_required
def participant_results(request: HttpRequest, campaign_id: int, participation_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    if not campaign.is_assessment:
        raise Http404
    participation = selectors.participation_in(campaign=campaign, participation_id=participation_id)
    if participation is None:
        raise Http404
    context = _campaign_context(request, campaign, "results")
    result = selectors.participant_result(campaign=campaign, participation=participation)
    context.update(
        {
            "result": result,
            "stars": selectors.stars(index=result.stage_index, total=result.stages_total),
        }
    )
    return render(request, "orga/campaigns/participant.html", context)


@require_GET
@orga_member_required
def campaign_analysis(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    if not campaign.is_assessment:
        raise Http404
    analysis = selectors.campaign_analysis(campaign=campaign, language=get_language() or "fr")
    context = _campaign_context(request, campaign, "analysis")
    context.update({"analysis": analysis, "chart": _competence_chart(analysis)})
    return render(request, "orga/campaigns/analysis.html", context)


def _competence_chart(analysis: selectors.CampaignAnalysis) -> dict:
    """Geometry of the horizontal bars of mastery per competence (SVG)."""
    row, width = 46, 1000
    bars = []
    for index, competence in enumerate(analysis.competences):
        bars.append(
            {
                "competence": competence,
                "y": index * row,
                "bar_y": index * row + 20,
                "width": round((width - 60) * competence.percentage / 100, 1),
                "value_x": round((width - 60) * competence.percentage / 100 + 8, 1),
            }
        )
    return {"bars": bars, "width": width, "height": max(row, row * len(bars))}


@require_GET
@orga_member_required
def campaign_profiles(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    if campaign.is_assessment:
        return redirect(_campaign_url(campaign, "orga:campaign_results"))
    divisions, groups = selectors.participants_filters(campaign=campaign)
    form = ResultsFilterForm(request.GET or None, divisions=divisions, groups=groups)
    filters = form.filters()
    rows = selectors.collected_profiles(
        campaign=campaign,
        division=filters.get("division", ""),
        group=filters.get("group", ""),
        search=filters.get("search", ""),
    )
    page = Paginator(rows, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    context = _campaign_context(request, campaign, "profiles")
    context.update(
        {
            "form": form,
            "page": page,
            "profiles": [selectors.collected_profile(p) for p in page.object_list],
            "filtered": any(value not in (None, "") for value in filters.values()),
            "query": _query_without_page(request),
            "show_division": bool(divisions),
            "show_group": bool(groups),
        }
    )
    return render(request, "orga/campaigns/profiles.html", context)


@require_GET
@orga_member_required
def participant_profile(request: HttpRequest, campaign_id: int, participation_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    if campaign.is_assessment:
        raise Http404
    participation = selectors.participation_in(campaign=campaign, participation_id=participation_id)
    if participation is None:
        raise Http404
    context = _campaign_context(request, campaign, "profiles")
    profile = selectors.collected_profile(participation) if participation.is_shared else None
    last_name, first_name = selectors.participant_names(participation)
    context.update(
        {"participation": participation, "profile": profile, "last_name": last_name, "first_name": first_name}
    )
    return render(request, "orga/campaigns/participant_profile.html", context)


@require_GET
@orga_member_required
def campaign_settings(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    return render(request, "orga/campaigns/settings.html", _campaign_context(request, campaign, "settings"))


# -- Exports -----------------------------------------------------------------------------------------


@require_POST
@orga_member_required
def export_start(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    job = exports.export_job_start(campaign=campaign, by=request.user)
    return redirect(_campaign_url(campaign, "orga:campaign_export", job_id=job.pk))


def _job_or_404(campaign: Campaign, job_id: int) -> ExportJob:
    job = selectors.export_job_in(campaign=campaign, job_id=job_id)
    if job is None:
        raise Http404
    return job


@require_GET
@orga_member_required
def export_job(request: HttpRequest, campaign_id: int, job_id: int) -> HttpResponse:
    campaign = _campaign_or_404(request, campaign_id)
    context = _campaign_context(request, campaign, "export")
    context["job"] = _job_or_404(campaign, job_id)
    return render(request, "orga/campaigns/export.html", context)


@require_GET
@orga_member_required
def export_job_status(request: HttpRequest, campaign_id: int, job_id: int) -> JsonResponse:
    campaign = _campaign_or_404(request, campaign_id)
    job = _job_or_404(campaign, job_id)
    if job.is_over:
        message = job.get_status_display()
    else:
        message = _("Export en cours : %(done)s lignes sur %(total)s (%(progress)s %%)…") % {
            "done": job.rows_done,
            "total": job.rows_total,
            "progress": job.progress,
        }
    return JsonResponse(
        {
            "status": job.status,
            "over": job.is_over,
            "progress": job.progress,
            "label": job.get_status_display(),
            "message": message,
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
        }
    )


@require_GET
@orga_member_required
def export_download(request: HttpRequest, campaign_id: int, job_id: int) -> FileResponse:
    """The file, to members of the campaign's organization only (it is never under a public address)."""
    campaign = _campaign_or_404(request, campaign_id)
    job = _job_or_404(campaign, job_id)
    path = exports.export_job_path(job)
    if job.status != ExportJob.Status.DONE or not job.file_path or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=job.filename, content_type="text/csv; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
