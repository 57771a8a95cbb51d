"""A learner takes the test of competence 1.1 with the keyboard only, up to the end page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assessments.models import Answer
from assessments.selectors import forget_referential_snapshot
from challenges.models import Challenge
from referential.models import Tutorial
from tests.assessments.conftest import write_small_release
from tests.factories import UserFactory
from tests.learners.player_helpers import change_challenge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 40
MAX_QUESTIONS = 40

# Questions in the words of the real content, so that screenshots show what a learner reads.
# The first proposal is always the right one (the small release's solution is "1").
QUESTIONS = [
    (
        "Vous cherchez des informations sur la **migration des hirondelles** entre l'Europe et l'Afrique.\n\n"
        "Quelle requête donne les résultats les plus précis ?",
        ["migration hirondelles Europe Afrique", "les hirondelles", "oiseaux qui partent"],
    ),
    (
        "Sur la page d'un article en ligne, où trouve-t-on le plus souvent la **date de sa dernière mise à jour** ?",
        [
            "En haut ou en bas de l'article, près du nom de l'auteur",
            "Dans la barre d'adresse",
            "Dans le titre de l'onglet",
        ],
    ),
    (
        "Vous voulez trouver l'expression exacte *énergie renouvelable*. Que tapez-vous dans le moteur de recherche ?",
        ['"énergie renouvelable"', "énergie + renouvelable", "énergie OU renouvelable"],
    ),
    (
        "Quel indice permet le mieux de juger de la **fiabilité** d'un article trouvé en ligne ?",
        [
            "L'auteur est identifié et ses sources sont citées",
            "L'article a été beaucoup partagé",
            "La page contient beaucoup d'images",
        ],
    ),
    (
        "Pour suivre les nouveautés d'un site sans aller le consulter chaque jour, vous pouvez utiliser…",
        ["un flux RSS", "l'historique du navigateur", "la navigation privée"],
    ),
    (
        "Vous cherchez uniquement des **documents PDF** sur le compostage. Quelle requête utilisez-vous ?",
        ["compostage filetype:pdf", "compostage.pdf", "pdf OU compostage"],
    ),
    (
        "Un résultat de recherche porte la mention « Sponsorisé ». Qu'est-ce que cela signifie ?",
        [
            "Le site a payé pour apparaître à cette place",
            "C'est le résultat le plus fiable",
            "Le site est un service public",
        ],
    ),
    (
        "Vous cherchez des recettes à base de pommes, mais **sans compote**. Quelle requête tapez-vous ?",
        ["recette pommes -compote", "recette pommes +compote", "recette pommes compote"],
    ),
    (
        "Laquelle de ces adresses est celle d'un **site public français** ?",
        ["www.legifrance.gouv.fr", "www.legifrance-info.com", "www.legifrance.fr.net"],
    ),
    (
        "Que permet une **alerte** créée sur un moteur de recherche ?",
        [
            "Recevoir par courriel les nouveaux résultats sur un sujet",
            "Bloquer les sites dangereux",
            "Rendre la recherche plus rapide",
        ],
    ),
    (
        "Pour vérifier qu'une photo qui circule n'a pas été sortie de son contexte, vous pouvez…",
        [
            "faire une recherche d'image inversée",
            "l'agrandir pour mieux la voir",
            "la télécharger sur votre ordinateur",
        ],
    ),
]


def dress_up_release() -> None:
    """Give the small release's questions real wording (same solutions), and its tutorial a real title."""
    challenges = list(Challenge.objects.filter(competence__code__in=["1.1", "1.2"]).order_by("id"))
    for index, challenge in enumerate(challenges):
        instruction, proposals = QUESTIONS[index % len(QUESTIONS)]
        challenge.instruction = instruction
        challenge.proposals = proposals
        challenge.explanation = (
            f"La bonne réponse est « {proposals[0]} ». Une requête précise, avec des mots-clés choisis, "
            "donne des résultats plus pertinents ; les autres propositions mènent à des résultats trop larges "
            "ou hors sujet."
        )
    Challenge.objects.bulk_update(challenges, ["instruction", "proposals", "explanation"])
    Tutorial.objects.filter(slug="tuto-1-1").update(
        title="Bien choisir ses mots-clés dans un moteur de recherche", source="Pix libre", duration_minutes=4
    )
    Tutorial.objects.filter(slug="tuto-1-2").update(title="Organiser ses fichiers", source="Pix libre")
    forget_referential_snapshot()


@pytest.fixture
def release(db, tmp_path):
    from referential.services import release_load

    # competence 1.2 is entirely timed: its first question shows the countdown
    timed = {f"@epsilon{level}" for level in range(1, 4)} | {f"@zeta{level}" for level in range(1, 5)}
    release_load(root=write_small_release(tmp_path / "content", timed={"@delta2", *timed}))
    dress_up_release()


@pytest.fixture
def learner_page(page, live_server, release):
    learner = UserFactory(first_name="Camille")
    client = Client()
    client.force_login(learner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def tab_until(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def answer_with_the_keyboard(page, *, right: bool) -> None:
    """Tab to the proposals, pick one with the arrows and Space, Tab to "Je valide", press Enter."""
    tab_until(page, "input[name=answer]")
    if not right:
        page.keyboard.press("ArrowDown")  # moves to, and selects, the second proposal (a wrong one)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Je valide"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def csp_errors(page) -> list[str]:
    return [error for error in page.console_errors if "Content Security Policy" in error]


def test_a_learner_takes_a_test_with_the_keyboard_only_up_to_the_results(learner_page, artifacts_dir):
    page = learner_page
    page.goto("/competences/1.1/evaluer")
    assert re.search(r"/assessments/\d+/challenges/1$", page.url)
    # Focus starts on the question's heading.
    assert page.evaluate("document.activeElement.id") == "question-title"
    assert page.get_by_role("heading", level=1).inner_text() == "Question 1"
    assert page.get_by_text("1 sur 5 avant le prochain bilan").is_visible()

    # A validation without any choice: the error is announced and nothing moves on.
    tab_until(page, "button[value=answer]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert (
        page.get_by_role("alert")
        .inner_text()
        .endswith("Pour valider, sélectionnez une réponse. Sinon, passez.")
    )
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert page.url.endswith("/challenges/1")

    answers_given = 0
    saw_checkpoint = False
    for _ in range(MAX_QUESTIONS):
        if "/checkpoint" in page.url:
            heading = page.get_by_role("heading", level=1)
            assert heading.inner_text() == "Vos résultats"
            assert page.evaluate("document.activeElement.id") == "checkpoint-title"
            if page.get_by_role("link", name="Voir mon résultat").count():
                break
            if not saw_checkpoint:
                saw_checkpoint = True
                rows = page.locator(".answer-row")
                assert rows.count() == 5
                assert rows.nth(0).locator(".answer-row__verdict").inner_text() == "Bonne réponse"
                assert rows.nth(1).locator(".answer-row__verdict").inner_text() == "Mauvaise réponse"
                assert rows.nth(1).locator(".answer-row__mark").inner_text() == "✗"
                page.screenshot(path=str(artifacts_dir / "checkpoint.png"), full_page=True)

                # Open the correction of the wrong answer, with the keyboard.
                tab_until(page, ".answer-row:nth-child(2) .answer-row__link")
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert page.get_by_role("heading", level=1).inner_text() == "Réponse à la question 2"
                assert page.locator(".verdict").inner_text().strip().endswith("Mauvaise réponse")
                assert page.get_by_role("heading", name="Réponse attendue").is_visible()
                assert page.get_by_role(
                    "link", name="Bien choisir ses mots-clés dans un moteur de recherche"
                ).is_visible()
                page.screenshot(path=str(artifacts_dir / "correction.png"), full_page=True)
                tab_until(page, ".player-back a")
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert "/checkpoint" in page.url
            tab_until(page, "a.btn")
            assert focused_text(page) == "Continuer le test"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            continue
        if page.get_by_role("button", name="Commencer").count():
            # A timed question's warning page: the countdown starts on "Commencer".
            assert "chronométrée" in page.locator(".player-intro").inner_text()
            tab_until(page, "button[value=start]")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.locator("[data-timer]").is_visible()
        if answers_given:  # (the first question is shown again with its error, focus on the choices)
            assert page.evaluate("document.activeElement.id") == "question-title"
        if answers_given == 2:
            page.screenshot(path=str(artifacts_dir / "challenge.png"), full_page=True)
        if page.locator(".alert--level-up").count():
            page.screenshot(path=str(artifacts_dir / "challenge-level-up.png"))
        # Right, wrong, right, right, wrong… through at least one checkpoint.
        answer_with_the_keyboard(page, right=answers_given % 3 != 1)
        answers_given += 1
    else:
        raise AssertionError("the test never ended")

    assert saw_checkpoint
    assert page.locator(".answer-row").count() == answers_given  # the final checkpoint lists every answer
    tab_until(page, "a.btn")
    assert focused_text(page) == "Voir mon résultat"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/competences/1\.1/resultats/\d+$", page.url)
    message = page.locator(".result-hero__message").inner_text()
    assert re.fullmatch(
        r"Vous avez obtenu le niveau \d pour cette compétence et avez gagné \d+ pix\.", message.strip()
    ), message
    assert page.get_by_role("heading", level=1).inner_text() == "Félicitations !"
    assert page.get_by_role("link", name="Revenir à mes compétences").get_attribute("href") == "/competences"
    assert page.get_by_role("link", name="Revenir à l'accueil").get_attribute("href") == "/accueil"
    page.screenshot(path=str(artifacts_dir / "end.png"), full_page=True)
    assert not csp_errors(page)


def test_a_timed_question_shows_its_countdown_after_the_warning_page(learner_page, artifacts_dir):
    page = learner_page
    page.goto("/competences/1.2/evaluer")
    assert "Cette question est chronométrée : vous aurez 30 secondes pour y répondre." in page.content()
    page.screenshot(path=str(artifacts_dir / "challenge-timed-warning.png"))
    tab_until(page, "button[value=start]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    timer = page.locator("[data-timer]")
    assert timer.is_visible()
    first = int(timer.locator("[data-timer-value]").inner_text().split()[0])
    assert 25 <= first <= 30
    page.wait_for_function(
        "(start) => parseInt(document.querySelector('[data-timer-value]').textContent) < start", arg=first
    )
    # A reload neither restarts the countdown nor shows the warning again.
    page.reload()
    assert page.locator("[data-timer]").is_visible()
    assert int(page.locator("[data-timer-value]").inner_text().split()[0]) < 30
    page.screenshot(path=str(artifacts_dir / "challenge-timed.png"), full_page=True)
    assert not csp_errors(page)


def first_question_made(page, **fields) -> str:
    """Open the first question of 1.1, then give its challenge `fields` (a timer, the focused flag)."""
    page.goto("/competences/1.1/evaluer")
    challenge_id = page.locator("[data-player-form] input[name=challenge]").get_attribute("value")
    change_challenge(challenge_id, **fields)
    page.reload()
    return challenge_id


def test_the_countdown_sends_the_answer_by_itself_when_it_reaches_zero(learner_page):
    page = learner_page
    challenge_id = first_question_made(page, timer=2)
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    page.locator("#proposal-2").check()  # a wrong proposal
    page.wait_for_url(re.compile(r"/challenges/2$"), timeout=8_000)  # nobody pressed "Je valide"
    stored = Answer.objects.get(challenge_id=challenge_id)
    assert stored.timeout < 0
    assert stored.result == "ko"
    assert "Le temps de la question 1 était écoulé" in page.locator(".messages").inner_text()


def test_leaving_a_focused_question_is_shown_calmly_and_sent_with_the_answer(learner_page, artifacts_dir):
    page = learner_page
    challenge_id = first_question_made(page, focused=True)
    assert "Restez sur cette page" in page.locator(".player-intro").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    notice = page.locator("[data-focus-notice]")
    assert notice.is_hidden()
    page.evaluate("window.dispatchEvent(new Event('blur'))")
    notice.wait_for(state="visible")
    assert "Vous avez quitté la page de la question" in notice.inner_text()
    page.locator(".report-panel__summary").click()
    page.get_by_label("Quel est le problème ?").select_option("accessibility")
    page.screenshot(path=str(artifacts_dir / "challenge-focused.png"), full_page=True)
    page.locator("#proposal-1").check()  # the right proposal
    with page.expect_navigation():
        page.get_by_role("button", name="Je valide").click()
    stored = Answer.objects.get(challenge_id=challenge_id)
    assert stored.focused_out is True and stored.result == "ok"
    assert not csp_errors(page)
