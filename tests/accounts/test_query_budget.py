"""The login and /mon-compte pages cost a fixed number of queries, however many accounts exist."""

from __future__ import annotations

import pytest

from tests.accounts.conftest import PASSWORD, login_form, verify_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "/mon-compte/informations-personnelles",
    "/mon-compte/methodes-de-connexion",
    "/mon-compte/mot-de-passe",
    "/mon-compte/langue",
    "/mon-compte/suppression",
]


@pytest.fixture(params=[0, 60], ids=["few-accounts", "many-accounts"])
def others(request, db):
    people = UserFactory.create_batch(request.param)
    for person in people:
        verify_email(person)
    return people


def test_the_login_page_is_served_with_at_most_the_site_lookup(client, others, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/connexion").status_code == 200


def test_signing_in_costs_a_fixed_number_of_queries(client, learner, others, django_assert_max_num_queries):
    # site, user, e-mail verified?, session (3 with its savepoint), last login, session again (3)
    with django_assert_max_num_queries(11):
        assert login_form(client, learner.email, PASSWORD)["Location"] == "/accueil"


def test_a_failed_sign_in_costs_a_fixed_number_of_queries(
    client, learner, others, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert login_form(client, learner.email, "Mauvais1").status_code == 200


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_each_account_page_costs_a_fixed_number_of_queries(
    client, learner, others, url, django_assert_max_num_queries
):
    client.force_login(learner)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
