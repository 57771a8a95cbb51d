"""The first content release itself: what it promises every competence, and that it checks itself."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from referential.content_release import coverage, features, read_release, self_check


@pytest.fixture(scope="module")
def release():
    return read_release()


def test_the_release_covers_the_sixteen_competences(release):
    assert list(release.competences) == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "4.1",
        "4.2",
        "4.3",
        "5.1",
        "5.2",
    ]


def test_every_competence_has_four_tubes_twenty_one_skills_and_every_level_to_seven(release):
    problems = {cov.code: cov.problems for cov in coverage(release) if cov.problems}
    assert problems == {}


def test_every_challenge_accepts_its_solution_and_rejects_the_wrong_answers(release):
    assert [str(failure) for failure in self_check(release)] == []


def test_the_release_uses_every_type_and_every_presentation(release):
    counts = features(release)
    for challenge_type in ("QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"):
        assert counts.get(f"type {challenge_type}", 0) > 0, challenge_type
    assert counts["with attachments"] >= 40
    assert counts["timed"] >= 20
    assert counts["focused"] >= 20
    assert counts["with illustration"] >= 30
    simulators = {c.embed.url for *_rest, c in release.iter_challenges() if c.embed}
    assert len(simulators) >= 5


@pytest.mark.django_db
def test_the_report_shows_the_loaded_release_with_no_self_check_failure():
    call_command("load_referential", stdout=StringIO())
    out = StringIO()
    call_command("referential_report", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["competences"] == 16 and report["areas"] == 5
    assert report["self_check_failures"] == 0
    assert report["skills_without_tutorial"] == []
    assert report["skills_with_fewer_than_two_challenges"] == []
    assert all(count >= 21 for count in report["skills"]["per_competence"].values())
