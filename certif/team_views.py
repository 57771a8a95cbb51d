"""Pix Certif team pages (pix-certif.md §1.2): members, invitations, roles, and accepting an invitation.

Who may see a centre page is decided by ``certif.access.center_page``; only administrators change the
team (others get 403). The rules live in ``certification.services`` (shared with Pix Orga).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certif.access import CenterAccess, center_page
from certification import services
from certification.models import CenterInvitation, CenterMembership
from certification.services import CenterInvitationError, CenterInvitationNotFound, CenterMembershipError
from orga.forms import InviteForm, RoleForm


def _members_of(center_id: int) -> QuerySet[CenterMembership]:
    """Active members, administrators first, then by name (one query with their accounts)."""
    return (
        CenterMembership.objects.filter(center_id=center_id, disabled_at__isnull=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def _team_url(access: CenterAccess) -> str:
    return reverse("certif:team", args=[access.center.pk])


def _admin_only(access: CenterAccess) -> None:
    if not access.is_admin:
        raise PermissionDenied


def _render_team(
    request: HttpRequest, access: CenterAccess, form: InviteForm, status: int = 200
) -> HttpResponse:
    members = list(_members_of(access.center.pk))
    invitations = (
        list(
            CenterInvitation.objects.filter(
                center_id=access.center.pk, status=CenterInvitation.Status.PENDING
            ).order_by("-updated_at")
        )
        if access.is_admin
        else []
    )
    context = {
        "access": access,
        "members": members,
        "invitations": invitations,
        "invite_form": form,
        "roles": CenterMembership.Role.choices,
    }
    return render(request, "certif/team.html", context, status=status)


@require_GET
@center_page
def team(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    return _render_team(request, access, InviteForm())


@require_POST
@center_page
def team_invite(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    _admin_only(access)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render_team(request, access, form, status=400)
    sent = []
    for email in form.cleaned_data["emails"]:
        try:
            services.center_invitation_create(
                center=access.center, email=email, role=form.cleaned_data["role"], invited_by=request.user
            )
        except CenterInvitationError as error:
            messages.error(request, error.detail)
        else:
            sent.append(email)
    if sent:
        messages.success(
            request,
            ngettext("Invitation envoyée à %(emails)s.", "Invitations envoyées à %(emails)s.", len(sent))
            % {"emails": ", ".join(sent)},
        )
    return redirect(_team_url(access))


def _invitation_or_404(access: CenterAccess, invitation_id: int) -> CenterInvitation:
    invitation = CenterInvitation.objects.filter(center_id=access.center.pk, pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


@require_POST
@center_page
def team_invitation_resend(request: HttpRequest, access: CenterAccess, invitation_id: int) -> HttpResponse:
    _admin_only(access)
    invitation = _invitation_or_404(access, invitation_id)
    try:
        services.center_invitation_resend(invitation=invitation)
    except CenterInvitationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Invitation renvoyée à %(email)s.") % {"email": invitation.email})
    return redirect(_team_url(access))


@require_POST
@center_page
def team_invitation_cancel(request: HttpRequest, access: CenterAccess, invitation_id: int) -> HttpResponse:
    _admin_only(access)
    invitation = _invitation_or_404(access, invitation_id)
    try:
        services.center_invitation_cancel(invitation=invitation)
    except CenterInvitationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("L'invitation de %(email)s est annulée.") % {"email": invitation.email})
    return redirect(_team_url(access))


def _member_or_404(access: CenterAccess, membership_id: int) -> CenterMembership:
    membership = _members_of(access.center.pk).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


@require_POST
@center_page
def team_member_role(request: HttpRequest, access: CenterAccess, membership_id: int) -> HttpResponse:
    _admin_only(access)
    membership = _member_or_404(access, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle."))
        return redirect(_team_url(access))
    try:
        membership = services.center_membership_update_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except CenterMembershipError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("%(name)s est maintenant %(role)s.")
            % {"name": membership.user.full_name, "role": membership.get_role_display().lower()},
        )
    return redirect(_team_url(access))


@require_http_methods(["GET", "POST"])
@center_page
def team_member_remove(request: HttpRequest, access: CenterAccess, membership_id: int) -> HttpResponse:
    _admin_only(access)
    membership = _member_or_404(access, membership_id)
    if request.method == "GET":
        return render(request, "certif/team_member_remove.html", {"access": access, "member": membership})
    try:
        services.center_membership_disable(membership=membership, by=request.user)
    except CenterMembershipError as error:
        messages.error(request, error.detail)
        return redirect(_team_url(access))
    messages.success(
        request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": membership.user.full_name}
    )
    if membership.user_id == request.user.pk:
        return redirect("certif:index")
    return redirect(_team_url(access))


@require_http_methods(["GET", "POST"])
@center_page
def team_leave(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    if request.method == "GET":
        return render(request, "certif/team_leave.html", {"access": access})
    try:
        services.center_membership_leave(membership=access.membership)
    except CenterMembershipError as error:
        messages.error(request, error.detail)
        return redirect(_team_url(access))
    messages.success(request, _("Vous avez quitté %(center)s.") % {"center": access.center.name})
    return redirect("certif:index")


# -- Accepting an invitation (a person not yet a member) --------------------------------------------


@require_http_methods(["GET", "POST"])
def team_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    code = request.GET.get("code", "") or request.POST.get("code", "")
    found = CenterInvitation.objects.select_related("center").filter(pk=invitation_id).first()
    try:
        found = services.center_invitation_check(found, code)
    except CenterInvitationNotFound as error:
        raise Http404 from error
    except CenterInvitationError as error:
        status = 412 if error.code == "already_accepted" else 403
        return render(request, "certif/team_invitation.html", {"error": error.detail}, status=status)
    if request.method == "GET" or not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "certif/team_invitation.html", {"invitation": found, "code": code})
    try:
        membership = services.center_invitation_accept(invitation_id=found.pk, code=code, user=request.user)
    except (CenterInvitationError, CenterMembershipError) as error:
        return render(
            request, "certif/team_invitation.html", {"invitation": found, "code": code, "error": error.detail}
        )
    messages.success(
        request, _("Bienvenue dans l'équipe de %(center)s sur Pix Certif.") % {"center": found.center.name}
    )
    return redirect("certif:sessions", membership.center_id)
