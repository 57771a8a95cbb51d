"""The CSV export of an assessment campaign with 10 000 shared participations: time, peak memory, queries.

    python benchmarks/bench_export.py                      # a throwaway SQLite database (in a temp folder)
    BENCH_DATABASE_URL=postgres://… python benchmarks/bench_export.py   # that database (it must be empty or
                                                                       # a benchmark one: data is added)

It migrates and loads the referential, creates a school, a campaign on the "Terminale" profile (the 16
competences up to level 5) and 10 000 students who shared results (random skills validated; the frozen
results are computed by the engine, as sharing does), then runs the export job exactly as the worker
does (campaigns.exports.export_job_run), measuring the wall time, the peak of Python memory allocated
(tracemalloc) and the SQL queries. Results go to benchmarks/results/export.json.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "10000"))
_throwaway = None
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    _throwaway = tempfile.TemporaryDirectory(prefix="pix-bench-export-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(_throwaway.name) / 'bench.sqlite3'}"
    os.environ.setdefault("MEDIA_ROOT", str(Path(_throwaway.name) / "media"))

from _common import setup_django, write_results  # noqa: E402

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from assessments.engine import scoring  # noqa: E402
from assessments.selectors import referential_snapshot  # noqa: E402
from campaigns.demo import seed_target_profiles  # noqa: E402
from campaigns.exports import export_job_path, export_job_run  # noqa: E402
from campaigns.models import CampaignParticipation, ExportJob, TargetProfile  # noqa: E402
from campaigns.selectors import campaign_engine_badges, campaign_engine_skills, campaign_engine_stages  # noqa: E402
from campaigns.services import campaign_create  # noqa: E402
from organizations.models import Membership, Organization, OrganizationLearner  # noqa: E402

BATCH = 1000


def build_campaign():
    seed_target_profiles()
    school = Organization.objects.create(
        name="Lycée du banc d'essai",
        type="SCO",
        external_id=f"BENCH{int(time.time())}",
        is_managing_students=True,
    )
    teacher = User.objects.create_user(
        email=f"bench-{school.pk}@example.org", password=None, first_name="Claire", last_name="Banc"
    )
    Membership.objects.create(user=teacher, organization=school, role="ADMIN")
    profile = TargetProfile.objects.get(name__startswith="Terminale")
    campaign = campaign_create(
        organization=school,
        creator=teacher,
        name="Terminale – banc d'essai",
        type="ASSESSMENT",
        target_profile=profile,
        external_id_label="Numéro de candidat",
        external_id_type="STRING",
    )
    return school, teacher, campaign


def results_for(campaign, rng: random.Random, skills, stages, badges) -> dict:
    """What participation_share freezes, from a random set of validated and invalidated skills."""
    level = rng.randint(1, 5)
    statuses = {}
    for skill in skills:
        if rng.random() < 0.8:  # most skills were tested or inferred
            statuses[skill.id] = "validated" if skill.level <= level and rng.random() < 0.9 else "invalidated"
    validated = {skill for skill, status in statuses.items() if status == "validated"}
    skill_ids = [skill.id for skill in skills]
    acquired = scoring.acquired_stages(stages=stages, campaign_skills=skills, validated_skill_ids=validated)
    obtained = [
        result.badge_id
        for badge in badges
        if (
            result := scoring.badge_result(badge=badge, campaign_skills=skills, validated_skill_ids=validated)
        ).is_obtained
    ]
    rate = scoring.mastery_rate(validated_skill_ids=validated, skill_ids=skill_ids)
    return {
        "skills": statuses,
        "validated_skills_count": len(validated),
        "skills_count": len(skill_ids),
        "mastery_rate": float(rate),
        "mastery_percentage": scoring.mastery_percentage(validated_skill_ids=validated, skill_ids=skill_ids),
        "stage_ids": [stage.id for stage in acquired],
        "badge_ids": obtained,
        "pix_score": None,
    }


def create_participations(school, campaign, count: int) -> None:
    rng = random.Random(2026)
    skills = campaign_engine_skills(campaign=campaign)
    stages = campaign_engine_stages(campaign=campaign)
    badges = campaign_engine_badges(campaign=campaign)
    now = timezone.now()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"bench-{school.pk}-{start + i}@example.org",
                    first_name=f"Élève{start + i}",
                    last_name=rng.choice(
                        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand"]
                    ),
                    password="!",
                )
                for i in range(size)
            )
            learners = OrganizationLearner.objects.bulk_create(
                OrganizationLearner(
                    organization=school,
                    user=user,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    division=rng.choice(["TA", "TB", "TC", "TD"]),
                )
                for user in users
            )
            rows = []
            for i, (user, learner) in enumerate(zip(users, learners, strict=True)):
                results = results_for(campaign, rng, skills, stages, badges)
                rows.append(
                    CampaignParticipation(
                        campaign=campaign,
                        user=user,
                        organization_learner=learner,
                        participant_external_id=f"C{start + i:06d}",
                        status=CampaignParticipation.Status.SHARED,
                        created_at=now,
                        shared_at=now,
                        validated_skills_count=results["validated_skills_count"],
                        mastery_rate=round(results["mastery_rate"], 4),
                        results_snapshot=results,
                    )
                )
            CampaignParticipation.objects.bulk_create(rows)


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_referential", verbosity=0)
    referential_snapshot()
    school, teacher, campaign = build_campaign()
    started = time.perf_counter()
    create_participations(school, campaign, PARTICIPANTS)
    seeding_s = time.perf_counter() - started
    job = ExportJob.objects.create(campaign=campaign, requested_by=teacher, filename="bench.csv")
    counter = QueryCounter()
    tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        job = export_job_run(job=job)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    path = export_job_path(job)
    size = path.stat().st_size
    with path.open(encoding="utf-8") as file:
        lines = sum(1 for _ in file)
    columns = len(path.open(encoding="utf-8").readline().split(";"))
    write_results(
        "export",
        {
            "participants": PARTICIPANTS,
            "campaign_skills": len(campaign_engine_skills(campaign=campaign)),
            "csv_columns": columns,
            "csv_lines": lines,
            "csv_megabytes": round(size / 1_000_000, 2),
            "export_seconds": round(elapsed, 2),
            "rows_per_second": round(PARTICIPANTS / elapsed),
            "peak_python_memory_megabytes": round(peak / 1_000_000, 2),
            "sql_queries": counter.count,
            "seeding_seconds": round(seeding_s, 1),
            "throwaway_database": _throwaway is not None,
        },
    )
    if lines != PARTICIPANTS + 1:
        sys.exit(f"expected {PARTICIPANTS + 1} lines, got {lines}")


if __name__ == "__main__":
    main()
