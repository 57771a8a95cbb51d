"""``/health``: is the database, the cache and the task broker answering?"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is "down", reported as such
        return f"error: {error.__class__.__name__}"
    return "ok"


def _cache() -> str:
    try:
        cache.set("health-probe", "1", timeout=5)
        return "ok" if cache.get("health-probe") == "1" else "error: cache did not return the probe"
    except Exception as error:  # noqa: BLE001
        return f"error: {error.__class__.__name__}"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "inline"
    from pix.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return f"error: {error.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache(), "broker": _broker()}
    healthy = checks["database"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
