import pytest
from django.test import Client

from certification.models import CenterMembership, Session
from pix.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_centre_has_one_future_session_whose_codes_seed_demo_prints_and_it_is_idempotent():
    accounts = seed_demo()
    again = seed_demo()
    session = Session.objects.get()
    assert session.center.enrols_students  # the demo school manages its students
    assert session.date > session.created_at.date()
    printed = {account.login: account.password for account in again}
    assert printed[str(session.pk)] == session.invigilator_password
    assert session.access_code in printed
    assert [a.login for a in accounts] == [a.login for a in again]


def test_the_demo_referent_lands_straight_on_the_sessions_list():
    seed_demo()
    membership = CenterMembership.objects.get(user__email="referent@example.org")
    assert membership.terms_accepted_at is not None
    client = Client()
    client.force_login(membership.user)
    response = client.get("/certif/", follow=True)
    assert response.redirect_chain[-1][0] == f"/certif/centres/{membership.center_id}/"
    assert response.status_code == 200
    assert [s.pk for s in response.context["upcoming"]] == [Session.objects.get().pk]
