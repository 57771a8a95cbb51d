"""A student of a school that manages its students enters a campaign code, says who they are, takes the
test with the keyboard through a checkpoint to the end, sees their mastery and sends their results."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from campaigns.models import Badge, BadgeCriterion, CampaignParticipation, Stage
from campaigns.services import campaign_create
from organizations.models import Organization
from tests.assessments.conftest import write_small_release
from tests.browser.test_player import (
    answer_with_the_keyboard,
    csp_errors,
    dress_up_release,
    focused_text,
    tab_until,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.learners.campaign_helpers import make_profile
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_QUESTIONS = 60


@pytest.fixture
def demo_school(db, tmp_path):
    """The demo school: a collège managing its students, one of whom (Léa Martin, 3A) was imported."""
    from referential.services import release_load

    release_load(root=write_small_release(tmp_path / "content"))
    dress_up_release()
    school = OrganizationFactory(
        name="Collège Jules-Ferry",
        type=Organization.Type.SCO,
        is_managing_students=True,
        external_id="0750001A",
    )
    OrganizationLearnerFactory(
        organization=school,
        first_name="Léa",
        middle_name="Marie",
        last_name="MARTIN",
        birthdate=datetime.date(2011, 3, 14),
        division="3A",
    )
    profile = make_profile("3e – Recherche d'information", {"@alpha": 5, "@beta": 5, "@gamma": 7})
    for threshold, title, message in (
        (0, "Premiers pas", "Vous débutez : chaque question vous fait découvrir un sujet."),
        (30, "En progression", "Vous maîtrisez déjà une partie des acquis de ce parcours."),
        (60, "Solide", "Vous maîtrisez la majorité des acquis de ce parcours."),
        (90, "Expert du parcours", "Vous maîtrisez la quasi-totalité des acquis de ce parcours."),
    ):
        Stage.objects.create(target_profile=profile, threshold=threshold, title=title, message=message)
    badge = Badge.objects.create(
        target_profile=profile,
        key="chercheur",
        title="Chercheur averti",
        message="Vous savez formuler une requête précise et trier les résultats.",
        alt_message="Badge Chercheur averti : une loupe dorée",
    )
    BadgeCriterion.objects.create(
        badge=badge, scope="CappedTubes", threshold=50, capped_tubes=[{"tube": "@alpha", "level": 3}]
    )
    expert = Badge.objects.create(
        target_profile=profile,
        key="expert-recherche",
        title="Expert de la recherche",
        alt_message="Badge Expert de la recherche",
        is_always_visible=True,
    )
    BadgeCriterion.objects.create(badge=expert, scope="CampaignParticipation", threshold=95)
    teacher = MembershipFactory(organization=school, role="ADMIN").user
    return campaign_create(
        organization=school,
        creator=teacher,
        name="3e A – Recherche",
        type="ASSESSMENT",
        target_profile=profile,
        title="Chercher et trier l'information",
        custom_landing_page_text=(
            "Ce parcours fait le point sur **la recherche d'information** : choisir ses mots-clés, "
            "reconnaître une source fiable, vérifier une image.\n\n"
            "Répondez sans stress : les questions s'adaptent à votre niveau."
        ),
        custom_result_page_text="Nous reprendrons vos résultats ensemble **jeudi en salle informatique**.",
    )


@pytest.fixture
def student_page(page, live_server, demo_school):
    student = UserFactory(first_name="Léa", last_name="Martin", email="lea.martin@example.org")
    client = Client()
    client.force_login(student)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.student = student
    return page


def type_into(page, selector: str, text: str) -> None:
    tab_until(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_student_joins_with_the_code_reconciles_takes_the_test_and_sends_the_results(
    student_page, demo_school, artifacts_dir
):
    page = student_page
    code = demo_school.code

    # The code, typed as a pupil would: lower case, with a space.
    page.goto("/campagnes")
    type_into(page, "#id_code", "ABCDEF99")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Nous ne trouvons aucun parcours avec ce code" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.activeElement.id") == "id_code"
    page.screenshot(path=str(artifacts_dir / "campaign-code.png"), full_page=True)
    type_into(page, "#id_code", f"{code[:3].lower()} {code[3:].lower()}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/campagnes/{code}")
    assert page.get_by_role("heading", level=1).inner_text() == "Chercher et trier l'information"
    assert page.get_by_text("Collège Jules-Ferry").first.is_visible()
    assert page.get_by_text("Vous indiquez qui vous êtes").is_visible()
    page.screenshot(path=str(artifacts_dir / "campaign-landing.png"), full_page=True)

    tab_until(page, "button[type=submit].btn--large")
    assert focused_text(page) == "Je commence"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/campagnes/{code}/rejoindre/identification")
    assert page.get_by_role("heading", level=1).inner_text() == "Qui êtes-vous ?"
    assert page.locator("#reconcile-first_name").input_value() == "Léa"  # from the account

    # A wrong birth date: the school's list has no such pupil; the message is announced, nothing moves.
    type_into(page, "#reconcile-day", "15")
    type_into(page, "#reconcile-month", "03")
    type_into(page, "#reconcile-year", "2011")
    tab_until(page, "button[type=submit].btn--large")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Nous ne trouvons pas d'élève avec ce prénom" in alert.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert page.url.endswith("/rejoindre/identification")
    page.screenshot(path=str(artifacts_dir / "campaign-reconcile-error.png"), full_page=True)

    type_into(page, "#reconcile-day", "14")
    page.screenshot(path=str(artifacts_dir / "campaign-reconcile.png"), full_page=True)
    tab_until(page, "button[type=submit].btn--large")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The test: the campaign's title above each question, a checkpoint every 5 answers.
    assert re.search(r"/assessments/\d+/challenges/1$", page.url)
    assert page.evaluate("document.activeElement.id") == "question-title"
    assert "Chercher et trier l'information" in page.locator(".player-header__campaign").inner_text()
    answers_given = 0
    saw_checkpoint = False
    for _ in range(MAX_QUESTIONS):
        if "/checkpoint" in page.url:
            assert page.get_by_role("heading", level=1).inner_text() == "Vos résultats"
            if page.get_by_role("link", name="Voir mon résultat").count():
                break
            if not saw_checkpoint:
                page.screenshot(path=str(artifacts_dir / "campaign-checkpoint.png"), full_page=True)
            saw_checkpoint = True
            assert page.locator(".answer-row").count() == 5
            tab_until(page, "a.btn")
            assert focused_text(page) == "Continuer le test"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            continue
        if page.get_by_role("button", name="Commencer").count():
            tab_until(page, "button[value=start]")
            with page.expect_navigation():
                page.keyboard.press("Enter")
        if answers_given == 1:
            page.screenshot(path=str(artifacts_dir / "campaign-challenge.png"), full_page=True)
        answer_with_the_keyboard(page, right=answers_given % 4 != 1)
        answers_given += 1
    else:
        raise AssertionError("the campaign's test never ended")
    assert saw_checkpoint and answers_given > 5

    tab_until(page, "a.btn")
    assert focused_text(page) == "Voir mon résultat"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The results: mastery, stage, badges, details; then "J'envoie mes résultats".
    assert page.url.endswith(f"/campagnes/{code}/evaluation/resultats")
    title = page.locator(".mastery-hero__title").inner_text()
    assert re.fullmatch(r"Vous maîtrisez \d+ % des compétences testées\.", title.strip()), title
    assert page.get_by_role("heading", name="Vos résultats détaillés").is_visible()
    assert page.get_by_role("img", name=re.compile("Badge Expert de la recherche")).count() == 1
    page.screenshot(path=str(artifacts_dir / "campaign-results.png"), full_page=True)

    tab_until(page, "button[value=share]")
    assert focused_text(page) == "J'envoie mes résultats"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Vos résultats ont été envoyés").is_visible()
    assert page.get_by_text("jeudi en salle informatique").is_visible()
    page.screenshot(path=str(artifacts_dir / "campaign-results-sent.png"), full_page=True)

    participation = CampaignParticipation.objects.get(user=page.student)
    assert participation.is_shared and participation.organization_learner.first_name == "Léa"
    assert not csp_errors(page)


def test_a_visitor_sees_the_landing_page_and_comes_back_after_signing_in(page, demo_school, artifacts_dir):
    from allauth.account.models import EmailAddress

    visitor = UserFactory(email="camille@example.org")  # password "Motdepasse1"
    EmailAddress.objects.create(user=visitor, email=visitor.email, verified=True, primary=True)
    page.goto(f"/campagnes/{demo_school.code}")
    page.screenshot(path=str(artifacts_dir / "campaign-landing-visitor.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Se connecter").last.click()
    page.fill("input[name=login]", "camille@example.org")
    page.fill("input[name=password]", "Motdepasse1")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert page.url.endswith(f"/campagnes/{demo_school.code}")
    assert page.get_by_role("button", name="Je commence").is_visible()
    assert not csp_errors(page)


def test_the_home_page_offers_to_resume_the_campaign(student_page, demo_school, artifacts_dir):
    from campaigns.services import participation_start
    from organizations.models import OrganizationLearner

    page = student_page
    OrganizationLearner.objects.filter(organization=demo_school.organization).update(user=page.student)
    participation_start(campaign=demo_school, user=page.student)
    page.goto("/accueil")
    card = page.locator(".campaign-home-card")
    assert "Chercher et trier l'information" in card.inner_text() and "En cours" in card.inner_text()
    page.screenshot(path=str(artifacts_dir / "campaign-home.png"), full_page=True)
    with page.expect_navigation():
        card.get_by_role("link", name=re.compile("Reprendre")).click()
    assert re.search(r"/assessments/\d+/challenges/1$", page.url)
    assert not csp_errors(page)


def test_the_campaign_pages_have_no_wcag_violation(audited_page, client, live_server, demo_school):
    from campaigns import services
    from organizations.models import OrganizationLearner
    from tests.assessments.conftest import RIGHT
    from tests.browser.conftest import axe_violations, sign_in_as
    from tests.learners.campaign_helpers import make_campaign

    page = audited_page

    def assert_accessible(url: str | None = None) -> None:
        """Audit `url`, or the page shown now (a form's answer)."""
        if url is not None:
            page.goto(url)
        page.wait_for_load_state()
        assert axe_violations(page) == [], url or page.url

    code = demo_school.code
    assert_accessible(f"/campagnes/{code}")  # a visitor
    student = UserFactory(first_name="Léa", last_name="Martin")
    sign_in_as(page, client=client, live_server=live_server, user=student)
    assert_accessible("/campagnes?code=ZZZZZZ999")  # the code's error
    assert_accessible(f"/campagnes/{code}")
    page.goto(f"/campagnes/{code}/rejoindre/identification")
    page.fill("#reconcile-day", "31")
    page.fill("#reconcile-month", "02")
    page.fill("#reconcile-year", "2011")
    with page.expect_navigation():
        page.locator("button.btn--large").click()
    assert "La date de naissance n'est pas valide." in page.content()
    assert_accessible()

    OrganizationLearner.objects.filter(organization=demo_school.organization).update(user=student)
    started = services.participation_start(campaign=demo_school, user=student)
    from assessments import services as assessment_services

    challenge = assessment_services.assessment_next_challenge(assessment=started.assessment)
    assessment_services.answer_save(assessment=started.assessment, challenge_id=challenge.id, value=RIGHT)
    assert_accessible(f"/assessments/{started.assessment.pk}/challenges/2")
    while (
        challenge := assessment_services.assessment_next_challenge(assessment=started.assessment)
    ) is not None:
        assessment_services.answer_save(assessment=started.assessment, challenge_id=challenge.id, value=RIGHT)
    assert_accessible(f"/campagnes/{code}/evaluation/resultats")
    services.participation_share(participation=started.participation)
    assert_accessible(f"/campagnes/{code}/evaluation/resultats")

    company = OrganizationFactory(name="Association Numérique pour tous", type=Organization.Type.PRO)
    asking = make_campaign(
        company,
        demo_school.target_profile,
        name="Salariés",
        external_id_label="matricule",
        external_id_type="STRING",
    )
    assert_accessible(f"/campagnes/{asking.code}/prescrit/identifiant")
    collection = make_campaign(company, None, name="Profils")
    services.participation_start(campaign=collection, user=student)
    assert_accessible(f"/campagnes/{collection.code}/collecte/envoi-profil")
    services.campaign_archive(campaign=collection, by=collection.owner)
    assert_accessible(f"/campagnes/{collection.code}/oups")
    assert_accessible("/accueil")
