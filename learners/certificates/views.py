"""Thin views over certification.selectors / results / certificate_pdf.

The public pages never tell an unknown code from an unpublished, rejected or cancelled one, and
count every lookup per IP address (the cache), so that codes cannot be enumerated (§5.2).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from certification import selectors
from certification.certificate_pdf import certificate_filename, certificate_pdf, verification_url
from certification.jury import session_from_results_token
from certification.results import certificate_of, session_results_csv, session_results_filename

LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60
NOT_FOUND = gettext_noop("Aucun certificat ne correspond à ce code.")  # translated when shown


def client_ip(request: HttpRequest) -> str:
    """The address the lookups are counted for; behind our TLS proxy, the one it appended last."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one lookup for this address; False once the window's allowance is spent."""
    key = f"certificate-lookups:{client_ip(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= LOOKUPS_PER_WINDOW


def _too_many(request: HttpRequest, code: str = "") -> HttpResponse:
    return render(
        request,
        "learners/certificates/verification.html",
        {
            "code": code,
            "error": _("Trop de vérifications depuis cette connexion. Réessayez dans quelques minutes."),
        },
        status=429,
    )


@login_required
def my_certifications(request: HttpRequest) -> HttpResponse:
    items = selectors.certifications_of(user=request.user)
    return render(request, "learners/certificates/my_certifications.html", {"items": items})


@login_required
def my_certificate(request: HttpRequest, course_id: int) -> HttpResponse:
    item = selectors.certification_of(user=request.user, course_id=course_id)
    if item is None:
        raise Http404
    certificate = certificate_of(item.course) if item.is_shareable else None
    context = {"item": item, "certificate": certificate, "verification_url": verification_url()}
    return render(request, "learners/certificates/my_certificate.html", context)


@login_required
def my_certificate_pdf(request: HttpRequest, course_id: int) -> HttpResponse:
    item = selectors.certification_of(user=request.user, course_id=course_id)
    if item is None or not item.is_shareable:
        raise Http404
    certificate = certificate_of(item.course)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(certificate)}"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def certificate_verification(request: HttpRequest) -> HttpResponse:
    """Type a code: the certificate when it is published and valid, the same refusal otherwise."""
    if request.method == "GET":
        return render(request, "learners/certificates/verification.html", {"code": ""})
    code = (request.POST.get("code") or "").strip().upper()[:32]
    if not code:
        error = _("Saisissez le code de vérification : « P- » suivi de 8 caractères.")
        return render(
            request, "learners/certificates/verification.html", {"code": code, "error": error}, status=400
        )
    if not lookup_allowed(request):
        return _too_many(request, code)
    if selectors.published_certificate(verification_code=code) is None:
        return render(
            request,
            "learners/certificates/verification.html",
            {"code": code, "error": _(NOT_FOUND)},
            status=404,
        )
    return redirect("learners:certificate_share", code=code)


@never_cache
def certificate_share(request: HttpRequest, code: str) -> HttpResponse:
    """The shareable certificate (§5.2): identity, centre, dates, score and levels; no code, no comment."""
    if not lookup_allowed(request):
        return _too_many(request)
    certificate = selectors.published_certificate(verification_code=code)
    if certificate is None:
        return render(
            request,
            "learners/certificates/verification.html",
            {"code": code.upper()[:32], "error": _(NOT_FOUND)},
            status=404,
        )
    return render(request, "learners/certificates/share.html", {"certificate": certificate})


@never_cache
def session_results_download(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to result recipients at publication (valid 30 days)."""
    session = session_from_results_token(token=token)
    if session is None:
        return render(request, "learners/certificates/results_link_expired.html", status=404)
    response = HttpResponse(session_results_csv(session=session), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{session_results_filename(session)}"'
    return response
