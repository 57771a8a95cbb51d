from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from organizations.selectors import organizations_of


def index(request: HttpRequest) -> HttpResponse:
    organizations = list(organizations_of(user=request.user))
    return render(request, "orga/index.html", {"organizations": organizations})
