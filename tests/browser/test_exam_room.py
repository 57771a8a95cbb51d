"""The day of the exam in real browsers: an invigilator and three candidates, each in their own browser.

The invigilator logs in with the session number and password and confirms the three candidates; one
answers a few questions, one leaves and is authorised to resume, one reports a problem that the
invigilator validates. The invigilator's list and the candidates' waiting pages refresh by themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from assessments.models import Answer, Assessment
from assessments.selectors import forget_referential_snapshot
from certification.models import IssueReport, LiveAlert
from challenges.models import Challenge
from tests.browser.conftest import CHROMIUM_FLAGS  # noqa: F401  (the same browser set-up)
from tests.certification.exam_fixtures import make_candidate, make_session, write_exam_release
from tests.certification.factories import CandidateFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 15_000  # the pages ask the server every 3 to 5 seconds

QUESTIONS = [
    (
        "Vous cherchez des informations sur la **migration des hirondelles** entre l'Europe et l'Afrique.\n\n"
        "Quelle requête donne les résultats les plus précis ?",
        ["migration hirondelles Europe Afrique", "les hirondelles", "oiseaux qui partent"],
    ),
    (
        "Un courriel vous demande de **confirmer votre mot de passe** en cliquant sur un lien. Que faites-vous ?",
        [
            "Je ne clique pas et je supprime le message",
            "Je clique et je donne mon mot de passe",
            "Je réponds en donnant mon mot de passe",
        ],
    ),
    (
        "Dans un tableur, quelle formule calcule la **somme** des cellules A1 à A10 ?",
        ["=SOMME(A1:A10)", "=A1+A10", "=TOTAL(A1;A10)"],
    ),
    (
        "Vous partagez un document avec un camarade **sans qu'il puisse le modifier**. Quel droit lui donnez-vous ?",
        ["Lecteur", "Éditeur", "Propriétaire"],
    ),
    (
        "Quel format de fichier garde la **mise en page** d'un document, quel que soit l'ordinateur qui l'ouvre ?",
        ["PDF", "TXT", "CSV"],
    ),
    (
        "Pour protéger votre compte, quel mot de passe est le plus **robuste** ?",
        ["Lune-Velo-Cactus-42!", "motdepasse", "123456"],
    ),
]


@pytest.fixture
def room(db, tmp_path):
    from referential.services import release_load

    release_load(root=write_exam_release(tmp_path / "exam-content"))
    challenges = list(Challenge.objects.order_by("id"))
    for index, challenge in enumerate(challenges):
        challenge.instruction, challenge.proposals = QUESTIONS[index % len(QUESTIONS)]
    Challenge.objects.bulk_update(challenges, ["instruction", "proposals"])
    forget_referential_snapshot()
    session = make_session(address="Bâtiment A", room="Salle B12", center__name="Lycée Jean Moulin")
    people = {}
    for first, last in (("Camille", "Bernard"), ("Léa", "Martin"), ("Yanis", "Petit")):
        user = UserFactory(first_name=first, last_name=last)
        people[first] = make_candidate(session, user=user, first_name=first, last_name=last)
    CandidateFactory(session=session, first_name="Inès", last_name="Moreau")  # enrolled, not arrived yet
    return session, people


@pytest.fixture
def new_context(browser, live_server) -> Iterator:
    contexts = []

    def make(user=None):
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.console_errors = []
        page.on("console", lambda m, p=page: p.console_errors.append(m.text) if m.type == "error" else None)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def csp_errors(*pages) -> list[str]:
    return [e for page in pages for e in page.console_errors if "Content Security Policy" in e]


def type_access_code(page, session) -> None:
    page.goto("/certifications")
    page.get_by_role("textbox", name="Code d'accès").fill(session.access_code.lower())
    page.get_by_role("button", name=re.compile("(Commencer|Reprendre) mon test")).click()


def seat(page, name: str):
    return page.locator("[data-candidate]").filter(has_text=name)


def answer_question(page, *, right: bool = True) -> None:
    if page.get_by_role("button", name="Commencer", exact=True).count():
        page.get_by_role("button", name="Commencer", exact=True).click()
    title = page.locator("#question-title").inner_text()
    page.locator("#proposal-1" if right else "#proposal-2").check()
    page.get_by_role("button", name="Je valide").click()
    page.wait_for_function("(t) => document.querySelector('#question-title')?.innerText !== t", arg=title)


def test_an_invigilator_and_three_candidates_take_the_exam(room, new_context, artifacts_dir):
    session, people = room
    invigilator = new_context()

    # The invigilator: the session number and the password, no Pix account.
    invigilator.goto("/certif/surveillance")
    invigilator.get_by_label("Numéro de session").fill(str(session.pk))
    invigilator.get_by_label("Mot de passe de la session").fill("wrong1")
    invigilator.get_by_role("button", name="Accéder à la surveillance").click()
    assert (
        "Le numéro de session ou le mot de passe est incorrect."
        in invigilator.get_by_role("alert").inner_text()
    )
    invigilator.get_by_label("Mot de passe de la session").fill(session.invigilator_password)
    invigilator.get_by_role("button", name="Accéder à la surveillance").click()
    invigilator.wait_for_url(f"**/certif/surveillance/{session.pk}")
    assert invigilator.get_by_role("heading", level=1).inner_text() == f"Session n°{session.pk}"
    assert invigilator.locator(".room-code__value").inner_text() == session.access_code
    assert invigilator.locator("[data-candidate]").count() == 4

    # The three candidates type the code and wait for the invigilator.
    camille, lea, yanis = (new_context(people[name].user) for name in ("Camille", "Léa", "Yanis"))
    for page in (camille, lea, yanis):
        type_access_code(page, session)
        assert (
            page.get_by_role("heading", level=1).inner_text() == "En attente de l'autorisation du surveillant"
        )
    camille.screenshot(path=str(artifacts_dir / "certification-waiting.png"), full_page=True)

    # The invigilator confirms each presence (with the keyboard for the first one).
    button = seat(invigilator, "Camille").get_by_role("button", name=re.compile("Confirmer la présence"))
    button.focus()
    invigilator.keyboard.press("Enter")
    seat(invigilator, "Camille").get_by_text("Présence confirmée").wait_for()
    assert "Présence de Camille Bernard confirmée" in invigilator.locator("[data-toast]").inner_text()
    for name in ("Léa", "Yanis"):
        seat(invigilator, name).get_by_role("button", name=re.compile("Confirmer la présence")).click()
        seat(invigilator, name).get_by_text("Présence confirmée").wait_for()

    # Each waiting page enters the test by itself.
    for page in (camille, lea, yanis):
        page.wait_for_url(re.compile(r"/certifications/\d+$"), timeout=LIVE)
        page.locator("#question-title").wait_for()

    # Camille answers a few questions: no correction, the next question comes.
    for index in range(3):
        answer_question(camille, right=index != 1)
    assert camille.locator("#question-title").inner_text().startswith("Question 4")
    camille.screenshot(path=str(artifacts_dir / "certification-challenge.png"), full_page=True)

    # Léa answers once, then leaves (another browser): she needs the invigilator to come back.
    answer_question(lea)
    lea.context.close()
    lea = new_context(people["Léa"].user)
    lea.goto("/certifications")
    assert lea.get_by_role("heading", level=1).inner_text() == "Reprendre votre test"
    type_access_code(lea, session)
    assert "le surveillant doit autoriser sa reprise" in lea.locator("main").inner_text()
    menu = seat(invigilator, "Léa")
    menu.locator("summary").click()
    menu.get_by_role("button", name="Autoriser la reprise").click()
    lea.wait_for_url(re.compile(r"/certifications/\d+$"), timeout=LIVE)
    assert lea.locator("#question-title").inner_text().startswith("Question 2")

    # Yanis reports a problem: he waits, the invigilator's list shows it by itself.
    if yanis.get_by_role("button", name="Commencer", exact=True).count():
        yanis.get_by_role("button", name="Commencer", exact=True).click()
    reported = yanis.locator("input[name=challenge]").first.get_attribute("value")
    yanis.get_by_role("button", name="Signaler un problème").click()
    assert yanis.get_by_role("heading", name="En attente du surveillant").is_visible()
    alert_box = seat(invigilator, "Yanis").locator(".seat__alert")
    alert_box.wait_for(timeout=LIVE)
    assert "Signalement sur la question 1" in alert_box.inner_text()
    assert (
        invigilator.locator("[data-announcer]")
        .inner_text()
        .strip()
        .endswith("Yanis Petit signale un problème sur la question 1.")
    )
    invigilator.screenshot(path=str(artifacts_dir / "invigilator.png"), full_page=True)
    yanis.screenshot(path=str(artifacts_dir / "certification-alert.png"), full_page=True)

    alert_box.get_by_label("Problème constaté").select_option("IMAGE_NOT_DISPLAYING")
    alert_box.get_by_role("button", name="Valider : nouvelle question").click()
    seat(invigilator, "Yanis").locator(".seat__alert").wait_for(state="detached")
    yanis.locator("#question-title").wait_for(timeout=LIVE)
    assert yanis.locator("input[name=challenge]").first.get_attribute("value") != reported
    alert = LiveAlert.objects.get()
    assert alert.status == LiveAlert.Status.VALIDATED and alert.subcategory == "IMAGE_NOT_DISPLAYING"
    assert IssueReport.objects.get().question_number == 1

    # The invigilator ends Camille's test: her page shows the end screen at her next step.
    menu = seat(invigilator, "Camille")
    menu.locator("summary").click()
    menu.get_by_role("button", name="Terminer le test").click()
    seat(invigilator, "Camille").get_by_text("Terminé par le surveillant").wait_for()
    camille.reload()
    assert camille.get_by_role("heading", level=1).inner_text() == "Le surveillant a mis fin à votre test"
    camille.screenshot(path=str(artifacts_dir / "certification-end.png"), full_page=True)

    assert Answer.objects.filter(assessment__user=people["Camille"].user).count() == 3
    assert Assessment.objects.filter(type="CERTIFICATION").count() == 3
    assert not csp_errors(invigilator, camille, lea, yanis)


def test_a_candidate_joins_reads_the_rules_and_types_the_code_with_the_keyboard(
    room, new_context, artifacts_dir
):
    session, people = room
    user = UserFactory(first_name="Inès", last_name="Moreau")
    from tests.certification.exam_fixtures import make_certifiable

    make_certifiable(user)
    page = new_context(user)
    page.goto("/certifications")
    assert page.get_by_role("heading", level=1).inner_text() == "Rejoindre une session de certification"
    assert page.evaluate("document.activeElement.id") == "join-title"
    page.get_by_label("Numéro de session").fill(f"{session.pk}x")
    page.get_by_label("Prénom").fill("ines")
    page.get_by_label("Nom de naissance").fill("MOREAU")
    page.get_by_label("Jour").fill("14")
    page.get_by_label("Mois").fill("3")
    page.get_by_label("Année").fill("2008")
    page.get_by_role("button", name="Rejoindre la session").click()
    assert page.get_by_text("Le numéro de session ne contient que des chiffres.").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    page.screenshot(path=str(artifacts_dir / "certification-join.png"), full_page=True)
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Jour").fill("14")
    page.get_by_label("Mois").fill("3")
    page.get_by_label("Année").fill("2008")
    page.get_by_role("button", name="Rejoindre la session").press("Enter")

    page.wait_for_url("**/certifications")
    assert page.get_by_role("heading", level=1).inner_text() == "Avant de commencer : les règles du test"
    page.screenshot(path=str(artifacts_dir / "certification-instructions.png"), full_page=True)
    page.get_by_label("J'ai lu et compris ces instructions").check()
    page.get_by_role("button", name="Continuer").press("Enter")

    page.wait_for_url("**/certifications")
    assert page.get_by_role("heading", level=1).inner_text() == "Saisissez le code d'accès"
    page.get_by_role("textbox", name="Code d'accès").fill("ZZZZ99")
    page.get_by_role("button", name="Commencer mon test").click()
    assert "Ce code d'accès ne correspond pas à votre session." in page.get_by_role("alert").inner_text()
    page.screenshot(path=str(artifacts_dir / "certification-access-code.png"), full_page=True)
    assert not csp_errors(page)
