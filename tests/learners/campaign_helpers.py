"""Campaigns for the learner's pages: a school that manages its students (restricted campaigns, with an
imported student to reconcile) and a company that does not (open campaigns), on the small release."""

from __future__ import annotations

import datetime
import re

import pytest

from campaigns.models import Campaign, TargetProfile, TargetProfileTube
from organizations.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory
from tests.organizations.factories import OrganizationLearnerFactory

BIRTHDATE = datetime.date(2011, 3, 14)
TITLE = "Compétences numériques de 3e"


def make_profile(
    name: str = "Recherche – niveaux 1 à 5", caps: dict[str, int] | None = None
) -> TargetProfile:
    from referential.models import Tube

    profile = TargetProfile.objects.create(name=name, category=TargetProfile.Category.COMPETENCES)
    for tube, level in (caps or {"@alpha": 5, "@beta": 5, "@gamma": 7, "@delta": 3}).items():
        TargetProfileTube.objects.create(
            target_profile=profile, tube=Tube.objects.get(name=tube), level=level
        )
    return profile


def make_campaign(organization: Organization, profile: TargetProfile | None = None, **fields) -> Campaign:
    from campaigns.services import campaign_create

    creator = MembershipFactory(organization=organization, role="ADMIN").user
    arguments = {
        "name": "Classe de 3e A",
        "type": Campaign.Type.ASSESSMENT if profile is not None else Campaign.Type.PROFILES_COLLECTION,
        "target_profile": profile,
        **fields,
    }
    return campaign_create(organization=organization, creator=creator, **arguments)


@pytest.fixture
def school(db):
    return OrganizationFactory(
        name="Collège Jules-Ferry", type=Organization.Type.SCO, is_managing_students=True
    )


@pytest.fixture
def company(db):
    return OrganizationFactory(name="Association Les Petits Débrouillards", type=Organization.Type.PRO)


@pytest.fixture
def profile(small_release):
    return make_profile()


@pytest.fixture
def school_campaign(school, profile):
    return make_campaign(
        school,
        profile,
        title=TITLE,
        custom_landing_page_text="Ce parcours fait le point sur **la recherche d'information**.",
    )


@pytest.fixture
def open_campaign(company, profile):
    return make_campaign(company, profile, name="Atelier numérique", title="Atelier numérique")


@pytest.fixture
def student(school):
    """The school's imported student that the learner's account will be reconciled with."""
    return OrganizationLearnerFactory(
        organization=school, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE, division="3A"
    )


def reconcile_data(**overrides) -> dict[str, str]:
    return {
        "first_name": "Léa",
        "last_name": "Martin",
        "day": str(BIRTHDATE.day),
        "month": str(BIRTHDATE.month),
        "year": str(BIRTHDATE.year),
        **overrides,
    }


def assessment_id_in(location: str) -> int:
    return int(re.search(r"/assessments/(\d+)/", location).group(1))
