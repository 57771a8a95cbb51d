import pytest
from django.utils import timezone

from certification.models import CenterMembership, CertificationCenter
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.factories import CenterMembershipFactory, CertificationCenterFactory, OrganizationFactory


@pytest.fixture
def school(db):
    return OrganizationFactory(type="SCO", is_managing_students=True, name="Collège Voltaire")


@pytest.fixture
def center(school):
    return CertificationCenterFactory(
        type=CertificationCenter.Type.SCO, organization=school, name="Centre Voltaire"
    )


@pytest.fixture
def membership(center) -> CenterMembership:
    return CenterMembershipFactory(center=center, terms_accepted_at=timezone.now())


@pytest.fixture
def member(membership):
    return membership.user


@pytest.fixture
def session(center):
    return SessionFactory(center=center)


@pytest.fixture
def candidate(session):
    return CandidateFactory(session=session)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
