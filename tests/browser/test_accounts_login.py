"""Sign-in in a real browser: a student's temporary password, and the block after 10 failures."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, login: str, password: str) -> None:
    page.get_by_label("Adresse e-mail ou identifiant").fill(login)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state()


def test_a_student_first_signs_in_with_the_temporary_password_then_chooses_one(page):
    from accounts.services import user_create_with_username

    student, temporary = user_create_with_username(
        first_name="Léa", last_name="N'Diaye", birthdate=date(2011, 4, 12)
    )
    page.goto("/connexion")
    sign_in(page, student.username, temporary)
    page.wait_for_url("**/mise-a-jour-mot-de-passe-expire**")
    assert page.get_by_role("heading", level=1).inner_text() == "Choisissez votre mot de passe"
    assert "lea.ndiaye1204" in page.content()

    # Any other page leads back here until a password is chosen.
    page.goto("/mon-compte/langue")
    page.wait_for_url("**/mise-a-jour-mot-de-passe-expire**")
    page.goto("/accueil")
    page.wait_for_url("**/mise-a-jour-mot-de-passe-expire?next=%2Faccueil")

    page.locator("#id_password1").fill("Monsecret7")
    page.locator("#id_password2").fill("Monsecret7")
    page.get_by_label("J'accepte les conditions générales d'utilisation de Pix libre.").check()
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.wait_for_url("**/accueil")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bonjour Léa")


def test_ten_wrong_passwords_block_the_account_with_a_message(page, artifacts_dir):
    from tests.accounts.conftest import verify_email
    from tests.factories import UserFactory

    user = UserFactory(email="camille.martin@example.org", first_name="Camille")
    verify_email(user)
    page.goto("/connexion")
    for _ in range(9):
        sign_in(page, user.email, "Mauvais1")
        assert (
            "L'adresse e-mail, l'identifiant ou le mot de passe est incorrect."
            in page.get_by_role("alert").inner_text()
        )
    sign_in(page, user.email, "Mauvais1")
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == "Votre compte est temporairement bloqué. Réessayez dans 2 minutes."
    assert page.get_by_label("Adresse e-mail ou identifiant").input_value() == user.email
    page.screenshot(path=str(artifacts_dir / "login-blocked.png"), full_page=True)

    sign_in(page, user.email, "Motdepasse1")
    assert "temporairement bloqué" in page.get_by_role("alert").inner_text()
