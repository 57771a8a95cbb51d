"""Reads of the referential."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q

from challenges.models import Challenge
from referential.content_release import ContentInvalid, read_release, self_check
from referential.models import Area, Competence, ContentRelease, Skill, Status, Tube, Tutorial


def referential_report() -> dict:
    """The state of the loaded content at a glance (``manage.py referential_report --json``)."""
    active_skills = Skill.objects.filter(status=Status.ACTIVE)
    per_competence: dict[str, dict] = {}
    levels_per_competence: dict[str, Counter] = defaultdict(Counter)
    for code, level in active_skills.values_list("competence__code", "level"):
        levels_per_competence[code][level] += 1
    for competence in Competence.objects.order_by("position"):
        levels = levels_per_competence[competence.code]
        per_competence[competence.code] = {
            "skills": sum(levels.values()),
            "per_level": {str(level): levels[level] for level in sorted(levels)},
        }
    challenges = Challenge.objects.all()
    playable = challenges.filter(status=Challenge.Status.VALIDATED)
    last = ContentRelease.objects.order_by("-number").first()
    return {
        "release": {"number": last.number, "checksum": last.checksum} if last else None,
        "areas": Area.objects.count(),
        "competences": Competence.objects.count(),
        "tubes": Tube.objects.filter(status=Status.ACTIVE).count(),
        "skills": {
            "total": active_skills.count(),
            "per_competence": {code: data["skills"] for code, data in per_competence.items()},
            "per_level": dict(sorted(Counter(active_skills.values_list("level", flat=True)).items())),
        },
        "skills_per_level_per_competence": {code: data["per_level"] for code, data in per_competence.items()},
        "challenges": {
            "total": challenges.count(),
            "per_type": dict(Counter(playable.values_list("type", flat=True))),
            "per_status": dict(Counter(challenges.values_list("status", flat=True))),
            "timed": playable.filter(timer__isnull=False).count(),
            "focused": playable.filter(focused=True).count(),
            "with_attachments": playable.filter(attachments__isnull=False).distinct().count(),
            "with_illustrations": playable.exclude(illustration="").count(),
            "with_simulators": playable.exclude(embed_url="").count(),
        },
        "tutorials": Tutorial.objects.count(),
        "skills_without_tutorial": list(
            active_skills.annotate(n=Count("tutorials")).filter(n=0).values_list("name", flat=True)
        ),
        "skills_with_fewer_than_two_challenges": list(
            active_skills.annotate(
                n=Count("challenges", filter=Q(challenges__status=Challenge.Status.VALIDATED))
            )
            .filter(n__lt=2)
            .values_list("name", flat=True)
        ),
        "self_check_failures": _self_check_failures(),
    }


def _self_check_failures() -> int:
    """Challenges of the content files that reject their own solution or accept a wrong answer."""
    try:
        return len({failure.where for failure in self_check(read_release())})
    except ContentInvalid as error:
        return len(error.problems)
