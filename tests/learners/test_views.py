"""The learner's pages through HTTP: who may see them, what they show, what their buttons do."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment, CompetenceEvaluation, KnowledgeElement
from assessments.selectors import scorecard_of
from learners.models import SavedTutorial
from referential.models import Tutorial
from tests.factories import UserFactory
from tests.learners.conftest import RIGHT, WRONG, give_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def play(learner, code: str, *, true_level: int, days_ago: float, stop_after: int | None = None):
    """Answer through the real services, as the player does, `days_ago` days ago."""
    now = timezone.now() - timedelta(days=days_ago)
    assessment = assessment_services.competence_evaluation_start_or_resume(user=learner, competence_code=code)
    answered = 0
    while stop_after is None or answered < stop_after:
        challenge = assessment_services.assessment_next_challenge(assessment=assessment, now=now)
        if challenge is None:
            break
        value = RIGHT if challenge.skill.level <= true_level else WRONG
        assessment_services.answer_save(
            assessment=assessment, challenge_id=challenge.id, value=value, now=now
        )
        answered += 1
    return assessment


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# -- Access --------------------------------------------------------------------------------------

PAGES = [
    "/accueil",
    "/competences",
    "/competences/1.1/details",
    "/competences/1.1/remise-a-zero",
    "/mes-tutos",
    "/mes-tutos/recommandes",
    "/mes-tutos/enregistres",
]
ACTIONS = [
    "/competences/1.1/retenter",
    "/competences/1.1/remise-a-zero",
    "/mes-tutos/1/enregistrer",
    "/mes-tutos/1/retirer",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client, small_release, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/connexion?next=")


@pytest.mark.parametrize("url", ACTIONS)
def test_every_action_sends_an_anonymous_visitor_to_the_login_page_and_changes_nothing(
    client, small_release, url
):
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith("/connexion?next=")
    assert not SavedTutorial.objects.exists()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/competences/9.9/details"),
        ("get", "/competences/9.9/remise-a-zero"),
        ("post", "/competences/9.9/remise-a-zero"),
        ("post", "/competences/9.9/retenter"),
    ],
)
def test_an_unknown_competence_is_not_found(signed_in, small_release, method, url):
    assert getattr(signed_in, method)(url).status_code == 404


def test_the_actions_refuse_get(signed_in, small_release):
    tutorial = Tutorial.objects.first()
    assert signed_in.get("/competences/1.1/retenter").status_code == 405
    assert signed_in.get(f"/mes-tutos/{tutorial.pk}/enregistrer").status_code == 405
    assert not SavedTutorial.objects.exists()


# -- Home ----------------------------------------------------------------------------------------


def test_the_home_page_greets_the_learner_and_has_a_campaign_code_field(signed_in, small_release, learner):
    html = text_of(signed_in.get("/accueil"))
    assert f"Bonjour {learner.first_name} !" in html
    assert re.search(r'<form method="get" action="/campagnes"', html)
    assert re.search(r'<label for="campaign-code">[^<]+</label>', html)
    assert 'id="campaign-code" name="code"' in html
    assert 'href="/certifications"' in html
    assert '<a href="/accueil" aria-current="page">Accueil</a>' in html


def test_the_home_page_offers_to_resume_a_started_competence(signed_in, small_release, learner):
    play(learner, "1.2", true_level=3, days_ago=0, stop_after=1)
    html = text_of(signed_in.get("/accueil"))
    assert 'href="/competences/1.2/evaluer">Reprendre' in html


@pytest.mark.parametrize(
    ("competences", "message"),
    [
        (0, "Encore 5 compétences à amener au niveau 1 pour être certifiable"),
        (4, "Encore 1 compétence à amener au niveau 1 pour être certifiable"),
        (5, "Vous êtes certifiable"),
    ],
)
def test_home_and_profile_tell_how_far_the_learner_is_from_certification(
    signed_in, profile_release, learner, competences, message
):
    for code in ("1.1", "1.2", "2.1", "3.1", "4.1")[:competences]:
        give_level(learner, code, 1)
    for url in ("/accueil", "/competences"):
        html = text_of(signed_in.get(url))
        assert message in html
        assert 'href="/certifications"' in html


def test_the_home_page_shows_the_total_pix(signed_in, profile_release, learner):
    give_level(learner, "1.1", 2)
    give_level(learner, "5.2", 1)
    html = text_of(signed_in.get("/accueil"))
    assert "<strong>24</strong> <span>pix</span>" in html
    assert "sur 896 pix possibles" in html


# -- Profile -------------------------------------------------------------------------------------


def test_the_profile_shows_every_competence_by_area_with_its_chart(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=1)
    html = text_of(signed_in.get("/competences"))
    assert html.count('<g class="petal area-') == 16
    assert html.count('class="petal__fill"') == 1
    assert html.count('<article class="competence-card') == 16
    assert html.count('<tr><th scope="row">') == 16  # the text alternative of the chart
    assert (
        "<title>1.1 Mener une recherche et une veille d&#x27;information : niveau 2, 16 pix</title>" in html
    )
    assert "pix sur 896" in html
    assert 'href="/competences/1.1/details"' in html
    assert html.count('<span class="tag tag--success">Terminé</span>') == 1
    assert html.count('<span class="tag tag--neutral">Non commencé</span>') == 15


def test_the_nav_marks_the_current_part_of_the_site(signed_in, small_release):
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert '<a href="/competences" aria-current="page">Compétences</a>' in html
    html = text_of(signed_in.get("/mes-tutos/enregistres"))
    assert '<a href="/mes-tutos" aria-current="page">Mes tutos</a>' in html


# -- Competence details: buttons by scorecard ----------------------------------------------------


def test_a_competence_not_started_offers_to_start_and_nothing_to_reset(signed_in, small_release):
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert 'href="/competences/1.1/evaluer">Commencer</a>' in html
    assert "Remettre à zéro" not in html
    assert '<span class="level-ring__value">0</span>' in html


def test_a_started_competence_offers_to_resume_and_tells_when_it_can_be_reset(
    signed_in, small_release, learner
):
    play(learner, "1.1", true_level=3, days_ago=2, stop_after=2)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert 'href="/competences/1.1/evaluer">Reprendre</a>' in html
    assert "Vous pourrez remettre à zéro cette compétence dans 5 jours." in html
    assert 'href="/competences/1.1/remise-a-zero"' not in html


def test_a_competence_completed_recently_tells_how_many_days_before_retrying(
    signed_in, small_release, learner
):
    play(learner, "1.1", true_level=2, days_ago=1.5)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert "Vous pourrez retenter dans 3 jours" in html
    assert "Retenter</button>" not in html
    assert "Reprendre" not in html


def test_a_competence_completed_4_days_ago_can_be_retried(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=4.5)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert re.search(r'<form method="post" action="/competences/1.1/retenter">.*Retenter</button>', html)
    assert "Vous pourrez remettre à zéro cette compétence dans 3 jours." in html


def test_a_competence_completed_a_week_ago_can_be_reset(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=8)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert 'href="/competences/1.1/remise-a-zero">Remettre à zéro' in html


def test_the_details_page_shows_level_pix_progress_and_description(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=1)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert '<span class="level-ring__value">2</span>' in html
    assert "<strong>16</strong> pix" in html
    assert "Encore 8 pix pour atteindre le niveau 3" in html
    assert "Chercher une information avec méthode" in html
    assert "Information et données" in html


def test_the_details_page_recommends_the_tutorials_of_failed_skills_of_this_competence(
    signed_in, small_release, learner
):
    play(learner, "1.1", true_level=2, days_ago=1)
    play(learner, "1.2", true_level=1, days_ago=1)
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert "Tutoriel 1.1" in html
    assert "Tutoriel 1.2" not in html
    assert re.search(r'action="/mes-tutos/\d+/enregistrer"', html)


# -- Retenter ------------------------------------------------------------------------------------


def test_retrying_after_4_days_starts_an_improving_assessment_and_opens_the_player(
    signed_in, small_release, learner
):
    first = play(learner, "1.1", true_level=2, days_ago=5)
    response = signed_in.post("/competences/1.1/retenter")
    assert response.status_code == 302
    assert response.url == "/competences/1.1/evaluer"
    evaluation = CompetenceEvaluation.objects.get(user=learner)
    assert evaluation.assessment_id != first.pk
    assert evaluation.assessment.is_improving and evaluation.assessment.is_started


def test_retrying_before_4_days_is_refused_with_the_days_left(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=1.5)
    response = signed_in.post("/competences/1.1/retenter")
    assert response.url == "/competences/1.1/details"
    assert messages_of(response) == ["Vous pourrez retenter cette compétence dans 3 jour(s)."]
    assert Assessment.objects.filter(user=learner).count() == 1


# -- Remettre à zéro -----------------------------------------------------------------------------


def test_a_reset_before_7_days_is_refused_with_the_days_left_and_changes_nothing(
    signed_in, small_release, learner
):
    play(learner, "1.1", true_level=2, days_ago=2)
    before = KnowledgeElement.objects.count()
    page = text_of(signed_in.get("/competences/1.1/remise-a-zero"))
    assert "Vous pourrez remettre à zéro cette compétence dans 5 jours." in page
    assert "Oui, remettre à zéro" not in page
    response = signed_in.post("/competences/1.1/remise-a-zero")
    assert response.url == "/competences/1.1/details"
    assert messages_of(response) == ["Vous pourrez remettre à zéro cette compétence dans 5 jour(s)."]
    assert KnowledgeElement.objects.count() == before
    assert scorecard_of(user=learner, competence_code="1.1").level == 2


def test_a_reset_after_7_days_is_confirmed_then_empties_the_competence(signed_in, small_release, learner):
    play(learner, "1.1", true_level=2, days_ago=8)
    page = text_of(signed_in.get("/competences/1.1/remise-a-zero"))
    assert "votre niveau 2 et vos 16 pix dans cette compétence seront effacés" in page
    assert "Oui, remettre à zéro</button>" in page
    response = signed_in.post("/competences/1.1/remise-a-zero")
    assert response.url == "/competences/1.1/details"
    assert messages_of(response)[0].startswith("La compétence « Mener une recherche")
    scorecard = scorecard_of(user=learner, competence_code="1.1")
    assert (scorecard.level, scorecard.earned_pix, scorecard.status) == (0, 0, "NOT_STARTED")
    html = text_of(signed_in.get("/competences/1.1/details"))
    assert 'href="/competences/1.1/evaluer">Commencer</a>' in html


def test_resetting_a_competence_never_started_changes_nothing(signed_in, small_release, learner):
    response = signed_in.post("/competences/1.1/remise-a-zero")
    assert response.url == "/competences/1.1/details"
    assert messages_of(response) == ["Il n'y avait rien à remettre à zéro dans cette compétence."]
    assert not KnowledgeElement.objects.exists()


# -- Mes tutos -----------------------------------------------------------------------------------


def test_mes_tutos_opens_on_the_recommended_tab(signed_in, small_release):
    response = signed_in.get("/mes-tutos")
    assert response.status_code == 302 and response.url == "/mes-tutos/recommandes"
    html = text_of(signed_in.get("/mes-tutos/recommandes"))
    assert 'href="/mes-tutos/recommandes" aria-current="page">Recommandés' in html


def test_saving_and_removing_a_tutorial_returns_to_the_page_and_is_idempotent(
    signed_in, small_release, learner
):
    tutorial = Tutorial.objects.first()
    for _ in range(2):
        response = signed_in.post(
            f"/mes-tutos/{tutorial.pk}/enregistrer", {"next": "/competences/1.1/details"}
        )
        assert response.url == f"/competences/1.1/details#tuto-{tutorial.pk}"
    assert SavedTutorial.objects.filter(user=learner).count() == 1
    html = text_of(signed_in.get("/mes-tutos/enregistres"))
    assert tutorial.title in html
    assert f'action="/mes-tutos/{tutorial.pk}/retirer"' in html
    for _ in range(2):
        response = signed_in.post(f"/mes-tutos/{tutorial.pk}/retirer", {"next": "/mes-tutos/enregistres"})
        assert response.url == f"/mes-tutos/enregistres#tuto-{tutorial.pk}"
    assert not SavedTutorial.objects.exists()


def test_saving_an_unknown_tutorial_is_not_found(signed_in, small_release):
    missing = Tutorial.objects.order_by("-pk").first().pk + 1
    assert signed_in.post(f"/mes-tutos/{missing}/enregistrer").status_code == 404
    assert signed_in.post(f"/mes-tutos/{missing}/retirer").status_code == 404
    assert not SavedTutorial.objects.exists()


def test_the_return_address_must_be_a_page_of_this_site(signed_in, small_release):
    tutorial = Tutorial.objects.first()
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = signed_in.post(f"/mes-tutos/{tutorial.pk}/enregistrer", {"next": target})
        assert response.url == f"/mes-tutos/enregistres#tuto-{tutorial.pk}"


def test_a_learner_never_sees_nor_removes_the_tutorials_another_learner_saved(client, small_release, learner):
    tutorial = Tutorial.objects.first()
    other = UserFactory()
    SavedTutorial.objects.create(user=other, tutorial=tutorial)
    client.force_login(learner)
    html = text_of(client.get("/mes-tutos/enregistres"))
    assert tutorial.title not in html
    assert "Vous n'avez enregistré aucun tutoriel." in html
    client.post(f"/mes-tutos/{tutorial.pk}/retirer")
    assert SavedTutorial.objects.filter(user=other).count() == 1
