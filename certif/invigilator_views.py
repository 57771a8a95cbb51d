"""The invigilator's space ("espace surveillant", pix-certif.md §2.3, §3.4): no Pix account needed.

The session number and its invigilator password open that session only, while it is open: a signed
access is kept in the browser session. The page lists the candidates and refreshes itself from a
JSON endpoint; each action is a form (it works without JavaScript, and the script sends it in the
background when it runs). Thin views over ``certification.exam`` and ``certification.exam_selectors``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certification import exam, exam_selectors
from certification.exam_selectors import InvigilatedCandidate, InvigilatedStatus
from certification.models import Candidate, CertificationCourse, LiveAlert, Session

INVIGILATOR_KEY = "certif.invigilator"
POLL_SECONDS = 5


class InvigilatorLoginForm(forms.Form):
    session_number = forms.CharField(
        label=gettext_lazy("Numéro de session"),
        max_length=12,
        error_messages={"required": gettext_lazy("Saisissez le numéro de la session.")},
    )
    password = forms.CharField(
        label=gettext_lazy("Mot de passe de la session"),
        max_length=32,
        strip=True,
        error_messages={"required": gettext_lazy("Saisissez le mot de passe de la session.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "invigilator-%s")
        super().__init__(*args, **kwargs)

    def clean_session_number(self) -> int:
        value = "".join(self.cleaned_data["session_number"].split())
        if not value.isascii() or not value.isdigit():
            raise forms.ValidationError(_("Le numéro de session ne contient que des chiffres."))
        return int(value)


# -- Access ---------------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def invigilator_page(view: Callable) -> Callable:
    """For views of `<int:session_id>`: only the session this browser logged into, only while it is open.

    Otherwise 403: the login form (pages) or `{"error": ...}` (the script's requests). The view is
    called as view(request, session, **kwargs).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, session_id: int, *args, **kwargs) -> HttpResponse:
        session = exam_selectors.invigilated_session(
            token=request.session.get(INVIGILATOR_KEY), session_id=session_id
        )
        if session is None:
            return _refused(request, session_id, _("Connectez-vous à l'espace surveillant de cette session."))
        if not session.is_accessible:
            return _refused(
                request,
                session_id,
                _("Cette session est finalisée : son espace surveillant est fermé."),
                closed=True,
            )
        return view(request, session, *args, **kwargs)

    return wrapper


def _refused(request: HttpRequest, session_id: int, message: str, *, closed: bool = False) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message, "closed": closed}, status=403)
    form = InvigilatorLoginForm(initial={"session_number": session_id})
    return render(request, "certif/invigilator_login.html", {"form": form, "error": message}, status=403)


# -- Login ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invigilator_login(request: HttpRequest) -> HttpResponse:
    """ "/certif/surveillance": the session number and the invigilator password of the session."""
    initial = {"session_number": request.GET.get("session", "")}
    form = InvigilatorLoginForm(request.POST or None, initial=initial)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            session = exam.invigilator_login(
                session_id=form.cleaned_data["session_number"], password=form.cleaned_data["password"]
            )
        except exam.ExamError as refusal:
            error, status = refusal.detail, refusal.status
        else:
            request.session.cycle_key()
            request.session[INVIGILATOR_KEY] = exam.invigilator_token(session=session)
            return redirect("certif:invigilator", session_id=session.pk)
    return render(request, "certif/invigilator_login.html", {"form": form, "error": error}, status=status)


@require_POST
def invigilator_logout(request: HttpRequest, session_id: int) -> HttpResponse:
    request.session.pop(INVIGILATOR_KEY, None)
    messages.success(
        request,
        _("Vous avez quitté l'espace surveillant de la session n°%(number)s.") % {"number": session_id},
    )
    return redirect("certif:invigilator_login")


# -- The live list --------------------------------------------------------------------------


def _live_context(session: Session) -> dict[str, object]:
    now = timezone.now()
    rows = exam_selectors.invigilated_candidates(session=session, now=now)
    return {
        "session": session,
        "rows": rows,
        "summary": exam_selectors.room_summary(rows),
        "now": now,
        "subcategories": exam.LIVE_ALERT_SUBCATEGORIES,
        "poll_seconds": POLL_SECONDS,
    }


@never_cache
@require_safe
@invigilator_page
def invigilator_session(request: HttpRequest, session: Session) -> HttpResponse:
    return render(request, "certif/invigilator.html", _live_context(session))


def _announcement(row: InvigilatedCandidate) -> str:
    name = f"{row.candidate.first_name} {row.candidate.last_name}"
    if row.status == InvigilatedStatus.ON_HOLD:
        return _("%(name)s signale un problème sur la question %(number)s.") % {
            "name": name,
            "number": row.ongoing_alert.question_number,
        }
    if row.status == InvigilatedStatus.ENDED:
        return _("%(name)s a terminé son test.") % {"name": name}
    if row.status == InvigilatedStatus.OVERTIME:
        return _("%(name)s a dépassé l'heure de fin théorique.") % {"name": name}
    if row.status == InvigilatedStatus.ONGOING:
        return _("%(name)s a commencé son test.") % {"name": name}
    return ""


@never_cache
@require_safe
@invigilator_page
def invigilator_poll(request: HttpRequest, session: Session) -> JsonResponse:
    """The live list, for the page's script: each candidate's card and a sentence to announce a change."""
    context = _live_context(session)
    summary_html = render_to_string("certif/invigilator_summary.html", context, request=request)
    return JsonResponse(
        {
            "summary": summary_html,
            "time": timezone.localtime(context["now"]).strftime("%H:%M"),
            "candidates": [
                {
                    "id": row.candidate.pk,
                    "status": row.status,
                    "announce": _announcement(row),
                    "html": render_to_string(
                        "certif/invigilator_candidate.html", {**context, "row": row}, request=request
                    ),
                }
                for row in context["rows"]
            ],
        }
    )


# -- Actions --------------------------------------------------------------------------------


def _candidate_of(session: Session, candidate_id: int) -> Candidate:
    candidate = Candidate.objects.filter(session=session, pk=candidate_id).first()
    if candidate is None:
        raise Http404
    candidate.session = session
    return candidate


def _course_of(session: Session, candidate_id: int) -> CertificationCourse:
    course = CertificationCourse.objects.filter(session=session, candidate_id=candidate_id).first()
    if course is None:
        raise Http404
    course.session = session
    return course


def _alert_of(session: Session, alert_id: int) -> LiveAlert:
    alert = LiveAlert.objects.select_related("course").filter(course__session=session, pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def _done(request: HttpRequest, session: Session, message: str, *, error: bool = False) -> HttpResponse:
    """After an action: JSON for the script, or back to the list with the message."""
    if _wants_json(request):
        return JsonResponse({"message": message, "error": error}, status=409 if error else 200)
    (messages.error if error else messages.success)(request, message)
    return redirect(reverse("certif:invigilator", kwargs={"session_id": session.pk}))


def _name(candidate: Candidate) -> str:
    return f"{candidate.first_name} {candidate.last_name}"


@require_POST
@invigilator_page
def invigilator_presence(request: HttpRequest, session: Session, candidate_id: int) -> HttpResponse:
    """Confirm the presence (the candidate may start) or cancel the confirmation."""
    candidate = _candidate_of(session, candidate_id)
    authorized = request.POST.get("authorized") == "1"
    try:
        exam.candidate_authorize(candidate=candidate, authorized=authorized)
    except exam.ExamError as refusal:
        return _done(request, session, refusal.detail, error=True)
    if authorized:
        message = _("Présence de %(name)s confirmée : le candidat peut commencer son test.")
    else:
        message = _("Confirmation de présence de %(name)s annulée.")
    return _done(request, session, message % {"name": _name(candidate)})


@require_POST
@invigilator_page
def invigilator_resume(request: HttpRequest, session: Session, candidate_id: int) -> HttpResponse:
    candidate = _candidate_of(session, candidate_id)
    try:
        exam.candidate_authorize_resume(candidate=candidate)
    except exam.ExamError as refusal:
        return _done(request, session, refusal.detail, error=True)
    return _done(
        request,
        session,
        _("%(name)s peut reprendre son test en saisissant de nouveau le code d'accès.")
        % {"name": _name(candidate)},
    )


@require_POST
@invigilator_page
def invigilator_end(request: HttpRequest, session: Session, candidate_id: int) -> HttpResponse:
    course = _course_of(session, candidate_id)
    name = f"{course.first_name} {course.last_name}"
    if not exam.course_end_by_invigilator(course=course):
        return _done(
            request, session, _("Le test de %(name)s était déjà terminé.") % {"name": name}, error=True
        )
    return _done(request, session, _("Le test de %(name)s est terminé.") % {"name": name})


@require_POST
@invigilator_page
def invigilator_alert_validate(request: HttpRequest, session: Session, alert_id: int) -> HttpResponse:
    alert = _alert_of(session, alert_id)
    try:
        exam.live_alert_validate(alert=alert, subcategory=request.POST.get("subcategory", ""))
    except exam.ExamError as refusal:
        return _done(request, session, refusal.detail, error=True)
    return _done(
        request,
        session,
        _("Signalement validé : %(name)s reçoit une nouvelle question.")
        % {"name": f"{alert.course.first_name} {alert.course.last_name}"},
    )


@require_POST
@invigilator_page
def invigilator_alert_dismiss(request: HttpRequest, session: Session, alert_id: int) -> HttpResponse:
    alert = _alert_of(session, alert_id)
    try:
        exam.live_alert_dismiss(alert=alert)
    except exam.ExamError as refusal:
        return _done(request, session, refusal.detail, error=True)
    return _done(
        request,
        session,
        _("Signalement refusé : %(name)s reprend la même question.")
        % {"name": f"{alert.course.first_name} {alert.course.last_name}"},
    )
