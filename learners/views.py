from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("learners:home")
    return render(request, "learners/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "learners/home.html")
