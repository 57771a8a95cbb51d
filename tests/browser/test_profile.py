"""The learner's home, profile and competence details in a real browser, on the real content."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.learners.conftest import give_level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def camille(db):
    """A learner like the demo one, a few weeks into Pix: some competences done, one in progress."""
    from referential.services import release_load

    release_load()
    learner = UserFactory(email="camille@example.org", first_name="Camille", last_name="Martin")
    give_level(learner, "1.1", 3, days_ago=12, partial=True)
    give_level(learner, "1.2", 2, days_ago=9)
    give_level(learner, "2.1", 1, completed=False, days_ago=1, partial=True)
    give_level(learner, "3.1", 2, days_ago=2, partial=True)
    give_level(learner, "4.2", 4, days_ago=20)
    give_level(learner, "5.1", 1, completed=False, days_ago=0.2)
    return learner


@pytest.fixture
def log_in(page, live_server):
    """Sign the learner in with the session cookie of Django's test client, then open the home page."""

    def log_in(user) -> None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        page.goto("/accueil")

    return log_in


def csp_errors(page) -> list[str]:
    return [error for error in page.console_errors if "Content Security Policy" in error]


def test_the_home_page_greets_the_learner_and_offers_to_resume(page, log_in, camille, artifacts_dir):
    log_in(camille)
    assert page.get_by_role("heading", level=1).inner_text() == "Bonjour Camille !"
    resume = page.locator(".resume-card")
    assert resume.count() == 2  # 2.1 and 5.1 are in progress
    assert (
        resume.first.get_by_role("link", name="Reprendre").get_attribute("href") == "/competences/5.1/evaluer"
    )
    assert page.get_by_text("Vous êtes certifiable").count() == 1  # six competences at level 1 or more
    assert page.locator("form[action='/campagnes'] input[name=code]").count() == 1
    assert page.locator("nav.site-nav a[aria-current=page]").inner_text() == "Accueil"
    page.screenshot(path=str(artifacts_dir / "home.png"), full_page=True)
    assert not csp_errors(page)


def test_the_profile_shows_sixteen_petals_and_cards_and_leads_to_a_competence_by_keyboard(
    page, log_in, camille, artifacts_dir
):
    log_in(camille)
    page.goto("/competences")
    assert page.locator("svg.profile-chart__svg g.petal").count() == 16
    assert page.locator("svg.profile-chart__svg path.petal__fill").count() == 6
    assert page.locator(".competence-card").count() == 16
    assert page.locator("nav.site-nav a[aria-current=page]").inner_text() == "Compétences"
    page.screenshot(path=str(artifacts_dir / "profile.png"), full_page=True)
    assert not csp_errors(page)

    # Keyboard only: tab to the card of 4.2 and open it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/competences/4.2/details":
            break
    else:
        pytest.fail("the card of competence 4.2 is not reachable with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url("**/competences/4.2/details")
    assert page.locator(".level-ring__value").inner_text() == "4"


def test_a_competence_page_shows_the_level_and_lets_the_learner_retry_and_save_a_tutorial(
    page, log_in, camille, artifacts_dir
):
    log_in(camille)
    page.goto("/competences/1.1/details")
    assert "1.1" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".level-ring__value").inner_text() == "3"
    assert page.get_by_role("button", name="Retenter").count() == 1  # 12 days after the last answer
    assert page.get_by_role("link", name="Remettre à zéro").count() == 1
    tutorials = page.locator(".tuto-card")
    assert tutorials.count() >= 1
    page.screenshot(path=str(artifacts_dir / "competence-details.png"), full_page=True)
    assert not csp_errors(page)

    # Save the first tutorial with the keyboard: focus its button, press Enter, come back to it.
    first = tutorials.first
    first.locator("button").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("Tutoriel enregistré")
    assert page.locator(".tuto-card").first.locator("button.bookmark--saved").count() == 1
    page.goto("/mes-tutos/enregistres")
    assert page.locator(".tuto-card").count() == 1
    page.screenshot(path=str(artifacts_dir / "tutorials.png"), full_page=True)


def test_a_reset_is_confirmed_on_its_own_page_before_it_happens(page, log_in, camille):
    log_in(camille)
    page.goto("/competences/4.2/details")
    page.get_by_role("link", name="Remettre à zéro").click()
    page.wait_for_url("**/competences/4.2/remise-a-zero")
    page.get_by_role("button", name="Oui, remettre à zéro").click()
    page.wait_for_url("**/competences/4.2/details")
    assert page.locator(".level-ring__value").inner_text() == "0"
    assert page.get_by_role("link", name="Commencer").count() == 1
