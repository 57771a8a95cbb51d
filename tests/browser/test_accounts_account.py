"""/mon-compte in a real browser: the sub-navigation, the e-mail change by code, the language."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(page, live_server):
    from tests.accounts.conftest import verify_email
    from tests.factories import UserFactory

    user = UserFactory(email="camille.martin@example.org", first_name="Camille", last_name="Martin")
    verify_email(user)
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill(user.email)
    page.locator("#id_password").fill("Motdepasse1")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url("**/accueil")
    page.user = user
    return page


def test_a_learner_changes_their_email_with_the_code_sent_to_the_new_address(signed_in_page, artifacts_dir):
    page = signed_in_page
    page.get_by_role("link", name="Mon compte").click()
    page.wait_for_url("**/mon-compte/informations-personnelles")
    nav = page.get_by_role("navigation", name="Mon compte")
    assert nav.get_by_role("link", name="Informations personnelles").get_attribute("aria-current") == "page"

    nav.get_by_role("link", name="Méthodes de connexion").click()
    page.get_by_label("Nouvelle adresse e-mail").fill("camille@example.org")
    page.locator("#id_password").fill("Motdepasse1")
    page.screenshot(path=str(artifacts_dir / "account.png"), full_page=True)
    page.get_by_role("button", name="Recevoir un code").click()
    page.wait_for_url("**/mon-compte/methodes-de-connexion/code")

    code = re.search(r"\b([2-9]{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Code reçu par e-mail").fill("222222" if code != "222222" else "333333")
    page.get_by_role("button", name="Confirmer").click()
    assert "Il vous reste 4 essais" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Code reçu par e-mail").get_attribute("aria-invalid") == "true"

    page.get_by_label("Code reçu par e-mail").fill(code)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/mon-compte/methodes-de-connexion")
    assert "Votre adresse e-mail est désormais camille@example.org." in page.content()
    assert not [error for error in page.console_errors if "Content Security Policy" in error]


def test_choosing_english_turns_the_site_english(signed_in_page):
    page = signed_in_page
    page.goto("/mon-compte/langue")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
