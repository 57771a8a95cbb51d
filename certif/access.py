"""Who may see a Pix Certif page: the one place that checks it.

Every centre page is decorated with ``center_page`` and every session page with ``session_page``:
- anonymous → the sign-in page, then back;
- not an active member of the centre (or of the session's centre) → 404, as if it did not exist;
- a member who has not accepted the centre's terms of use yet → the terms page, then back.
The view then receives ``access`` (the membership, its centre, the person's other centres) and, for a
session page, the ``session``. The centre last visited is remembered for `/certif/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from certification.models import CenterMembership, CertificationCenter, Session
from certification.selectors import centers_of, membership_of, session_with_center

CURRENT_CENTER_KEY = "certif_center_id"


@dataclass
class CenterAccess:
    membership: CenterMembership
    user: object
    _centers: list[CertificationCenter] | None = field(default=None, repr=False)

    @property
    def center(self) -> CertificationCenter:
        return self.membership.center

    @property
    def centers(self) -> list[CertificationCenter]:
        """The person's centres, for the switcher (one query, on first use)."""
        if self._centers is None:
            self._centers = list(centers_of(user=self.user))
        return self._centers

    @property
    def is_admin(self) -> bool:
        return self.membership.role == CenterMembership.Role.ADMIN


def _access_for(request: HttpRequest, center_id: int, *, require_terms: bool) -> CenterAccess | HttpResponse:
    membership = membership_of(user=request.user, center_id=center_id)
    if membership is None:
        raise Http404
    if request.session.get(CURRENT_CENTER_KEY) != center_id:
        request.session[CURRENT_CENTER_KEY] = center_id
    if require_terms and membership.terms_accepted_at is None:
        url = reverse("certif:terms", args=[center_id])
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
    return CenterAccess(membership=membership, user=request.user)


def center_page(view: Callable | None = None, *, require_terms: bool = True) -> Callable:
    """For views of `<int:center_id>`: the view is called as view(request, access, **kwargs)."""

    def decorator(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request: HttpRequest, center_id: int, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = _access_for(request, center_id, require_terms=require_terms)
            if isinstance(access, HttpResponse):
                return access
            return func(request, access, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def session_page(func: Callable) -> Callable:
    """For views of `<int:session_id>`: the view is called as view(request, access, session, **kwargs)."""

    @wraps(func)
    def wrapper(request: HttpRequest, session_id: int, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        session: Session | None = session_with_center(session_id=session_id)
        if session is None:
            raise Http404
        access = _access_for(request, session.center_id, require_terms=True)
        if isinstance(access, HttpResponse):
            return access
        session.center = access.center  # the same row, already loaded with its organization
        return func(request, access, session, *args, **kwargs)

    return wrapper


def current_center_id(request: HttpRequest) -> int | None:
    """The centre the person visited last (a hint only: pages check membership again)."""
    value = request.session.get(CURRENT_CENTER_KEY)
    return value if isinstance(value, int) else None
