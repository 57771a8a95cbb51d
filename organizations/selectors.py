from __future__ import annotations

from django.db.models import QuerySet

from organizations.models import Organization


def organizations_of(*, user) -> QuerySet[Organization]:
    """The organizations a person is an active member of: the only ones they may see in Pix Orga."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__disabled_at__isnull=True, archived_at__isnull=True
    ).order_by("name")
