from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def simulate(*args: str) -> dict:
    out = StringIO()
    call_command("simulate_assessments", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_deterministic_learners_are_measured_exactly_on_the_loaded_content(small_release):
    # 1.1 has skills at every level 1 to 7 (1.2 stops at level 4, so its level-5+ learners cap at 4).
    report = simulate(
        "--mode",
        "competence",
        "--learners",
        "2",
        "--model",
        "deterministic",
        "--seed",
        "3",
        "--competence",
        "1.1",
    )
    assert report["share_exact"] == 1.0
    assert report["share_within_one_level"] == 1.0
    assert set(report["per_competence"]) == {"1.1"}
    assert 0 < report["mean_questions"] <= report["max_questions"]
    assert report["selection_ms_median"] > 0


def test_the_same_seed_gives_the_same_figures(small_release):
    first = simulate("--mode", "campaign", "--learners", "3", "--model", "slip-guess", "--seed", "7")
    second = simulate("--mode", "campaign", "--learners", "3", "--model", "slip-guess", "--seed", "7")
    for key in ("share_exact", "share_within_one_level", "mean_questions", "max_questions", "per_competence"):
        assert first[key] == second[key]


@pytest.mark.parametrize("mode", ["certification-v3", "certification-v2"])
def test_certification_modes_report_certified_levels_against_true_levels(small_release, mode):
    report = simulate("--mode", mode, "--learners", "2", "--seed", "1")
    assert report["candidates"] == 14
    assert 0 <= report["share_exact"] <= report["share_within_one_level"] <= 1
    assert set(report["per_level"]) == {"1", "2", "3", "4", "5", "6", "7"}


def test_an_unknown_competence_is_refused(small_release):
    with pytest.raises(CommandError, match="Unknown competence"):
        call_command("simulate_assessments", "--competence", "9.9")
