from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certification.selectors import centers_of


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "certif/index.html", {"centers": list(centers_of(user=request.user))})
