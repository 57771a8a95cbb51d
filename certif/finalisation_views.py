"""Pix Certif after the exam: finalising a session (§4.1–4.2) and its published results (§4.6).

Thin views over certification.finalisation and certification.results; `session_page` is the one
access rule (members of the session's centre only, 404 for anybody else).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certif.access import CenterAccess, session_page
from certification import finalisation
from certification.finalisation import (
    CATEGORIES_FOR_NEW_REPORTS,
    CATEGORY_LABELS,
    SUBCATEGORIES_FOR_NEW_REPORTS,
    SUBCATEGORY_LABELS,
    CourseReport,
    FinalisationError,
)
from certification.models import Session
from certification.results import (
    COMPETENCE_CODES,
    CSV_HEADER,
    session_result_rows,
    session_results_csv,
    session_results_filename,
)


def _finalisation_context(
    access: CenterAccess, session: Session, *, errors: dict | None = None, values=None, error: str = ""
) -> dict:
    errors, values = errors or {}, values or {}
    courses = finalisation.finalisation_courses(session=session)
    for item in courses:
        key = f"course_{item.course.pk}"
        item.report_labels = [(report, finalisation.report_label(report)) for report in item.reports]
        item.abort_value = values.get(f"abort_reason_{item.course.pk}", "")
        item.comment_value = values.get(f"comment_{item.course.pk}", item.course.examiner_comment)
        item.abort_error = errors.get(f"{key}_abort_reason", "")
        item.comment_error = errors.get(f"{key}_comment", "")
    return {
        "access": access,
        "session": session,
        "courses": courses,
        "unfinished": [item for item in courses if not item.is_completed],
        "abort_reasons": [
            ("candidate", _("Abandon du candidat")),
            ("technical", _("Problème technique")),
        ],
        "error": error,
        "global_error": errors.get("examiner_global_comment", "") or errors.get("__all__", ""),
        "global_comment": values.get("examiner_global_comment", session.examiner_global_comment),
        "has_incident": values.get("has_incident") == "on",
        "has_joining_issue": values.get("has_joining_issue") == "on",
    }


@require_http_methods(["GET", "POST"])
@session_page
def session_finalisation(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    if session.finalized_at is not None:
        messages.info(request, _("Cette session est déjà finalisée."))
        return redirect("certif:session", session_id=session.pk)
    if request.method == "GET":
        return render(request, "certif/finalisation.html", _finalisation_context(access, session))

    course_ids = [item.course.pk for item in finalisation.finalisation_courses(session=session)]
    reports = {
        course_id: CourseReport(
            abort_reason=request.POST.get(f"abort_reason_{course_id}", "").strip(),
            examiner_comment=request.POST.get(f"comment_{course_id}", ""),
        )
        for course_id in course_ids
    }
    try:
        finalisation.session_finalize(
            session=session,
            examiner_global_comment=request.POST.get("examiner_global_comment", ""),
            has_incident=request.POST.get("has_incident") == "on",
            has_joining_issue=request.POST.get("has_joining_issue") == "on",
            course_reports=reports,
        )
    except FinalisationError as error:
        context = _finalisation_context(
            access, session, error=error.detail, errors=error.errors, values=request.POST
        )
        return render(request, "certif/finalisation.html", context, status=400)
    messages.success(
        request,
        _(
            "La session est finalisée. Pix traite maintenant les résultats ; ils apparaîtront ici une fois publiés."
        ),
    )
    return redirect("certif:session", session_id=session.pk)


def _report_context(access: CenterAccess, session: Session, item, **extra) -> dict:
    return {
        "access": access,
        "session": session,
        "item": item,
        "categories": [
            (str(category), *CATEGORY_LABELS[category]) for category in CATEGORIES_FOR_NEW_REPORTS
        ],
        "subcategory_groups": [
            (
                CATEGORY_LABELS[category][1],
                [(str(sub), *SUBCATEGORY_LABELS[sub]) for sub in SUBCATEGORIES_FOR_NEW_REPORTS[category]],
            )
            for category in CATEGORIES_FOR_NEW_REPORTS
            if category in SUBCATEGORIES_FOR_NEW_REPORTS
        ],
        "values": {},
        "errors": {},
        **extra,
    }


@require_http_methods(["GET", "POST"])
@session_page
def issue_report_add(
    request: HttpRequest, access: CenterAccess, session: Session, course_id: int
) -> HttpResponse:
    item = next(
        (c for c in finalisation.finalisation_courses(session=session) if c.course.pk == course_id), None
    )
    if item is None:
        raise Http404
    if session.finalized_at is not None:
        messages.info(request, _("Cette session est déjà finalisée."))
        return redirect("certif:session", session_id=session.pk)
    if request.method == "GET":
        return render(request, "certif/finalisation_report.html", _report_context(access, session, item))
    try:
        finalisation.issue_report_add(
            session=session,
            course_id=course_id,
            category=request.POST.get("category", ""),
            subcategory=request.POST.get("subcategory", ""),
            description=request.POST.get("description", ""),
            question_number=request.POST.get("question_number", "").strip() or None,
        )
    except FinalisationError as error:
        context = _report_context(
            access, session, item, error=error.detail, errors=error.errors, values=request.POST
        )
        return render(request, "certif/finalisation_report.html", context, status=400)
    messages.success(request, _("Le signalement de %(name)s est enregistré.") % {"name": item.candidate_name})
    return redirect(f"{_finalisation_url(session)}#candidat-{course_id}")


def _finalisation_url(session: Session) -> str:
    from django.urls import reverse

    return reverse("certif:session_finalisation", args=[session.pk])


@require_POST
@session_page
def issue_report_delete(
    request: HttpRequest, access: CenterAccess, session: Session, report_id: int
) -> HttpResponse:
    try:
        finalisation.issue_report_delete(session=session, report_id=report_id)
    except FinalisationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Le signalement est supprimé."))
    return redirect(_finalisation_url(session))


@session_page
def session_results(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    if session.published_at is None:
        raise Http404
    rows = session_result_rows(session=session)
    status_index = CSV_HEADER.index("Statut")
    counts = {"Validée": 0, "Rejetée": 0, "Annulée": 0}
    for row in rows:
        if row[status_index] in counts:
            counts[row[status_index]] += 1
    first_competence = CSV_HEADER.index(COMPETENCE_CODES[0])
    context = {
        "access": access,
        "session": session,
        "rows": [
            {
                "number": row[0],
                "first_name": row[1],
                "last_name": row[2],
                "birthdate": row[3],
                "status": row[status_index],
                "pix": row[status_index + 1],
                "levels": [
                    (code, cell)
                    for code, cell in zip(
                        COMPETENCE_CODES,
                        row[first_competence : first_competence + len(COMPETENCE_CODES)],
                        strict=True,
                    )
                    if cell != "-"
                ],
                "comment": row[first_competence + len(COMPETENCE_CODES)],
            }
            for row in rows
        ],
        "competence_codes": COMPETENCE_CODES,
        "counts": counts,
    }
    return render(request, "certif/results.html", context)


@session_page
def session_results_download(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    if session.published_at is None:
        raise Http404
    response = HttpResponse(session_results_csv(session=session), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{session_results_filename(session)}"'
    return response
