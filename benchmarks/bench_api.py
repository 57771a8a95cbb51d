"""The answer → next round trip through the JSON API, on the configured database (PostgreSQL in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pix_bench python benchmarks/bench_api.py

It migrates and loads the referential into that database if needed, creates a benchmark learner,
and plays whole competence evaluations (answer, then next), measuring each round trip.
"""

from __future__ import annotations

import random
import time

from _common import setup_django, write_results

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments.models import Assessment, CompetenceEvaluation, KnowledgeElement  # noqa: E402
from assessments.selectors import referential_snapshot  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_referential", verbosity=0)
    snapshot = referential_snapshot()
    user, _ = User.objects.get_or_create(
        email="benchmark@example.org", defaults={"first_name": "Bench", "last_name": "Mark"}
    )
    KnowledgeElement.objects.filter(user=user).delete()
    CompetenceEvaluation.objects.filter(user=user).delete()
    Assessment.objects.filter(user=user).delete()
    client = APIClient(SERVER_NAME="localhost")
    client.force_authenticate(user)
    rng = random.Random(7)
    round_trips: list[float] = []
    queries: list[int] = []
    for code in snapshot.competences:
        assessment_id = client.post(
            "/api/competence-evaluations/start-or-resume", {"competence": code}, format="json"
        ).json()["id"]
        response = client.get(f"/api/assessments/{assessment_id}/next")
        while response.status_code == 200:
            challenge = response.json()
            value = snapshot.challenge_rows[challenge["id"]].solution if rng.random() < 0.6 else "#ABAND#"
            if snapshot.challenge_rows[challenge["id"]].type == "QROC":
                value = value.split("\n")[0]
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.post(
                    f"/api/assessments/{assessment_id}/answers",
                    {"challenge": challenge["id"], "value": value},
                    format="json",
                )
                response = client.get(f"/api/assessments/{assessment_id}/next")
                round_trips.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured))
    round_trips.sort()
    write_results(
        "api_round_trip",
        {
            "round_trips": len(round_trips),
            "median_ms": round(round_trips[len(round_trips) // 2], 2),
            "p95_ms": round(round_trips[int(0.95 * len(round_trips))], 2),
            "max_queries_per_round_trip": max(queries),
        },
    )


if __name__ == "__main__":
    main()
