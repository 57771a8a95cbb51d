"""The author preview: a challenge as a learner sees it, answered and corrected on the spot."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from challenges.checking import SKIP_VALUE, check_answer
from challenges.models import Challenge
from challenges.presentation import (
    AnswerFormError,
    answer_form_view,
    answer_from_form,
    correction_for,
    prefetch_for_presentation,
    present_challenge,
    verdict_for,
)

DEFAULT_SEED = 1
MAX_SEED = 2**31 - 1
SKIP_ACTION = "skip"


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors sign in first; signed-in non-staff get a 404, as if the page did not exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def shuffle_seed_from(request: HttpRequest) -> int:
    raw = request.GET.get("seed", "")
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_SEED:
        return int(raw)
    return DEFAULT_SEED


@staff_only
@require_http_methods(["GET", "POST"])
def challenge_preview(request: HttpRequest, challenge_id: str) -> HttpResponse:
    challenge = get_object_or_404(
        prefetch_for_presentation(Challenge.objects.select_related("release")), pk=challenge_id
    )
    seed = shuffle_seed_from(request)
    challenge_view = present_challenge(challenge=challenge, shuffle_seed=seed)
    context: dict[str, object] = {
        "challenge": challenge,
        "challenge_view": challenge_view,
        "seed": seed,
        "next_seed": seed + 1 if seed < MAX_SEED else 0,
        "answer_form": answer_form_view(challenge_view=challenge_view),
    }
    if request.method == "POST":
        if request.POST.get("action") == SKIP_ACTION:
            answer_value = SKIP_VALUE
        else:
            try:
                answer_value = answer_from_form(challenge=challenge, data=request.POST)
            except AnswerFormError as error:
                context["answer_form"] = answer_form_view(
                    challenge_view=challenge_view, data=request.POST, error=error
                )
                return render(request, "challenges/preview.html", context)
        result = check_answer(
            challenge_type=challenge.type,
            answer=answer_value,
            solution=challenge.solution,
            tolerances=challenge.tolerances,
            qroc_format=challenge.format,
            select_keys=challenge.select_keys,
        )
        context.update(
            answer_form=answer_form_view(challenge_view=challenge_view, data=request.POST),
            answer_value=answer_value,
            verdict=verdict_for(result.status),
            correction=correction_for(
                challenge=challenge, answer_value=answer_value, result_details=result.details
            ),
        )
    return render(request, "challenges/preview.html", context)
