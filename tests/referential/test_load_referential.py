from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from challenges.models import Challenge
from referential.content_release import CONTENT_ROOT, ContentInvalid, read_release
from referential.models import Area, Competence, ContentRelease, Skill, Tube, Tutorial
from referential.services import release_load

pytestmark = pytest.mark.django_db


def qcu(challenge_id: str, solution: int = 1) -> dict:
    return {
        "id": challenge_id,
        "type": "QCU",
        "instruction": "Quelle est la bonne réponse ?",
        "explanation": "Parce que.",
        "proposals": ["Oui", "Non", "Peut-être"],
        "solution": solution,
    }


def qroc(challenge_id: str, answers: list[str], wrong: list[str]) -> dict:
    return {
        "id": challenge_id,
        "type": "QROC",
        "instruction": "Quel sommet ?",
        "explanation": "C'est lui.",
        "fields": [{"key": "sommet", "label": "Sommet", "solution": answers}],
        "wrong_answers": wrong,
    }


def skill(tube: str, level: int, *challenges: dict, status: str = "actif") -> dict:
    return {
        "name": f"{tube}{level}",
        "level": level,
        "hint": "Un indice.",
        "status": status,
        "tutorials": ["tuto-test"],
        "challenges": list(challenges),
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A tiny release: two competences of area 1 written, the framework copied from the real one."""
    root = tmp_path / "content"
    (root / "competences").mkdir(parents=True)
    (root / "attachments").mkdir()
    (root / "illustrations").mkdir()
    shutil.copy(CONTENT_ROOT / "areas.yaml", root / "areas.yaml")
    write_competence(
        root,
        "1.1",
        [
            {
                "name": "@moteur",
                "title": "Moteurs",
                "description": "Chercher.",
                "skills": [
                    skill("@moteur", 1, qcu("ch-t-moteur1-a"), qcu("ch-t-moteur1-b", 2)),
                    skill("@moteur", 2, qroc("ch-t-moteur2-a", ["Le Râteau", "Râteau"], ["La Meije"])),
                ],
            },
            {
                "name": "@source",
                "title": "Sources",
                "description": "Évaluer.",
                "skills": [
                    skill("@source", 1, qcu("ch-t-source1-a")),
                    skill("@source", 2, qcu("ch-t-source2-a")),
                    skill("@source", 3, qcu("ch-t-source3-a")),
                ],
            },
            {
                "name": "@veille",
                "title": "Veille",
                "description": "Suivre.",
                "skills": [
                    skill("@veille", 2, qcu("ch-t-veille2-a")),
                ],
            },
        ],
    )
    return root


def write_competence(root: Path, code: str, tubes: list[dict]) -> None:
    data = {
        "competence": code,
        "tutorials": [
            {
                "id": "tuto-test",
                "title": "Un tutoriel",
                "url": "https://fr.wikipedia.org/wiki/Moteur_de_recherche",
                "source": "Wikipédia",
                "format": "page",
                "duration_minutes": 5,
            }
        ],
        "tubes": tubes,
    }
    (root / "competences" / f"{code}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


def database_state() -> list:
    return [
        list(Area.objects.values_list("code", "name_fr", "colour").order_by("code")),
        list(Competence.objects.values_list("code", "position").order_by("code")),
        list(Tube.objects.values_list("name", "status").order_by("name")),
        list(
            Skill.objects.values_list("name", "status", "pix_numerator", "pix_denominator").order_by("name")
        ),
        list(Challenge.objects.values_list("id", "status", "solution", "alpha", "delta").order_by("id")),
        list(Tutorial.objects.values_list("slug", "url").order_by("slug")),
        list(ContentRelease.objects.values_list("number", "checksum")),
    ]


def test_loading_creates_the_framework_and_the_content(content):
    result = release_load(root=content)
    assert result.created and result.release.number == 1
    assert Area.objects.count() == 5 and Competence.objects.count() == 16
    assert Challenge.objects.get(id="ch-t-moteur2-a").solution == "Le Râteau\nRâteau"
    assert Skill.objects.get(name="@moteur2").tutorials.get().slug == "tuto-test"


def test_loading_twice_changes_nothing(content):
    release_load(root=content)
    before = database_state()
    second = release_load(root=content)
    assert not second.created
    assert database_state() == before


def test_every_level_of_a_competence_is_worth_eight_pix(content):
    release_load(root=content)
    level_two = Skill.objects.filter(competence__code="1.1", level=2)
    assert {s.pix_value for s in level_two} == {Fraction(8, 3)}
    assert sum(s.pix_value for s in level_two) == 8
    assert Skill.objects.get(name="@source3").pix_value == 8


def test_uncalibrated_challenges_get_irt_parameters_from_their_skill_level(content):
    release_load(root=content)
    easy, hard = Challenge.objects.get(id="ch-t-source1-a"), Challenge.objects.get(id="ch-t-source3-a")
    assert easy.alpha > 0 and hard.delta > easy.delta


def test_challenges_that_disappear_are_archived_not_deleted(content):
    release_load(root=content)
    data = yaml.safe_load((content / "competences" / "1.1.yaml").read_text())
    data["tubes"][2]["skills"] = [skill("@veille", 2, qcu("ch-t-veille2-b"))]
    (content / "competences" / "1.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    result = release_load(root=content)
    assert result.release.number == 2
    assert Challenge.objects.get(id="ch-t-veille2-a").status == Challenge.Status.ARCHIVED
    assert Challenge.objects.get(id="ch-t-veille2-b").status == Challenge.Status.VALIDATED
    assert Challenge.objects.get(id="ch-t-veille2-b").release.number == 2


def test_an_archived_skill_is_worth_nothing_and_its_level_is_shared_by_the_others(content):
    data = yaml.safe_load((content / "competences" / "1.1.yaml").read_text())
    data["tubes"][2]["skills"][0]["status"] = "archivé"
    (content / "competences" / "1.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    release_load(root=content)
    assert Skill.objects.get(name="@veille2").pix_value == 0
    assert Skill.objects.get(name="@moteur2").pix_value == 4


def test_invalid_content_is_refused_whole_with_the_file_and_the_challenge_named(content):
    release_load(root=content)
    before = database_state()
    data = yaml.safe_load((content / "competences" / "1.1.yaml").read_text())
    data["tubes"][0]["skills"][0]["challenges"][0]["solution"] = 7  # only three proposals
    data["tubes"][1]["skills"][0]["challenges"][0]["instruction"] = "Changée"
    (content / "competences" / "1.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentInvalid) as error:
        release_load(root=content)
    problem = error.value.problems[0]
    assert problem.file == "1.1.yaml" and problem.where == "ch-t-moteur1-a"
    assert "outside the 3 proposals" in problem.message
    assert database_state() == before


def test_a_challenge_that_accepts_a_listed_wrong_answer_is_refused(content):
    data = yaml.safe_load((content / "competences" / "1.1.yaml").read_text())
    data["tubes"][0]["skills"][1]["challenges"][0]["wrong_answers"] = ["le rateau"]  # equivalent under t1
    (content / "competences" / "1.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentInvalid, match="the wrong answer 'le rateau' is accepted"):
        release_load(root=content)
    assert not ContentRelease.objects.exists()


def test_a_missing_attachment_is_named(content):
    data = yaml.safe_load((content / "competences" / "1.1.yaml").read_text())
    data["tubes"][0]["skills"][0]["challenges"][0]["attachments"] = ["1-1-absent.xlsx"]
    (content / "competences" / "1.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(
        ContentInvalid, match=r"ch-t-moteur1-a\]: missing attachment attachments/1-1-absent.xlsx"
    ):
        read_release(content)


def test_a_duplicate_challenge_id_across_files_is_refused(content):
    write_competence(
        content,
        "1.2",
        [
            {
                "name": "@dossier",
                "title": "Dossiers",
                "description": "Ranger.",
                "skills": [
                    skill("@dossier", 1, qcu("ch-t-moteur1-a")),
                ],
            }
        ],
    )
    with pytest.raises(ContentInvalid, match="challenge id also used in 1.1.yaml"):
        read_release(content)


def test_the_command_reports_refused_content_as_an_error(content, monkeypatch):
    monkeypatch.setattr("referential.services.CONTENT_ROOT", content)
    (content / "competences" / "1.1.yaml").write_text("competence: '1.1'\ntubes: [", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_referential")
