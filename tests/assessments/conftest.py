"""A small content release, loaded through the real loader, for assessment tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from referential.content_release import CONTENT_ROOT

RIGHT, WRONG = "1", "2"  # every challenge of the small release is a QCU whose solution is proposal 1


def small_competence(code: str, tubes: dict[str, range], *, timed: set[str] = frozenset()) -> dict:
    slug = code.replace(".", "-")
    return {
        "competence": code,
        "tutorials": [
            {
                "id": f"tuto-{slug}",
                "title": f"Tutoriel {code}",
                "url": "https://fr.wikipedia.org/wiki/Informatique",
                "source": "Wikipédia",
                "format": "page",
                "duration_minutes": 5,
            }
        ],
        "tubes": [
            {
                "name": tube,
                "title": f"Sujet {tube}",
                "description": "Un sujet.",
                "skills": [
                    {
                        "name": f"{tube}{level}",
                        "level": level,
                        "hint": "Un indice.",
                        "tutorials": [f"tuto-{slug}"],
                        "challenges": [
                            {
                                "id": f"ch-{slug}-{tube[1:].lower()}{level}-{letter}",
                                "type": "QCU",
                                "instruction": f"Question {tube}{level}{letter} ?",
                                "explanation": "La première proposition est juste.",
                                "proposals": ["Juste", "Faux", "Encore faux"],
                                "solution": 1,
                                **({"timer": 30} if f"{tube}{level}" in timed else {}),
                            }
                            for letter in "ab"
                        ],
                    }
                    for level in levels
                ],
            }
            for tube, levels in tubes.items()
        ],
    }


def write_small_release(root: Path, *, timed: set[str] = frozenset()) -> Path:
    (root / "competences").mkdir(parents=True)
    (root / "attachments").mkdir()
    (root / "illustrations").mkdir()
    shutil.copy(CONTENT_ROOT / "areas.yaml", root / "areas.yaml")
    competences = {
        "1.1": {"@alpha": range(1, 6), "@beta": range(1, 6), "@gamma": range(2, 8), "@delta": range(1, 4)},
        "1.2": {"@epsilon": range(1, 4), "@zeta": range(1, 5)},
    }
    for code, tubes in competences.items():
        data = small_competence(code, tubes, timed=timed)
        (root / "competences" / f"{code}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return root


@pytest.fixture
def small_release(db, tmp_path):
    from referential.services import release_load

    release_load(root=write_small_release(tmp_path / "content", timed={"@delta2"}))


@pytest.fixture
def learner(db):
    from tests.factories import UserFactory

    return UserFactory()
