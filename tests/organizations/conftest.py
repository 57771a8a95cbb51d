from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def school(db):
    return OrganizationFactory(name="Collège Jules-Ferry", external_id="0750001A", is_managing_students=True)


@pytest.fixture
def university(db):
    return OrganizationFactory(
        name="Université de Lutèce", type="SUP", external_id="", is_managing_students=True
    )


@pytest.fixture
def admin(school):
    return MembershipFactory(organization=school, role="ADMIN").user


@pytest.fixture
def other_user(db):
    return UserFactory()
