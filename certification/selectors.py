from __future__ import annotations

from django.db.models import QuerySet

from certification.models import CertificationCenter


def centers_of(*, user) -> QuerySet[CertificationCenter]:
    """The certification centres a person is an active member of: the only ones they may see in Pix Certif."""
    if not user.is_authenticated:
        return CertificationCenter.objects.none()
    return CertificationCenter.objects.filter(
        memberships__user=user, memberships__disabled_at__isnull=True
    ).order_by("name")
