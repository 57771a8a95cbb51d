"""Pix Certif pages: a centre's sessions and their candidates. Access is checked in certif.access."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from certif.access import CenterAccess, center_page, current_center_id, session_page
from certif.forms import CandidateForm, ImportForm, SessionForm, TermsForm
from certification import pdf, selectors, services
from certification.models import Candidate, Session
from certification.services import CertificationError


def index(request: HttpRequest) -> HttpResponse:
    """The portal's door: the centre visited last, or the first one; others are told how to get in."""
    if not request.user.is_authenticated:
        return render(request, "certif/index.html", {"centers": []})
    centers = list(selectors.centers_of(user=request.user))
    if not centers:
        return render(request, "certif/index.html", {"centers": centers})
    current = current_center_id(request)
    center = next((c for c in centers if c.pk == current), centers[0])
    return redirect("certif:sessions", center_id=center.pk)


@require_http_methods(["GET", "POST"])
@center_page(require_terms=False)
def terms(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("certif:sessions", args=[access.center.pk])
    if access.membership.terms_accepted_at is not None:
        return redirect(next_url)
    form = TermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.center_terms_accept(membership=access.membership)
        messages.success(
            request, _("Bienvenue dans Pix Certif : les conditions d'utilisation sont acceptées.")
        )
        return redirect(next_url)
    return render(request, "certif/terms.html", {"access": access, "form": form, "next": next_url})


@center_page
def sessions(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    listing = selectors.sessions_of(center=access.center)
    return render(
        request,
        "certif/sessions.html",
        {"access": access, "upcoming": listing.upcoming, "past": listing.past, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@center_page
def session_create(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        try:
            session = services.session_create(
                center=access.center, created_by=request.user, **_session_values(form)
            )
        except CertificationError as error:
            form.add_service_errors(error.errors or {"__all__": [error.detail]})
        else:
            messages.success(request, _("La session n°%(number)s est créée.") % {"number": session.pk})
            return redirect("certif:session", session_id=session.pk)
    return render(request, "certif/session_form.html", {"access": access, "form": form, "session": None})


def _session_values(form: SessionForm) -> dict[str, str]:
    return {
        name: form.data.get(name, "")
        for name in ("address", "room", "examiner", "date", "time", "description")
    }


@require_http_methods(["GET", "POST"])
@session_page
def session_edit(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    initial = {
        "address": session.address,
        "room": session.room,
        "examiner": session.examiner,
        "date": session.date.isoformat(),
        "time": session.time.strftime("%H:%M"),
        "description": session.description,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            services.session_update(session=session, **_session_values(form))
        except CertificationError as error:
            form.add_service_errors(error.errors or {"__all__": [error.detail]})
        else:
            messages.success(request, _("La session n°%(number)s est modifiée.") % {"number": session.pk})
            return redirect("certif:session", session_id=session.pk)
    return render(request, "certif/session_form.html", {"access": access, "form": form, "session": session})


@require_http_methods(["GET", "POST"])
@session_page
def session_delete(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    if request.method == "POST":
        try:
            services.session_delete(session=session)
        except CertificationError as error:
            messages.error(request, error.detail)
            return redirect("certif:session", session_id=session.pk)
        messages.success(request, _("La session n°%(number)s est supprimée.") % {"number": session.pk})
        return redirect("certif:sessions", center_id=access.center.pk)
    candidates_count = session.candidates.count()
    return render(
        request,
        "certif/session_delete.html",
        {"access": access, "session": session, "candidates_count": candidates_count},
    )


def _session_page(
    request: HttpRequest,
    access: CenterAccess,
    session: Session,
    *,
    candidate_form: CandidateForm | None = None,
    import_form: ImportForm | None = None,
    import_errors: list | None = None,
    status: int = 200,
) -> HttpResponse:
    candidates = selectors.candidates_of(session=session)
    started = any(c.started_at is not None for c in candidates)
    context = {
        "access": access,
        "session": session,
        "candidates": candidates,
        "has_started": started,
        "can_enrol": session.status == Session.Status.CREATED,
        "can_import": session.status == Session.Status.CREATED and not started,
        "candidate_form": candidate_form or CandidateForm(center=access.center),
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors or [],
        "open_candidate_form": candidate_form is not None,
        "today": timezone.localdate(),
    }
    return render(request, "certif/session_detail.html", context, status=status)


@session_page
def session_detail(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    return _session_page(request, access, session)


@require_POST
@session_page
def candidate_add(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    form = CandidateForm(request.POST, center=access.center)
    try:
        candidate = services.candidate_add(session=session, **form.service_kwargs())
    except CertificationError as error:
        form.add_service_errors(error.errors or {"__all__": [error.detail]})
        return _session_page(request, access, session, candidate_form=form)
    messages.success(
        request,
        _("%(name)s est inscrit(e) à la session.")
        % {"name": f"{candidate.first_name} {candidate.last_name}"},
    )
    return redirect(reverse("certif:session", args=[session.pk]) + "#candidats")


@require_POST
@session_page
def candidates_import(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _session_page(
            request,
            access,
            session,
            import_form=form,
            import_errors=[services.ImportError_(None, _("Choisissez un fichier ODS."))],
        )
    try:
        result = services.candidates_import_ods(session=session, file=form.cleaned_data["file"])
    except CertificationError as error:
        messages.error(request, error.detail)
        return redirect("certif:session", session_id=session.pk)
    if not result.ok:
        return _session_page(request, access, session, import_form=ImportForm(), import_errors=result.errors)
    count = len(result.created)
    messages.success(
        request,
        ngettext(
            "%(count)s candidat importé.",
            "%(count)s candidats importés.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("certif:session", args=[session.pk]) + "#candidats")


@session_page
def candidates_template(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    response = HttpResponse(
        services.ods_template_for(session), content_type="application/vnd.oasis.opendocument.spreadsheet"
    )
    response["Content-Disposition"] = f'attachment; filename="candidats-session-{session.pk}.ods"'
    return response


@require_POST
@session_page
def candidate_remove(
    request: HttpRequest, access: CenterAccess, session: Session, candidate_id: int
) -> HttpResponse:
    candidate = get_object_or_404(Candidate, pk=candidate_id, session=session)
    try:
        services.candidate_remove(candidate=candidate)
    except CertificationError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("%(name)s est retiré(e) de la session.") % {"name": candidate.full_name})
    return redirect(reverse("certif:session", args=[session.pk]) + "#candidats")


@require_http_methods(["GET", "POST"])
@session_page
def students_enrol(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    """§2.7: pick a division, tick its students, enrol them."""
    if not access.center.enrols_students:
        return redirect("certif:session", session_id=session.pk)
    division = (request.POST.get("division") or request.GET.get("classe") or "").strip()
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("learners") if value.isdigit()]
        if not ids:
            messages.error(request, _("Cochez au moins un élève à inscrire."))
        else:
            learners = selectors.learners_for_enrolment(session=session, ids=ids)
            try:
                result = services.candidates_enrol_from_division(session=session, learners=learners)
            except CertificationError as error:
                messages.error(request, error.detail)
            else:
                count = len(result.enrolled)
                messages.success(
                    request,
                    ngettext("%(count)s élève inscrit.", "%(count)s élèves inscrits.", count)
                    % {"count": count},
                )
                return redirect(reverse("certif:session", args=[session.pk]) + "#candidats")
    divisions = selectors.divisions_of(center=access.center)
    students = (
        selectors.students_for_enrolment(session=session, division=division) if division in divisions else []
    )
    return render(
        request,
        "certif/students_enrol.html",
        {
            "access": access,
            "session": session,
            "divisions": divisions,
            "division": division if division in divisions else "",
            "students": students,
            "can_enrol": session.status == Session.Status.CREATED,
        },
    )


@session_page
def attendance_sheet(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    candidates = selectors.candidates_of(session=session)
    response = HttpResponse(
        pdf.attendance_sheet_pdf(session=session, candidates=candidates), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="feuille-emargement-session-{session.pk}.pdf"'
    return response


@session_page
def invigilator_kit(request: HttpRequest, access: CenterAccess, session: Session) -> HttpResponse:
    response = HttpResponse(pdf.invigilator_kit_pdf(session=session), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kit-surveillant-session-{session.pk}.pdf"'
    return response
