"""An author previews a QCU and a QROCM-ind with the keyboard only, and sees the verdict."""

from __future__ import annotations

import pytest

from tests.challenges.factories import (
    AttachmentFactory,
    ChallengeFactory,
    SkillFactory,
    TutorialFactory,
    select_field,
    text_field,
    yaml_lists,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 40


@pytest.fixture
def signed_in_page(page, client, live_server):
    client.force_login(UserFactory(is_staff=True, first_name="Alix"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def tab_until(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def test_an_author_answers_a_qcu_with_the_keyboard_and_sees_it_is_right(signed_in_page, artifacts_dir):
    page = signed_in_page
    tutorial = TutorialFactory(
        title="Comment fonctionne un moteur de recherche", source="Wikipédia", duration_minutes=10
    )
    challenge = ChallengeFactory(
        id="ch-1-1-motscles1-a",
        skill=SkillFactory(tutorials=[tutorial], level=1),
        instruction=(
            "L'image montre une fenêtre de navigateur ouverte sur la page d'accueil d'un moteur de recherche.\n"
            "Quatre zones sont numérotées.\n\n"
            "Vous connaissez l'adresse exacte du site **www.service-public.fr** et vous voulez y aller "
            "directement. Dans quelle zone tapez-vous cette adresse ?"
        ),
        illustration="1-1-navigateur-zones.svg",
        illustration_alt="Fenêtre de navigateur avec quatre zones numérotées de 1 à 4.",
        proposals=["Dans la zone 1", "Dans la zone 2", "Dans la zone 3", "Dans la zone 4"],
        solution="2",
        timer=60,
        explanation=(
            "La zone 2 est la **barre d'adresse** du navigateur : on y tape l'adresse d'un site pour l'ouvrir "
            "directement. La zone 3 est le champ du moteur de recherche."
        ),
    )
    page.goto(f"/challenges/{challenge.id}/preview")
    assert page.get_by_role("heading", level=1).inner_text() == f"Épreuve {challenge.id}"
    assert page.get_by_role(
        "img", name="Fenêtre de navigateur avec quatre zones numérotées de 1 à 4."
    ).is_visible()

    tab_until(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")  # moves to, and selects, the second proposal
    page.keyboard.press("Space")
    assert page.get_by_label("Dans la zone 2").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Je valide"
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    verdict = page.locator("#verdict")
    assert "Bonne réponse" in verdict.inner_text()
    assert page.locator(".verdict__status").inner_text() == "ok"
    assert page.get_by_role("link", name="Comment fonctionne un moteur de recherche").is_visible()
    page.screenshot(path=str(artifacts_dir / "preview-qcu.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_an_author_answers_a_qrocm_ind_with_the_keyboard_and_sees_each_field_checked(
    signed_in_page, artifacts_dir
):
    page = signed_in_page
    challenge = ChallengeFactory(
        id="ch-2-2-droitspartage5-b",
        qrocm_ind=True,
        skill=SkillFactory(level=5, tutorials=[TutorialFactory(title="Partager un fichier en ligne")]),
        instruction=(
            "Le fichier joint est le rapport de partage de l'espace en ligne d'un club de tennis.\n"
            "Un fichier placé dans un dossier hérite du partage de ce dossier.\n"
            "1. Combien de **fichiers** (pas de dossiers) peuvent être ouverts par toute personne disposant "
            "d'un lien ?\n"
            "2. Lequel de ces fichiers contient des données personnelles qui ne devraient pas être "
            "accessibles ainsi ?"
        ),
        fields=[
            text_field("nombre", "Nombre de fichiers accessibles par lien"),
            select_field(
                "fichier",
                "Fichier à protéger",
                ["budget-2025.xlsx", "liste-adherents.xlsx", "reglement-interieur.pdf"],
            ),
        ],
        solution=yaml_lists({"nombre": ["4", "quatre"], "fichier": ["liste-adherents.xlsx"]}),
        explanation=(
            "Le dossier « Photos du club » est partagé par lien : ses trois fichiers le sont aussi, en plus de "
            "reglement-interieur.pdf, soit 4 fichiers. Parmi eux, liste-adherents.xlsx contient des données "
            "personnelles : il faut le sortir de ce dossier."
        ),
    )
    AttachmentFactory(challenge=challenge, file_name="2-2-partages-drive.csv")
    page.goto(f"/challenges/{challenge.id}/preview")
    assert page.get_by_role("link", name="2-2-partages-drive.csv").is_visible()

    # Nothing typed: the error is announced and tied to the inputs.
    tab_until(page, "button[value=answer]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    error = page.locator("#answer-error")
    assert error.inner_text().endswith("Pour valider, remplissez tous les champs. Sinon, passez.")
    assert (
        page.get_by_label("Nombre de fichiers accessibles par lien").get_attribute("aria-describedby")
        == "answer-error"
    )

    tab_until(page, "#answer-nombre")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#answer-fichier").input_value() == "liste-adherents.xlsx"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert "Mauvaise réponse" in page.locator("#verdict").inner_text()
    assert page.locator(".verdict__status").inner_text() == "ko"
    wrong = page.locator(".answer-line--wrong")
    assert wrong.locator(".answer-line__mark").inner_text() == "✗"
    assert (
        wrong.locator(".answer-line__label")
        .inner_text()
        .startswith("Nombre de fichiers accessibles par lien")
    )
    assert wrong.locator(".answer-line__value").inner_text() == "3"
    assert page.locator(".answer-line--right .answer-line__value").inner_text() == "liste-adherents.xlsx"
    expected = page.locator(".correction__block--expected .answer-line__value")
    assert expected.all_inner_texts() == ["4", "liste-adherents.xlsx"]
    page.screenshot(path=str(artifacts_dir / "preview-qrocm.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
