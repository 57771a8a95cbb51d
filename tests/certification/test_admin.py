import pytest
from django.urls import reverse

from certification.models import Session
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.factories import CertificationCenterFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_sessions_with_status_filter_and_search(admin_client):
    session = SessionFactory(address="Lycée Curie")
    CandidateFactory(session=session, last_name="Lovelace")
    SessionFactory(address="Ailleurs", finalized_at="2026-01-01T10:00:00Z")
    url = reverse("admin:certification_session_changelist")
    html = admin_client.get(url, {"statut": "created"}).content.decode()
    assert "Lycée Curie" in html and "Ailleurs" not in html
    assert "Lycée Curie" in admin_client.get(url, {"q": "Curie"}).content.decode()
    detail = admin_client.get(
        reverse("admin:certification_session_change", args=[session.pk])
    ).content.decode()
    assert "Lovelace" in detail  # candidates inline


def test_a_session_added_in_the_admin_gets_its_codes(admin_client):
    center = CertificationCenterFactory()
    response = admin_client.post(
        reverse("admin:certification_session_add"),
        {
            "center": center.pk,
            "address": "Site",
            "room": "Salle",
            "examiner": "X",
            "date": "2099-01-01",
            "time": "10:00",
            "version": 3,
            "candidates-TOTAL_FORMS": 0,
            "candidates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, (
        [str(e) for e in response.context["errors"]] if response.context else ""
    )
    session = Session.objects.get()
    assert len(session.access_code) == 6 and len(session.invigilator_password) == 6
    assert session.center_name == center.name


def test_the_admin_lists_candidates(admin_client):
    CandidateFactory(last_name="Hopper")
    html = admin_client.get(
        reverse("admin:certification_candidate_changelist"), {"q": "hopper"}
    ).content.decode()
    assert "Hopper" in html
