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


def test_the_demo_learner_has_levels_and_a_seat_in_the_demo_session_once(small_release):
    from accounts.models import User
    from assessments.selectors import scorecards_of
    from certification.models import Candidate
    from pix.demo import DEMO_PROGRESS

    seed_demo()
    seed_demo()
    learner = User.objects.get(email="eleve@example.org")
    levels = {card.competence: card.level for card in scorecards_of(user=learner)}
    # The small release has content for 1.1 and 1.2 only; the real one reaches 5 certifiable competences.
    assert (levels["1.1"], levels["1.2"]) == (DEMO_PROGRESS["1.1"], DEMO_PROGRESS["1.2"])
    candidate = Candidate.objects.get(session=Session.objects.get(), last_name=learner.last_name)
    assert candidate.first_name == learner.first_name
