"""Useful target profiles for schools, and a demo campaign (called by ``seed_demo``; idempotent)."""

from __future__ import annotations

from django.db import transaction

from campaigns.models import Badge, BadgeCriterion, Campaign, Stage, TargetProfile, TargetProfileTube
from referential.models import Competence, Status, Tube

COLLEGE_LEVEL = 4
THIRD_GRADE_COMPETENCES = ("1.1", "1.3", "2.1", "3.1", "4.1", "4.2")
THIRD_GRADE_LEVEL = 3
TERMINALE_LEVEL = 5

STAGES = (
    (0, "Premiers pas", "Vous débutez ce parcours : chaque question vous fait découvrir un nouveau sujet."),
    (30, "En progression", "Vous maîtrisez déjà une partie des acquis de ce parcours."),
    (60, "Solide", "Vous maîtrisez la majorité des acquis de ce parcours."),
    (90, "Expert du parcours", "Vous maîtrisez la quasi-totalité des acquis de ce parcours."),
)


@transaction.atomic
def seed_target_profiles() -> list[TargetProfile]:
    """One profile per competence (levels 1 to 4, for collège), a "3e" profile and a "Terminale" one.

    Does nothing when no content is loaded yet.
    """
    tubes = list(Tube.objects.filter(status=Status.ACTIVE).select_related("competence"))
    if not tubes:
        return []
    profiles = []
    for competence in Competence.objects.order_by("position"):
        profiles.append(
            _profile(
                name=f"Collège – {competence.code} {competence.name_fr}",
                category=TargetProfile.Category.COMPETENCES,
                description=f"Les sujets de la compétence {competence.code}, du niveau 1 au niveau {COLLEGE_LEVEL}.",
                caps={t: COLLEGE_LEVEL for t in tubes if t.competence_id == competence.pk},
            )
        )
    third = _profile(
        name="3e – Les compétences numériques essentielles",
        category=TargetProfile.Category.PREDEFINED,
        description="Six compétences travaillées au collège (recherche, tableur, courriel, texte, sécurité, "
        "données personnelles), jusqu'au niveau 3 : une bonne préparation à la certification de 3e.",
        caps={t: THIRD_GRADE_LEVEL for t in tubes if t.competence.code in THIRD_GRADE_COMPETENCES},
        resettable=True,
    )
    terminale = _profile(
        name="Terminale – Vers la certification",
        category=TargetProfile.Category.PREDEFINED,
        description="Les seize compétences jusqu'au niveau 5, pour se préparer à la certification de Terminale.",
        caps=dict.fromkeys(tubes, TERMINALE_LEVEL),
        resettable=True,
    )
    for profile in (third, terminale):
        _stages(profile)
    _security_badge(third)
    return [*profiles, third, terminale]


def _profile(
    *, name: str, category: str, description: str, caps: dict, resettable: bool = False
) -> TargetProfile:
    profile, created = TargetProfile.objects.get_or_create(
        name=name,
        defaults={
            "category": category,
            "description": description,
            "are_knowledge_elements_resettable": resettable,
        },
    )
    if created or not profile.campaigns.exists():
        profile.tubes.all().delete()
        TargetProfileTube.objects.bulk_create(
            TargetProfileTube(target_profile=profile, tube=tube, level=level) for tube, level in caps.items()
        )
    return profile


def _stages(profile: TargetProfile) -> None:
    if profile.stages.exists():
        return
    Stage.objects.bulk_create(
        Stage(
            target_profile=profile, threshold=threshold, title=title, message=message, prescriber_title=title
        )
        for threshold, title, message in STAGES
    )


def _security_badge(profile: TargetProfile) -> None:
    badge, _created = Badge.objects.get_or_create(
        key="3e-securite",
        defaults={
            "target_profile": profile,
            "title": "Vigilant en ligne",
            "message": "Vous savez protéger vos comptes et vos données personnelles.",
            "alt_message": "Badge Vigilant en ligne",
        },
    )
    if not badge.criteria.exists():
        tubes = profile.tubes.filter(tube__competence__code__in=("4.1", "4.2")).values_list(
            "tube__name", "level"
        )
        BadgeCriterion.objects.create(
            badge=badge,
            scope=BadgeCriterion.Scope.CAPPED_TUBES,
            threshold=70,
            name="Sécurité et données personnelles",
            capped_tubes=[{"tube": name, "level": level} for name, level in tubes],
        )


def seed_demo_campaign(*, organization, owner) -> Campaign | None:
    """The demo school's campaign on the "3e" profile, created once."""
    from campaigns.services import campaign_create

    profile = TargetProfile.objects.filter(name__startswith="3e –").first()
    if profile is None:
        return None
    existing = Campaign.objects.filter(
        organization=organization, name="3e A – Compétences essentielles"
    ).first()
    if existing is not None:
        return existing
    return campaign_create(
        organization=organization,
        creator=owner,
        name="3e A – Compétences essentielles",
        type=Campaign.Type.ASSESSMENT,
        target_profile=profile,
        title="Compétences numériques de 3e",
        custom_landing_page_text="Ce parcours fait le point sur six compétences numériques travaillées en 3e. "
        "Répondez sans stress : les questions s'adaptent à votre niveau.",
    )
