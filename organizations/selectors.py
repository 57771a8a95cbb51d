"""Reads of Pix Orga's floor: a person's organizations, their members and invitations, their students."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.db.models import DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from organizations.models import ImportJob, Invitation, Membership, Organization, OrganizationLearner


def organizations_of(*, user) -> QuerySet[Organization]:
    """The organizations a person is an active member of: the only ones they may see in Pix Orga."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__disabled_at__isnull=True, archived_at__isnull=True
    ).order_by("name")


def membership_of(*, user, organization_id: int) -> Membership | None:
    """The person's active membership of a live organization, with the organization: one query."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organization")
        .filter(
            user=user,
            organization_id=organization_id,
            disabled_at__isnull=True,
            organization__archived_at__isnull=True,
        )
        .first()
    )


# -- Members and invitations --------------------------------------------------------------------


def members_of(*, organization: Organization) -> QuerySet[Membership]:
    """Active members, administrators first, then by name."""
    return (
        Membership.objects.filter(organization=organization, disabled_at__isnull=True)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def member_in(*, organization: Organization, membership_id: int) -> Membership | None:
    return members_of(organization=organization).filter(pk=membership_id).first()


def pending_invitations_of(*, organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organization=organization, status=Invitation.Status.PENDING).order_by(
        "-updated_at"
    )


def invitation_in(*, organization: Organization, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(organization=organization, pk=invitation_id).first()


def invitation_by_id(*, invitation_id: int) -> Invitation | None:
    return Invitation.objects.select_related("organization").filter(pk=invitation_id).first()


# -- Students -------------------------------------------------------------------------------------


class AccountState(StrEnum):
    NONE = "none"
    EMAIL = "email"
    USERNAME = "username"
    SSO = "sso"  # an ENT (GAR) or other single sign-on account: shown once the accounts app stores them


ACCOUNT_STATE_LABELS = {
    AccountState.NONE: _("Aucun compte"),
    AccountState.EMAIL: _("Adresse e-mail"),
    AccountState.USERNAME: _("Identifiant"),
    AccountState.SSO: _("Connexion ENT"),
}


def account_states(learner: OrganizationLearner) -> list[AccountState]:
    """How a student signs in to Pix (possibly several ways); needs the learner's user selected."""
    user = learner.user
    if user is None:
        return [AccountState.NONE]
    states = []
    if user.email:
        states.append(AccountState.EMAIL)
    if user.username:
        states.append(AccountState.USERNAME)
    return states or [AccountState.NONE]


def _last_participation_subquery() -> Subquery | Value:
    """The date of the student's latest campaign participation in this organization.

    Hook for the campaigns app: participations linked to the organization learner when that model
    has such a link, else those of the learner's account in this organization's campaigns. Until the
    model exists, no date (never made-up data).
    """
    try:
        participation = apps.get_model("campaigns", "CampaignParticipation")
    except LookupError:
        return Value(None, output_field=DateTimeField())
    names = {f.name for f in participation._meta.get_fields()}
    if not {"created_at", "deleted_at"} <= names:
        return Value(None, output_field=DateTimeField())
    if "organization_learner" in names:
        scope = Q(organization_learner=OuterRef("pk"))
    elif {"user", "campaign"} <= names:
        scope = Q(user=OuterRef("user_id"), campaign__organization=OuterRef("organization_id"))
    else:
        return Value(None, output_field=DateTimeField())
    latest = (
        participation.objects.filter(scope, deleted_at__isnull=True)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Subquery(latest, output_field=DateTimeField())


def learners_of(
    *, organization: Organization, search: str = "", division: str = "", group: str = ""
) -> QuerySet[OrganizationLearner]:
    """The organization's current students (not disabled), with their account and latest participation.

    ``search`` looks in first and last names (and INE or student number); the filters are exact.
    One query, whatever the number of students (the page paginates it).
    """
    learners = (
        OrganizationLearner.objects.filter(
            organization=organization, deleted_at__isnull=True, is_disabled=False
        )
        .select_related("user")
        .annotate(last_participation_at=_last_participation_subquery())
        .order_by("last_name", "first_name", "pk")
    )
    for word in search.split():
        learners = learners.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_last_name__icontains=word)
            | Q(national_student_id__iexact=word)
            | Q(student_number__iexact=word)
        )
    if division:
        learners = learners.filter(division=division)
    if group:
        learners = learners.filter(group=group)
    return learners


def divisions_of(*, organization: Organization) -> list[str]:
    """The classes of the current students, in order ("3A", "3B", …)."""
    return list(
        OrganizationLearner.objects.filter(
            organization=organization, deleted_at__isnull=True, is_disabled=False
        )
        .exclude(division="")
        .values_list("division", flat=True)
        .distinct()
        .order_by("division")
    )


def groups_of(*, organization: Organization) -> list[str]:
    return list(
        OrganizationLearner.objects.filter(
            organization=organization, deleted_at__isnull=True, is_disabled=False
        )
        .exclude(group="")
        .values_list("group", flat=True)
        .distinct()
        .order_by("group")
    )


@dataclass(frozen=True)
class DivisionSummary:
    division: str
    learners: int
    without_account: int


def division_summary(*, organization: Organization, division: str) -> DivisionSummary:
    learners = OrganizationLearner.objects.filter(
        organization=organization, division=division, deleted_at__isnull=True, is_disabled=False
    )
    return DivisionSummary(
        division=division,
        learners=learners.count(),
        without_account=learners.filter(user__isnull=True).count(),
    )


@dataclass(frozen=True)
class OrganizationOverview:
    learners: int
    learners_without_account: int
    divisions: int
    members: int
    pending_invitations: int
    last_import: ImportJob | None


def overview_of(*, organization: Organization) -> OrganizationOverview:
    learners = OrganizationLearner.objects.filter(
        organization=organization, deleted_at__isnull=True, is_disabled=False
    )
    return OrganizationOverview(
        learners=learners.count(),
        learners_without_account=learners.filter(user__isnull=True).count(),
        divisions=len(divisions_of(organization=organization)),
        members=Membership.objects.filter(organization=organization, disabled_at__isnull=True).count(),
        pending_invitations=pending_invitations_of(organization=organization).count(),
        last_import=import_jobs_of(organization=organization).first(),
    )


def import_jobs_of(*, organization: Organization) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(organization=organization).order_by("-created_at", "-pk")


def import_job_in(*, organization: Organization, job_id: int) -> ImportJob | None:
    return import_jobs_of(organization=organization).filter(pk=job_id).first()
