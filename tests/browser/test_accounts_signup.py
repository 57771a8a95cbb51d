"""Sign-up in a real browser: the form, the verification link from the mailbox, the first login."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Motdepasse1"


def verification_path() -> str:
    for message in mail.outbox:
        found = re.search(r"https?://[^/\s]+(/verification-email/[-:\w]+)", message.body)
        if found:
            return found.group(1)
    raise AssertionError("no verification e-mail was sent")


def test_a_visitor_signs_up_verifies_the_address_and_lands_on_home(page, artifacts_dir):
    page.goto("/inscription")
    assert page.get_by_role("heading", level=1).inner_text() == "Créer un compte"

    # Sending the empty form names every missing field, and the first error is announced.
    page.get_by_role("button", name="Créer mon compte").click()
    summary = page.get_by_role("alert")
    assert "Saisissez votre prénom." in summary.inner_text()
    assert page.get_by_label("Prénom").get_attribute("aria-invalid") == "true"
    summary.get_by_role("link", name="Saisissez votre adresse e-mail.").click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    page.goto("/inscription")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Moreau")
    page.get_by_label("Adresse e-mail").fill("ines.moreau@example.org")
    password = page.locator("#id_password1")
    password.fill("Motdepas")
    rules = page.locator("#id_password1_rules")
    assert "is-met" in rules.locator("[data-rule=length]").get_attribute("class")
    assert "is-met" not in (rules.locator("[data-rule=digit]").get_attribute("class") or "")
    page.screenshot(path=str(artifacts_dir / "signup.png"), full_page=True)
    password.fill(PASSWORD)
    page.get_by_role("button", name="Afficher le mot de passe").click()
    assert password.get_attribute("type") == "text"
    page.get_by_label("J'accepte les conditions générales d'utilisation de Pix libre.").check()
    page.get_by_role("button", name="Créer mon compte").click()

    page.wait_for_url("**/inscription/verification-envoyee")
    assert page.get_by_role("heading", level=1).inner_text() == "Confirmez votre adresse e-mail"
    subjects = {message.subject for message in mail.outbox}
    assert "Bienvenue sur Pix libre" in subjects

    page.goto(verification_path())
    page.get_by_role("button", name="Confirmer mon adresse e-mail").click()
    page.wait_for_url("**/accueil")
    assert "Votre adresse e-mail ines.moreau@example.org est confirmée." in page.content()

    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("ines.moreau@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url("**/accueil")
    assert not [error for error in page.console_errors if "Content Security Policy" in error]
