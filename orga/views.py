"""Pix Orga pages. Access is decided by ``orga.access`` only; rules live in ``organizations``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orga.access import orga_member_required
from orga.forms import ImportForm, InviteForm, RoleForm, StudentsFilterForm
from organizations import imports, selectors, services
from organizations.imports import ImportIssue
from organizations.models import ImportJob, Membership, Organization
from organizations.services import InvitationError, InvitationNotFound, MembershipError, StudentsError

STUDENTS_PER_PAGE = 50


def index(request: HttpRequest) -> HttpResponse:
    organizations = list(selectors.organizations_of(user=request.user))
    return render(request, "orga/index.html", {"organizations": organizations})


@orga_member_required
def home(request: HttpRequest) -> HttpResponse:
    organization = request.orga.organization
    return render(request, "orga/home.html", {"overview": selectors.overview_of(organization=organization)})


# -- Team -----------------------------------------------------------------------------------------


def _team_url(organization: Organization) -> str:
    return reverse("orga:team", kwargs={"org_id": organization.pk})


@orga_member_required
def team(request: HttpRequest) -> HttpResponse:
    return _render_team(request, InviteForm())


def _render_team(request: HttpRequest, invite_form: InviteForm, status: int = 200) -> HttpResponse:
    organization = request.orga.organization
    members = list(selectors.members_of(organization=organization))
    context = {
        "members": members,
        "admins_count": sum(1 for m in members if m.is_admin),
        "invitations": list(selectors.pending_invitations_of(organization=organization))
        if request.orga.is_admin
        else [],
        "invite_form": invite_form,
        "roles": Membership.Role.choices,
    }
    return render(request, "orga/team.html", context, status=status)


@require_POST
@orga_member_required(admin=True)
def invite(request: HttpRequest) -> HttpResponse:
    organization = request.orga.organization
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_team(request, form, status=400)
    sent = []
    for email in form.cleaned_data["emails"]:
        try:
            services.invitation_create(
                organization=organization,
                email=email,
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except InvitationError as error:
            messages.error(request, error.detail)
        else:
            sent.append(email)
    if sent:
        messages.success(
            request,
            ngettext("Invitation envoyée à %(emails)s.", "Invitations envoyées à %(emails)s.", len(sent))
            % {"emails": ", ".join(sent)},
        )
    return redirect(_team_url(organization))


def _invitation_or_404(request: HttpRequest, invitation_id: int):
    invitation = selectors.invitation_in(organization=request.orga.organization, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    return invitation


@require_POST
@orga_member_required(admin=True)
def invitation_resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_or_404(request, invitation_id)
    try:
        services.invitation_resend(invitation=invitation)
    except InvitationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Invitation renvoyée à %(email)s.") % {"email": invitation.email})
    return redirect(_team_url(request.orga.organization))


@require_POST
@orga_member_required(admin=True)
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _invitation_or_404(request, invitation_id)
    try:
        services.invitation_cancel(invitation=invitation)
    except InvitationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("L'invitation de %(email)s est annulée.") % {"email": invitation.email})
    return redirect(_team_url(request.orga.organization))


def _member_or_404(request: HttpRequest, membership_id: int) -> Membership:
    membership = selectors.member_in(organization=request.orga.organization, membership_id=membership_id)
    if membership is None:
        raise Http404
    return membership


@require_POST
@orga_member_required(admin=True)
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _member_or_404(request, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle."))
        return redirect(_team_url(request.orga.organization))
    try:
        membership = services.membership_update_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except MembershipError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(name)s est maintenant %(role)s.")
            % {"name": membership.user.full_name, "role": membership.get_role_display().lower()},
        )
    return redirect(_team_url(request.orga.organization))


@require_http_methods(["GET", "POST"])
@orga_member_required(admin=True)
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _member_or_404(request, membership_id)
    if request.method == "GET":
        return render(request, "orga/member_remove.html", {"member": membership})
    try:
        services.membership_disable(membership=membership, by=request.user)
    except MembershipError as error:
        messages.error(request, error.detail)
        return redirect(_team_url(request.orga.organization))
    messages.success(
        request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.user.full_name}
    )
    if membership.user_id == request.user.pk:
        return redirect("orga:index")
    return redirect(_team_url(request.orga.organization))


@require_http_methods(["GET", "POST"])
@orga_member_required
def leave(request: HttpRequest) -> HttpResponse:
    organization = request.orga.organization
    if request.method == "GET":
        return render(request, "orga/leave.html")
    try:
        services.membership_leave(membership=request.orga.membership)
    except MembershipError as error:
        messages.error(request, error.detail)
        return redirect(_team_url(organization))
    messages.success(request, _("Vous avez quitté %(organization)s.") % {"organization": organization.name})
    return redirect("orga:index")


# -- Invitation acceptance (a person not yet a member) ---------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    code = request.GET.get("code", "") or request.POST.get("code", "")
    found = selectors.invitation_by_id(invitation_id=invitation_id)
    try:
        found = services.invitation_check(found, code)
    except InvitationNotFound as error:
        raise Http404 from error
    except InvitationError as error:
        status = 412 if error.code == "already_accepted" else 403
        return render(request, "orga/invitation.html", {"error": error.detail}, status=status)
    if request.method == "GET" or not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "orga/invitation.html", {"invitation": found, "code": code})
    try:
        membership = services.invitation_accept(invitation_id=found.pk, code=code, user=request.user)
    except InvitationError as error:
        return render(
            request, "orga/invitation.html", {"invitation": found, "code": code, "error": error.detail}
        )
    messages.success(
        request,
        _("Bienvenue dans l'équipe de %(organization)s sur Pix Orga.")
        % {"organization": membership.organization.name},
    )
    return redirect("orga:home", org_id=membership.organization_id)


# -- Students -------------------------------------------------------------------------------------


def _check_students_page(organization: Organization, kind: str) -> None:
    """/eleves for schools managing students, /etudiants for universities; nothing else exists."""
    expected = organization.imports_sco_students if kind == "sco" else organization.imports_sup_students
    if not expected:
        raise Http404


def _students_url(organization: Organization) -> str:
    name = "orga:students" if organization.imports_sco_students else "orga:sup_students"
    return reverse(name, kwargs={"org_id": organization.pk})


@orga_member_required
def students(request: HttpRequest, kind: str) -> HttpResponse:
    organization = request.orga.organization
    _check_students_page(organization, kind)
    divisions = selectors.divisions_of(organization=organization) if kind == "sco" else []
    groups = selectors.groups_of(organization=organization) if kind == "sup" else []
    form = StudentsFilterForm(request.GET or None, divisions=divisions, groups=groups)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    learners = selectors.learners_of(
        organization=organization,
        search=filters.get("recherche", ""),
        division=filters.get("classe", ""),
        group=filters.get("groupe", ""),
    )
    page = Paginator(learners, STUDENTS_PER_PAGE).get_page(request.GET.get("page"))
    labels = selectors.ACCOUNT_STATE_LABELS
    rows = [
        (learner, [(state.value, labels[state]) for state in selectors.account_states(learner)])
        for learner in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orga/students.html",
        {
            "kind": kind,
            "form": form,
            "page": page,
            "rows": rows,
            "divisions": divisions,
            "groups": groups,
            "filtered": any(filters.values()) if filters else False,
            "query": query.urlencode(),
        },
    )


def _import_kinds(organization: Organization) -> list[tuple[str, str]]:
    if organization.imports_sup_students:
        return [(ImportJob.Kind.SUP_CSV, _("CSV des étudiants"))]
    return [
        (ImportJob.Kind.SIECLE, _("Export SIECLE (XML ou ZIP)")),
        (ImportJob.Kind.SCO_CSV, _("Fichier CSV (établissements sans SIECLE, par exemple agricoles)")),
    ]


@require_http_methods(["GET", "POST"])
@orga_member_required(admin=True)
def students_import(request: HttpRequest, kind: str) -> HttpResponse:
    organization = request.orga.organization
    _check_students_page(organization, kind)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=_import_kinds(organization))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_start(
                organization=organization,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                mode=form.cleaned_data.get("mode") or ImportJob.Mode.ADD,
                by=request.user,
            )
        except StudentsError as error:
            messages.error(request, error.detail)
        else:
            return redirect("orga:import_job", org_id=organization.pk, job_id=job.pk)
    return render(
        request,
        "orga/students_import.html",
        {
            "kind": kind,
            "form": form,
            "jobs": list(selectors.import_jobs_of(organization=organization)[:5]),
            "students_url": _students_url(organization),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@orga_member_required(admin=True)
def students_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty CSV with the expected columns, to fill in a spreadsheet."""
    organization = request.orga.organization
    _check_students_page(organization, kind)
    columns = imports.SCO_COLUMNS if kind == "sco" else imports.SUP_COLUMNS
    response = HttpResponse("\ufeff" + imports.csv_template(columns), content_type="text/csv; charset=utf-8")
    filename = "modele-import-eleves.csv" if kind == "sco" else "modele-import-etudiants.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _job_or_404(request: HttpRequest, job_id: int) -> ImportJob:
    job = selectors.import_job_in(organization=request.orga.organization, job_id=job_id)
    if job is None:
        raise Http404
    return job


@require_GET
@orga_member_required(admin=True)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    issues = [ImportIssue.from_dict(data) for data in job.errors]
    return render(
        request,
        "orga/import_job.html",
        {
            "job": job,
            "issues": issues,
            "has_lines": any(issue.line for issue in issues),
            "has_students": any(issue.student for issue in issues),
            "students_url": _students_url(request.orga.organization),
            "kind": "sup" if job.kind == ImportJob.Kind.SUP_CSV else "sco",
        },
        status=422 if job.status == ImportJob.Status.FAILED else 200,
    )


@require_GET
@orga_member_required(admin=True)
def import_job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _job_or_404(request, job_id)
    return JsonResponse({"status": job.status, "over": job.is_over, "label": job.get_status_display()})


@require_http_methods(["GET", "POST"])
@orga_member_required
@never_cache
def usernames(request: HttpRequest) -> HttpResponse:
    """GET: the classes and how many students have no account. POST: generate, then show once."""
    organization = request.orga.organization
    _check_students_page(organization, "sco")
    divisions = selectors.divisions_of(organization=organization)
    if request.method == "GET":
        summaries = [selectors.division_summary(organization=organization, division=d) for d in divisions]
        return render(
            request,
            "orga/usernames.html",
            {"summaries": summaries, "selected": request.GET.get("classe", "")},
        )
    division = request.POST.get("classe", "")
    if division not in divisions:
        messages.error(request, _("Choisissez une classe de la liste."))
        return redirect("orga:usernames", org_id=organization.pk)
    try:
        accounts = services.usernames_generate_for_division(organization=organization, division=division)
    except StudentsError as error:
        messages.error(request, error.detail)
        return redirect("orga:usernames", org_id=organization.pk)
    if not accounts:
        messages.info(
            request,
            _(
                "Tous les élèves de la classe %(division)s ont déjà un compte Pix : aucun identifiant à générer."
            )
            % {"division": division},
        )
        return redirect("orga:usernames", org_id=organization.pk)
    return render(
        request,
        "orga/usernames_print.html",
        {
            "accounts": accounts,
            "division": division,
            "login_url": f"{settings.SITE_URL.rstrip('/')}{reverse('account_login')}",
        },
    )
