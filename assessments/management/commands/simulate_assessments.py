"""Run simulated learners of known level through the real engine, on the loaded content.

    python manage.py simulate_assessments --mode competence --learners 50 --seed 1 --model slip-guess --json

Figures: mean and max questions, share of final levels equal to the true level, share within one
level, mean absolute error, and selection time (median, p95). See docs/engine.md.
"""

from __future__ import annotations

import json
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.engine.certification_simulation import simulate_certifications, simulate_v2_certifications
from assessments.engine.flash import prepare_flash_pool
from assessments.engine.simulation import LearnerModel, simulate_population
from assessments.selectors import referential_snapshot

MODES = ("competence", "campaign", "certification-v3", "certification-v2")
MODELS = {
    "deterministic": LearnerModel.DETERMINISTIC,
    "slip-guess": LearnerModel.SLIP_GUESS,
    "logistic": LearnerModel.LOGISTIC,
}


class Command(BaseCommand):
    help = "Simulate learners of known level through the adaptive engine on the loaded content."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--mode", choices=MODES, default="competence")
        parser.add_argument(
            "--learners", type=int, default=20, help="simulated learners per true level (and competence)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--model", choices=sorted(MODELS), default="slip-guess", help="competence and campaign modes"
        )
        parser.add_argument("--competence", action="append", help="limit to these competences (repeatable)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        snapshot = referential_snapshot()
        codes = options["competence"] or [code for code in snapshot.competences if snapshot.skills_of(code)]
        if not codes:
            raise CommandError("No content loaded: run `python manage.py load_referential` first.")
        unknown = [code for code in codes if code not in snapshot.competences]
        if unknown:
            raise CommandError(f"Unknown competence(s): {', '.join(unknown)}")
        mode = options["mode"]
        started = time.perf_counter()
        if mode in ("competence", "campaign"):
            report = self._smart_random(snapshot, codes, options, is_campaign=mode == "campaign")
        elif mode == "certification-v3":
            report = self._certification_v3(snapshot, codes, options)
        else:
            report = self._certification_v2(snapshot, codes, options)
        report = {
            "mode": mode,
            "seed": options["seed"],
            "learners_per_level": options["learners"],
            "release": snapshot.release_number,
            **report,
            "seconds": round(time.perf_counter() - started, 1),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            for key, value in report.items():
                if key != "per_competence" and key != "per_level":
                    self.stdout.write(f"{key:>28}: {value}")

    def _smart_random(self, snapshot, codes: list[str], options, *, is_campaign: bool) -> dict:
        model = MODELS[options["model"]]
        per_competence = {}
        weighted: dict[str, float] = {}
        total_runs = 0
        max_questions = 0
        selection_ms: list[float] = []
        for code in codes:
            summary = simulate_population(
                skills=snapshot.skills_of(code),
                challenges=snapshot.challenges_by_competence.get(code, ()),
                model=model,
                learners_per_level=options["learners"],
                seed=options["seed"],
                true_levels=range(0, settings.MAX_REACHABLE_LEVEL + 1),
                is_campaign=is_campaign,
                max_reachable_level=settings.MAX_REACHABLE_LEVEL,
            )
            per_competence[code] = {
                "mean_questions": round(summary.mean_questions, 2),
                "share_exact": round(summary.share_exact, 3),
                "share_within_one_level": round(summary.share_within_one_level, 3),
            }
            for field in ("mean_questions", "share_exact", "share_within_one_level", "mean_absolute_error"):
                weighted[field] = weighted.get(field, 0.0) + getattr(summary, field) * summary.runs
            total_runs += summary.runs
            max_questions = max(max_questions, summary.max_questions)
            selection_ms.extend([summary.median_selection_ms, summary.p95_selection_ms])
        return {
            "model": options["model"],
            "runs": total_runs,
            "mean_questions": round(weighted["mean_questions"] / total_runs, 2),
            "max_questions": max_questions,
            "share_exact": round(weighted["share_exact"] / total_runs, 3),
            "share_within_one_level": round(weighted["share_within_one_level"] / total_runs, 3),
            "mean_absolute_error": round(weighted["mean_absolute_error"] / total_runs, 3),
            "selection_ms_median": round(statistics.median(selection_ms[0::2]), 3),
            "selection_ms_p95": round(max(selection_ms[1::2]), 3),
            "per_competence": per_competence,
        }

    def _certification_v3(self, snapshot, codes: list[str], options) -> dict:
        challenges = [c for code in codes for c in snapshot.challenges_by_competence.get(code, ())]
        tubes = {skill.id: skill.tube for skill in snapshot.skills.values()}
        pool = prepare_flash_pool(challenges=challenges, tube_by_skill_id=tubes)
        started = time.perf_counter()
        figures = simulate_certifications(
            pool=pool, candidates_per_level=options["learners"], seed=options["seed"]
        )
        elapsed = time.perf_counter() - started
        asked = figures.mean_questions * figures.candidates
        return {
            "model": "2PL at the middle of the true level's capacity interval",
            "candidates": figures.candidates,
            "mean_questions": round(figures.mean_questions, 2),
            "share_exact": round(figures.exact_share, 3),
            "share_within_one_level": round(figures.within_one_share, 3),
            "ms_per_question_including_scoring": round(1000 * elapsed / asked, 3) if asked else None,
            "per_level": {
                str(level.level): {
                    "share_exact": round(level.exact_share, 3),
                    "share_within_one": round(level.within_one_share, 3),
                    "mean_score": round(level.mean_score),
                }
                for level in figures.per_level
            },
        }

    def _certification_v2(self, snapshot, codes: list[str], options) -> dict:
        challenges = [c for code in codes for c in snapshot.challenges_by_competence.get(code, ())]
        skills = [skill for code in codes for skill in snapshot.skills_of(code)]
        figures = simulate_v2_certifications(
            challenges=challenges,
            skills=skills,
            candidates_per_level=options["learners"],
            seed=options["seed"],
        )
        return {
            "model": "2PL at the middle of the true level's capacity interval; profile at the true level",
            "candidates": figures.candidates,
            "mean_questions": round(figures.mean_questions, 2),
            "share_exact": round(figures.exact_share, 3),
            "share_within_one_level": round(figures.within_one_share, 3),
            "rejected_share": round(figures.rejected_share, 3),
            "per_level": {
                str(level): round(share, 3) for level, share in figures.share_exact_by_level.items()
            },
        }
