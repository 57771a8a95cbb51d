from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def organization(db):
    return OrganizationFactory(type="PRO")


@pytest.fixture
def teacher(organization):
    return MembershipFactory(organization=organization, role="ADMIN").user


@pytest.fixture
def target_profile(small_release):
    from campaigns.models import TargetProfile, TargetProfileTube
    from referential.models import Tube

    profile = TargetProfile.objects.create(name="Recherche – niveaux 1 à 3", category="COMPETENCES")
    TargetProfileTube.objects.create(target_profile=profile, tube=Tube.objects.get(name="@alpha"), level=3)
    TargetProfileTube.objects.create(target_profile=profile, tube=Tube.objects.get(name="@beta"), level=2)
    return profile


@pytest.fixture
def campaign(organization, teacher, target_profile):
    from campaigns.services import campaign_create

    return campaign_create(
        organization=organization,
        creator=teacher,
        name="Classe de 3e A",
        type="ASSESSMENT",
        target_profile=target_profile,
    )
