"""Shared set-up for benchmark scripts: Django, timing, and writing results as JSON."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pix.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def timed(function: Callable[[], object], *, repeat: int) -> dict[str, float]:
    """Median, p95 and mean of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "calls": repeat,
        "median_ms": round(statistics.median(samples), 4),
        "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 4),
        "mean_ms": round(statistics.fmean(samples), 4),
    }


def write_results(name: str, results: dict) -> Path:
    from django.conf import settings
    from django.db import connection

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "database": connection.vendor,
        "broker": "inline" if settings.CELERY_TASK_ALWAYS_EAGER else "redis",
        "results": results,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(document, indent=2))
    return path
