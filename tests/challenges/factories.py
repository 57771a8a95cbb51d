"""factory-boy factories for the referential and challenges (one trait per challenge type)."""

from __future__ import annotations

import json

import factory

from challenges.models import Attachment, Challenge
from referential.models import Area, Competence, ContentRelease, Skill, Tube, Tutorial


def yaml_lists(mapping: dict[str, list[str]]) -> str:
    """A QROCM solution in the checker's format: key, then its accepted variants."""
    lines: list[str] = []
    for key, variants in mapping.items():
        lines.append(f"{key}:")
        lines.extend(f"- {json.dumps(variant, ensure_ascii=False)}" for variant in variants)
    return "\n".join(lines) + "\n"


def text_field(key: str, label: str, placeholder: str = "") -> dict:
    return {"key": key, "label": label, "kind": "text", "options": [], "placeholder": placeholder}


def select_field(key: str, label: str, options: list[str]) -> dict:
    return {"key": key, "label": label, "kind": "select", "options": options, "placeholder": ""}


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(n % 90 + 10))
    name_fr = factory.Sequence(lambda n: f"Domaine {n}")
    name_en = factory.Sequence(lambda n: f"Area {n}")
    colour = "#1f6fd1"


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n // 9 % 9 + 1}.{n % 9 + 1}")
    area = factory.SubFactory(AreaFactory)
    name_fr = factory.Sequence(lambda n: f"Mener une recherche n°{n}")
    name_en = factory.Sequence(lambda n: f"Search n°{n}")
    description_fr = "Rechercher des informations."
    description_en = "Search for information."
    position = factory.Sequence(lambda n: n)


class TubeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tube

    name = factory.Sequence(lambda n: f"@sujet{n}")
    competence = factory.SubFactory(CompetenceFactory)
    title = "Opérateurs de recherche"
    description = "Utiliser les guillemets et le signe moins."


class TutorialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tutorial

    slug = factory.Sequence(lambda n: f"tuto-{n}")
    title = factory.Sequence(lambda n: f"Tutoriel n°{n}")
    url = factory.Sequence(lambda n: f"https://example.org/tutoriels/{n}")
    source = "Wikipédia"
    format = "page"
    duration_minutes = 5


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        skip_postgeneration_save = True

    tube = factory.SubFactory(TubeFactory)
    competence = factory.SelfAttribute("tube.competence")
    level = 2
    name = factory.LazyAttribute(lambda skill: f"{skill.tube.name}{skill.level}")
    hint = "Les guillemets imposent une expression exacte."
    pix_numerator = 8
    pix_denominator = 1

    @factory.post_generation
    def tutorials(self, create: bool, extracted: list[Tutorial] | None, **kwargs: object) -> None:
        if create and extracted:
            self.tutorials.set(extracted)

    @factory.post_generation
    def learning_more(self, create: bool, extracted: list[Tutorial] | None, **kwargs: object) -> None:
        if create and extracted:
            self.learning_more.set(extracted)


class ContentReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentRelease

    number = factory.Sequence(lambda n: n + 1)
    checksum = factory.Sequence(lambda n: f"{n:064x}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A QCU by default; `ChallengeFactory(qcm=True)`, `qroc=True`, `qrocm_ind=True`, `qrocm_dep=True`."""

    class Meta:
        model = Challenge

    class Params:
        qcm = factory.Trait(
            type=Challenge.Type.QCM,
            instruction="Quels mots sont des **mots-clés** utiles ?",
            proposals=["caféine", "sommeil", "quels", "adolescents"],
            solution="1,2,4",
        )
        qroc = factory.Trait(
            type=Challenge.Type.QROC,
            instruction="Quelle est la capitale de la France ?",
            proposals=[],
            fields=[text_field("ville", "Ville", placeholder="Par exemple : Lyon")],
            solution="Paris\nLutèce",
            tolerances=["t1", "t2"],
        )
        qrocm_ind = factory.Trait(
            type=Challenge.Type.QROCM_IND,
            instruction="Relevez le sommet et choisissez le pays.",
            proposals=[],
            fields=[
                text_field("sommet", "Sommet"),
                select_field("pays", "Pays", ["France", "Italie", "Suisse"]),
            ],
            solution=yaml_lists({"sommet": ["Mont Blanc", "le mont Blanc"], "pays": ["France"]}),
            tolerances=["t1", "t2"],
        )
        qrocm_dep = factory.Trait(
            type=Challenge.Type.QROCM_DEP,
            instruction="Recopiez le nom des **deux** fichiers son.",
            proposals=[],
            fields=[text_field("son1", "Premier fichier son"), text_field("son2", "Second fichier son")],
            solution=yaml_lists(
                {"groupe1": ["generique.mp3", "generique"], "groupe2": ["chant-oiseaux.ogg", "chant-oiseaux"]}
            ),
            tolerances=["t1", "t2"],
        )

    id = factory.Sequence(lambda n: f"ch-test-{n}")
    skill = factory.SubFactory(SkillFactory)
    competence = factory.SelfAttribute("skill.competence")
    type = Challenge.Type.QCU
    status = Challenge.Status.VALIDATED
    instruction = "Vous cherchez l'expression exacte **pain perdu**. Que tapez-vous ?"
    explanation = "Les guillemets demandent au moteur l'expression exacte."
    proposals = factory.LazyFunction(lambda: ["pain perdu", '"pain perdu"', "pain + perdu"])
    fields = factory.LazyFunction(list)
    solution = "2"
    tolerances = factory.LazyFunction(list)
    locales = factory.LazyFunction(lambda: ["fr"])
    alpha = 1.5
    delta = 0.0
    alternative_group = factory.LazyAttribute(lambda challenge: challenge.skill.name)
    release = factory.SubFactory(ContentReleaseFactory)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    challenge = factory.SubFactory(ChallengeFactory)
    file_name = "1-1-etude-boisson.pdf"
    position = 0
