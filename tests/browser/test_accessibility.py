"""Every portal's main pages pass axe-core's WCAG 2.1 A and AA rules (axe-core vendored, no network)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state()
    assert axe_violations(page) == [], url


@pytest.mark.parametrize(
    "url", ["/", "/connexion", "/inscription", "/mot-de-passe-oublie", "/orga/", "/certif/", "/cgu"]
)
def test_public_pages_have_no_wcag_violation(audited_page, url):
    assert_accessible(audited_page, url)


def test_the_learner_pages_have_no_wcag_violation(audited_page, client, live_server, small_release, learner):
    from assessments import services

    assessment = services.competence_evaluation_start_or_resume(user=learner, competence_code="1.1")
    challenge = services.assessment_next_challenge(assessment=assessment)
    services.answer_save(assessment=assessment, challenge_id=challenge.id, value="1")
    sign_in_as(audited_page, client=client, live_server=live_server, user=learner)
    for url in (
        "/accueil",
        "/competences",
        "/competences/1.1/details",
        "/mes-tutos",
        "/mon-compte/informations-personnelles",
        f"/assessments/{assessment.pk}/challenges/2",
        f"/assessments/{assessment.pk}/checkpoint",
    ):
        assert_accessible(audited_page, url)


def test_the_orga_and_certif_pages_have_no_wcag_violation(audited_page, client, live_server):
    from tests.factories import CenterMembershipFactory, MembershipFactory

    membership = MembershipFactory(role="ADMIN", organization__is_managing_students=True)
    center_membership = CenterMembershipFactory(user=membership.user, role="ADMIN")
    sign_in_as(audited_page, client=client, live_server=live_server, user=membership.user)
    organization_id = membership.organization_id
    for url in (
        f"/orga/{organization_id}/",
        f"/orga/{organization_id}/equipe",
        f"/orga/{organization_id}/eleves",
    ):
        assert_accessible(audited_page, url)
    audited_page.goto("/certif/")
    assert center_membership.center.name in audited_page.content() or audited_page.url.endswith("/certif/")
    assert axe_violations(audited_page) == []
