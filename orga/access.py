"""Who may see a Pix Orga page: the ONE place that decides, for every page under /orga/<org_id>/.

Use ``@orga_member_required`` on a function view (``@orga_member_required(admin=True)`` for an
administrator's action), or ``OrgaMemberMixin`` on a class-based view. The URL carries ``org_id``:

- anonymous → the login page, coming back here afterwards;
- not an active member of that (live) organization → 404, as if it did not exist;
- a member where an administrator is needed → 403.

The view then finds ``request.orga``: the organization, the person's membership, and (for the header's
switcher) all their organizations. The view itself does not receive ``org_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.models import Membership, Organization
from organizations.selectors import membership_of, organizations_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


class OrgaContext:
    def __init__(self, membership: Membership, *, path: str = "") -> None:
        self.membership = membership
        self.organization: Organization = membership.organization
        self.path = path

    @property
    def is_admin(self) -> bool:
        return self.membership.is_admin

    @cached_property
    def organizations(self) -> list[Organization]:
        """Every organization of the person, for the switcher in the header (one query, when shown)."""
        return list(organizations_of(user=self.membership.user))

    @property
    def nav(self) -> list[NavItem]:
        """The portal's menu for this organization; the current section is marked for screen readers."""
        base = reverse("orga:home", kwargs={"org_id": self.organization.pk})
        # (label, address, other addresses of the same section)
        items: list[tuple[str, str, tuple[str, ...]]] = [
            (_("Accueil"), base, ()),
            (_("Campagnes"), f"{base}campagnes", (f"{base}campagnes/",)),
        ]
        if self.organization.imports_sco_students:
            items.append((_("Élèves"), f"{base}eleves", (f"{base}eleves/", f"{base}imports/")))
            # A school that manages its students gets its classes' certification attestations.
            items.append((_("Certifications"), f"{base}certifications", ()))
        elif self.organization.imports_sup_students:
            items.append((_("Étudiants"), f"{base}etudiants", (f"{base}etudiants/", f"{base}imports/")))
        items.append((_("Équipe"), f"{base}equipe", (f"{base}equipe/", f"{base}quitter")))
        return [
            NavItem(
                label,
                url,
                self.path == url or self.path.startswith(prefixes) if prefixes else self.path == url,
            )
            for label, url, prefixes in items
        ]


View = Callable[..., HttpResponse]


def orga_member_required(view: View | None = None, *, admin: bool = False) -> Any:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, org_id: int, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(user=request.user, organization_id=org_id)
            if membership is None:
                raise Http404
            if admin and not membership.is_admin:
                raise PermissionDenied
            membership.user = request.user
            request.orga = OrgaContext(membership, path=request.path)
            return view(request, *args, **kwargs)

        wrapper.orga_admin_required = admin  # type: ignore[attr-defined]
        return wrapper

    return decorator(view) if view is not None else decorator


class OrgaMemberMixin:
    """The same rule for class-based views; set ``orga_admin_required = True`` for administrators only."""

    orga_admin_required = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        parent = super().dispatch  # type: ignore[misc]
        return orga_member_required(admin=self.orga_admin_required)(parent)(request, *args, **kwargs)
