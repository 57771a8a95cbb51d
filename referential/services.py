"""Writes to the referential: loading a content release, all or nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from assessments.engine.calibration import initial_irt_parameters
from challenges.models import Attachment, Challenge
from referential.content_release import (
    CONTENT_ROOT,
    ContentInvalid,
    ContentProblem,
    Release,
    read_release,
    self_check,
)
from referential.models import Area, Competence, ContentRelease, Skill, Status, Tube, Tutorial


@dataclass
class LoadResult:
    release: ContentRelease
    created: bool  # False when the files had not changed since the last release
    counts: dict[str, int] = field(default_factory=dict)
    archived: dict[str, int] = field(default_factory=dict)


def release_load(*, root: Path | None = None) -> LoadResult:
    """Validate the content files, self-check every challenge, and load them as a new release.

    Raises ContentInvalid (nothing written) when any file, challenge or self-check fails.
    Loading unchanged files again writes nothing.
    """
    release = read_release(root or CONTENT_ROOT)
    failures = self_check(release)
    if failures:
        raise ContentInvalid(failures)
    last = ContentRelease.objects.order_by("-number").first()
    if last is not None and last.checksum == release.checksum:
        return LoadResult(release=last, created=False, counts=last.summary.get("counts", {}))
    with transaction.atomic():
        return _write(release, number=(last.number + 1) if last else 1)


def _write(release: Release, *, number: int) -> LoadResult:
    content_release = ContentRelease.objects.create(number=number, checksum=release.checksum)
    counts: Counter = Counter()

    position = 0
    areas: dict[str, Area] = {}
    competences: dict[str, Competence] = {}
    for area_entry in release.framework.areas:
        area, _ = Area.objects.update_or_create(
            code=area_entry.code,
            defaults={
                "name_fr": area_entry.name_fr,
                "name_en": area_entry.name_en,
                "colour": area_entry.colour,
            },
        )
        areas[area.code] = area
        for entry in area_entry.competences:
            position += 1
            competences[entry.code], _ = Competence.objects.update_or_create(
                code=entry.code,
                defaults={
                    "area": area,
                    "name_fr": entry.name_fr,
                    "name_en": entry.name_en,
                    "description_fr": entry.description_fr,
                    "description_en": entry.description_en,
                    "position": position,
                },
            )
    counts["areas"] = len(areas)
    counts["competences"] = len(competences)

    tutorials: dict[str, Tutorial] = {}
    for competence_content in release.competences.values():
        for t in competence_content.tutorials:
            tutorials[t.id], _ = Tutorial.objects.update_or_create(
                slug=t.id,
                defaults={
                    "title": t.title,
                    "url": t.url,
                    "source": t.source,
                    "format": t.format,
                    "duration_minutes": t.duration_minutes,
                    "locale": t.locale,
                },
            )
    counts["tutorials"] = len(tutorials)

    # pix value of a skill = 8 / active skills of its level in its competence (spec README).
    active_per_level: Counter = Counter()
    for code, competence_content in release.competences.items():
        for tube in competence_content.tubes:
            for skill in tube.skills:
                if skill.status.value == Status.ACTIVE:
                    active_per_level[(code, skill.level)] += 1

    seen_tubes: set[str] = set()
    seen_skills: set[str] = set()
    seen_challenges: set[str] = set()
    for code, competence_content in release.competences.items():
        competence = competences[code]
        for tube_content in competence_content.tubes:
            tube, _ = Tube.objects.update_or_create(
                name=tube_content.name,
                defaults={
                    "competence": competence,
                    "title": tube_content.title,
                    "description": tube_content.description,
                    "status": Status.ACTIVE,
                },
            )
            seen_tubes.add(tube.name)
            for skill_content in tube_content.skills:
                active = skill_content.status.value == Status.ACTIVE
                skill, _ = Skill.objects.update_or_create(
                    name=skill_content.name,
                    defaults={
                        "tube": tube,
                        "competence": competence,
                        "level": skill_content.level,
                        "status": skill_content.status.value,
                        "hint": skill_content.hint,
                        "pix_numerator": 8 if active else 0,
                        "pix_denominator": active_per_level[(code, skill_content.level)] if active else 1,
                    },
                )
                skill.tutorials.set([tutorials[t] for t in skill_content.tutorials])
                skill.learning_more.set([tutorials[t] for t in skill_content.learning_more])
                seen_skills.add(skill.name)
                for challenge_content in skill_content.challenges:
                    _write_challenge(
                        challenge_content, skill=skill, competence=competence, release=content_release
                    )
                    seen_challenges.add(challenge_content.id)
                    counts["challenges"] += 1
                counts["skills"] += 1
            counts["tubes"] += 1

    # What disappeared from the files is archived, never deleted: answers keep pointing at it.
    archived = {
        "challenges": Challenge.objects.exclude(id__in=seen_challenges)
        .exclude(status=Challenge.Status.ARCHIVED)
        .update(status=Challenge.Status.ARCHIVED),
        "skills": Skill.objects.exclude(name__in=seen_skills)
        .exclude(status=Status.ARCHIVED)
        .update(status=Status.ARCHIVED, pix_numerator=0, pix_denominator=1),
        "tubes": Tube.objects.exclude(name__in=seen_tubes)
        .exclude(status=Status.ARCHIVED)
        .update(status=Status.ARCHIVED),
    }
    content_release.summary = {"counts": dict(counts), "archived": archived}
    content_release.save(update_fields=["summary"])
    return LoadResult(release=content_release, created=True, counts=dict(counts), archived=archived)


def _write_challenge(content, *, skill: Skill, competence: Competence, release: ContentRelease) -> None:
    initial = initial_irt_parameters(level=skill.level)
    challenge, _ = Challenge.objects.update_or_create(
        id=content.id,
        defaults={
            "skill": skill,
            "competence": competence,
            "type": content.type.value,
            "status": content.status.value,
            "instruction": content.instruction,
            "explanation": content.explanation,
            "proposals": list(content.proposals),
            "fields": [
                {
                    "key": f.key,
                    "label": f.label,
                    "kind": f.kind,
                    "options": list(f.options),
                    "placeholder": f.placeholder,
                }
                for f in content.fields
            ],
            "solution": content.checker_solution(),
            "tolerances": list(content.tolerances),
            "format": content.format.value,
            "shuffled": content.shuffled,
            "timer": content.timer,
            "focused": content.focused,
            "illustration": content.illustration.file if content.illustration else "",
            "illustration_alt": content.illustration.alt if content.illustration else "",
            "embed_url": content.embed.url if content.embed else "",
            "embed_title": content.embed.title if content.embed else "",
            "embed_height": content.embed.height if content.embed else None,
            "locales": list(content.locales),
            "alpha": content.alpha if content.alpha is not None else initial.alpha,
            "delta": content.delta if content.delta is not None else initial.delta,
            "alternative_group": skill.name,
            "release": release,
        },
    )
    challenge.attachments.all().delete()
    Attachment.objects.bulk_create(
        Attachment(challenge=challenge, file_name=name, position=i)
        for i, name in enumerate(content.attachments)
    )


__all__ = ["ContentInvalid", "ContentProblem", "LoadResult", "release_load"]
