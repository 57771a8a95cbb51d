"""Pix Orga: the certification attestations of a class, for schools managing their students (§5.2).

Members only (orga.access); the organization must be a SCO one that manages its students.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from certification.certificate_pdf import certificates_pdf
from certification.selectors import certified_divisions_of, class_certificates
from orga.access import orga_member_required


@orga_member_required
def class_attestations(request: HttpRequest) -> HttpResponse:
    """GET: choose a class. GET with `division`: its attestations, one page per pupil, as one PDF."""
    organization = request.orga.organization
    if not (organization.type == "SCO" and organization.is_managing_students):
        raise Http404
    divisions = certified_divisions_of(organization=organization)
    division = request.GET.get("division")
    context = {"divisions": divisions, "selected": division or "", "error": ""}
    if division is None:
        return render(request, "orga/certifications.html", context)
    if division not in divisions:
        context["error"] = _("Choisissez une classe de la liste.")
        return render(request, "orga/certifications.html", context, status=400)
    certificates = class_certificates(organization=organization, division=division)
    if not certificates:
        context["error"] = _(
            "Aucun élève de la classe %(division)s n'a de certification Pix délivrée pour le moment."
        ) % {"division": division}
        return render(request, "orga/certifications.html", context, status=404)
    response = HttpResponse(certificates_pdf(certificates), content_type="application/pdf")
    filename = f"attestations-certification-{slugify(division) or 'classe'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
