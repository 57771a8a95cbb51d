"""The results page of a campaign: mastery, stage, badges, detailed results, sending; retry and reset only
when allowed; a fixed number of queries whatever the learner's history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Assessment, KnowledgeElement
from campaigns import services
from campaigns.models import Badge, BadgeCriterion, CampaignParticipation, Stage
from challenges.models import Challenge
from tests.assessments.conftest import RIGHT, WRONG
from tests.learners.campaign_helpers import make_campaign, make_profile
from tests.learners.conftest import bulk_history

pytestmark = pytest.mark.django_db


def play(assessment, *, knows_up_to: int) -> None:
    while (challenge := assessment_services.assessment_next_challenge(assessment=assessment)) is not None:
        value = RIGHT if challenge.skill.level <= knows_up_to else WRONG
        assessment_services.answer_save(assessment=assessment, challenge_id=challenge.id, value=value)


def finished(
    campaign, user, *, knows_up_to: int = 2, shared_days_ago: float | None = None
) -> CampaignParticipation:
    started = services.participation_start(campaign=campaign, user=user)
    play(started.assessment, knows_up_to=knows_up_to)
    if shared_days_ago is None:
        return started.participation
    shared = services.participation_share(participation=started.participation)
    shared.shared_at = timezone.now() - timedelta(days=shared_days_ago)
    CampaignParticipation.objects.filter(pk=shared.pk).update(shared_at=shared.shared_at)
    return shared


def results_page(client, campaign) -> str:
    response = client.get(f"/campagnes/{campaign.code}/evaluation/resultats")
    assert response.status_code == 200, response
    return response.content.decode()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def small_campaign(company, small_release):
    """Five skills (@alpha1-3, @beta1-2), stages and badges."""
    profile = make_profile("Petit profil", {"@alpha": 3, "@beta": 2})
    Stage.objects.create(target_profile=profile, title="Premiers pas", message="Vous débutez.", threshold=0)
    Stage.objects.create(
        target_profile=profile, title="À mi-chemin", message="Bonne progression.", threshold=50
    )
    Stage.objects.create(target_profile=profile, title="Expert", message="Tout est acquis.", threshold=100)
    alpha = Badge.objects.create(
        target_profile=profile,
        key="alpha",
        title="Chercheur",
        message="Bravo.",
        alt_message="Badge Chercheur",
    )
    BadgeCriterion.objects.create(
        badge=alpha, scope="CappedTubes", threshold=100, capped_tubes=[{"tube": "@alpha", "level": 2}]
    )
    shown = Badge.objects.create(
        target_profile=profile, key="all", title="Maître", alt_message="Badge Maître", is_always_visible=True
    )
    BadgeCriterion.objects.create(badge=shown, scope="CampaignParticipation", threshold=100)
    hidden = Badge.objects.create(
        target_profile=profile, key="hidden", title="Caché", alt_message="Badge caché"
    )
    BadgeCriterion.objects.create(badge=hidden, scope="CampaignParticipation", threshold=100)
    return make_campaign(
        company,
        profile,
        name="Petit",
        title="Recherche",
        custom_result_page_text="Rendez-vous **jeudi** pour en parler.",
        custom_result_page_button_text="Voir les ateliers",
        custom_result_page_button_url="https://example.org/ateliers",
    )


def test_the_results_show_mastery_stage_badges_and_details(learner_client, learner, small_campaign):
    finished(small_campaign, learner, knows_up_to=2)  # 4 of the 5 skills: 80 %
    html = results_page(learner_client, small_campaign)
    assert "Vous maîtrisez <strong>80 %</strong> des compétences testées." in html
    assert "4 acquis validés sur 5 évalués par ce parcours." in html
    assert 'stroke-dasharray="80 20"' in html
    # Stage: "À mi-chemin", 1 star of 2 (the zero stage is not a star).
    assert "À mi-chemin" in html and "Bonne progression." in html
    assert "Palier atteint : 1 sur 2." in html and html.count('class="star star--lit"') == 1
    # Badges: obtained, and the always-visible one still to earn; the hidden one is not shown.
    assert 'aria-label="Badge Chercheur"' in html and "Obtenu" in html
    assert 'aria-label="Badge Maître (pas encore obtenu)"' in html and "80 % du chemin parcouru" in html
    assert "Caché" not in html
    # Detailed results, per competence, and nothing of the questions' solutions.
    assert "Vos résultats détaillés" in html and "4 acquis validés sur 5" in html
    assert "1.1" in html and ">80 %<" in html
    assert not any(challenge.id in html for challenge in Challenge.objects.all())
    assert "Juste" not in html and "Réponse attendue" not in html
    # Not sent yet: the button, no confirmation.
    assert "J'envoie mes résultats" in html and "Vos résultats ont été envoyés" not in html
    assert "Rendez-vous" not in html


def test_sending_shows_the_confirmation_and_the_organizations_end_page(
    learner_client, learner, small_campaign
):
    finished(small_campaign, learner)
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "share"}
    )
    assert response.status_code == 302
    html = results_page(learner_client, small_campaign)
    assert "Vos résultats ont été envoyés" in html
    assert "Association Les Petits Débrouillards les a reçus le" in html
    assert "Rendez-vous <strong>jeudi</strong> pour en parler." in html
    assert 'href="https://example.org/ateliers"' in html and "Voir les ateliers" in html
    assert "J'envoie mes résultats" not in html


def test_sent_results_stay_as_they_were_sent(learner_client, learner, small_campaign):
    participation = finished(small_campaign, learner, knows_up_to=1, shared_days_ago=1)
    # Later answers elsewhere validate more skills: the sent results do not change.
    for skill_id in ("@alpha2", "@alpha3", "@beta2"):
        from referential.models import Skill

        skill = Skill.objects.get(name=skill_id)
        KnowledgeElement.objects.create(
            user=learner, skill=skill, competence=skill.competence, status="validated", source="direct"
        )
    html = results_page(learner_client, small_campaign)
    assert f"Vous maîtrisez <strong>{participation.results_snapshot['mastery_percentage']} %</strong>" in html
    assert "Vous maîtrisez <strong>100 %</strong>" not in html


def test_sending_twice_shows_the_refusal(learner_client, learner, small_campaign):
    participation = finished(small_campaign, learner)
    url = f"/campagnes/{small_campaign.code}/evaluation/resultats"
    learner_client.post(url, {"action": "share"})
    shared_at = CampaignParticipation.objects.get(pk=participation.pk).shared_at
    response = learner_client.post(url, {"action": "share"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vos résultats ont déjà été envoyés." in html and 'role="alert"' in html
    assert CampaignParticipation.objects.get(pk=participation.pk).shared_at == shared_at


def test_without_stages_nor_badges_the_page_shows_the_mastery_only(learner_client, learner, open_campaign):
    finished(open_campaign, learner)
    html = results_page(learner_client, open_campaign)
    assert "des compétences testées." in html
    assert "stage-reached" not in html and "Vos badges" not in html


# -- Retry and reset ------------------------------------------------------------------------------


def buttons(html: str) -> set[str]:
    return {name for name in ("retry", "reset") if f'value="{name}"' in html}


@pytest.mark.parametrize(
    ("multiple_sendings", "resettable", "knows_up_to", "shared_days_ago", "expected"),
    [
        (False, True, 1, 10, set()),  # one sending only
        (True, False, 1, None, set()),  # not sent yet
        (True, False, 1, 1, {"retry"}),  # something to gain; the profile forbids resetting
        (True, True, 1, 1, {"retry"}),  # resetting waits 4 days after sending
        (True, True, 1, 5, {"retry", "reset"}),
        (True, True, 7, 5, {"reset"}),  # everything mastered: nothing to retry
        (True, False, 7, 5, set()),
    ],
)
def test_retry_and_reset_buttons_appear_only_when_allowed(
    learner_client,
    learner,
    small_campaign,
    multiple_sendings,
    resettable,
    knows_up_to,
    shared_days_ago,
    expected,
):
    small_campaign.multiple_sendings = multiple_sendings
    small_campaign.save()
    small_campaign.target_profile.are_knowledge_elements_resettable = resettable
    small_campaign.target_profile.save()
    finished(small_campaign, learner, knows_up_to=knows_up_to, shared_days_ago=shared_days_ago)
    assert buttons(results_page(learner_client, small_campaign)) == expected


def test_repasser_starts_a_new_participation_that_replaces_the_sent_one(
    learner_client, learner, small_campaign
):
    small_campaign.multiple_sendings = True
    small_campaign.save()
    first = finished(small_campaign, learner, knows_up_to=1, shared_days_ago=5)
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "retry"}
    )
    assert response["Location"] == f"/campagnes/{small_campaign.code}/evaluation"
    first.refresh_from_db()
    second = CampaignParticipation.objects.get(user=learner, is_improved=False)
    assert first.is_improved and second.pk != first.pk and second.status == "STARTED"
    assert second.assessments.get().is_improving
    assert learner_client.get(response["Location"])["Location"].startswith("/assessments/")


def test_repartir_de_zero_forgets_the_campaign_skills_then_starts_again(
    learner_client, learner, small_campaign
):
    small_campaign.multiple_sendings = True
    small_campaign.save()
    small_campaign.target_profile.are_knowledge_elements_resettable = True
    small_campaign.target_profile.save()
    finished(small_campaign, learner, knows_up_to=7, shared_days_ago=5)
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "reset"}
    )
    assert response["Location"] == f"/campagnes/{small_campaign.code}/evaluation"
    latest = {}
    for element in KnowledgeElement.objects.filter(user=learner).order_by("created_at", "id"):
        latest[element.skill.name] = element.status
    assert {latest[name] for name in ("@alpha1", "@alpha2", "@alpha3", "@beta1", "@beta2")} == {"reset"}


def test_a_reset_not_allowed_yet_is_refused_with_its_message(learner_client, learner, small_campaign):
    small_campaign.multiple_sendings = True
    small_campaign.save()
    small_campaign.target_profile.are_knowledge_elements_resettable = True
    small_campaign.target_profile.save()
    finished(small_campaign, learner, knows_up_to=1, shared_days_ago=1)
    before = (
        KnowledgeElement.objects.count(),
        CampaignParticipation.objects.count(),
        Assessment.objects.count(),
    )
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "reset"}
    )
    html = response.content.decode()
    assert "Vous ne pouvez pas encore repartir de zéro sur ce parcours." in html and 'role="alert"' in html
    assert (
        KnowledgeElement.objects.count(),
        CampaignParticipation.objects.count(),
        Assessment.objects.count(),
    ) == (before)


def test_a_retry_with_nothing_to_improve_is_refused_with_its_message(learner_client, learner, small_campaign):
    small_campaign.multiple_sendings = True
    small_campaign.save()
    finished(small_campaign, learner, knows_up_to=7, shared_days_ago=5)
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "retry"}
    )
    assert "Vous maîtrisez déjà tout ce que ce parcours évalue." in response.content.decode()
    assert CampaignParticipation.objects.count() == 1


def test_a_retry_without_multiple_sendings_is_refused(learner_client, learner, small_campaign):
    finished(small_campaign, learner, knows_up_to=1, shared_days_ago=5)
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "retry"}
    )
    assert "Vous avez déjà participé à ce parcours." in response.content.decode()
    assert CampaignParticipation.objects.count() == 1


# -- Query budgets -------------------------------------------------------------------------------


def queries_of(client, url: str) -> int:
    client.get(url)  # the referential snapshot and the campaign's skills, cached once per process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code in (200, 302)
    return len(context.captured_queries)


RESULTS_BUDGET = 18


@pytest.mark.parametrize("shared", [False, True])
def test_the_results_page_costs_the_same_queries_with_a_long_history(
    learner_client, learner, small_campaign, shared
):
    finished(small_campaign, learner, knows_up_to=2, shared_days_ago=1 if shared else None)
    url = f"/campagnes/{small_campaign.code}/evaluation/resultats"
    short = queries_of(learner_client, url)
    bulk_history(learner, rows=3000)
    for _ in range(3):  # earlier participations, replaced by retries
        CampaignParticipation.objects.create(campaign=small_campaign, user=learner, is_improved=True)
    long = queries_of(learner_client, url)
    assert long == short and long <= RESULTS_BUDGET


def test_the_landing_code_and_home_pages_stay_flat(learner_client, learner, small_campaign, company, profile):
    pages = ["/campagnes", f"/campagnes/{small_campaign.code}", "/accueil"]
    bulk_history(learner, rows=200)
    services.participation_start(campaign=make_campaign(company, profile, name="Premier"), user=learner)
    short = [queries_of(learner_client, page) for page in pages]
    bulk_history(learner, rows=2000, seed=11)
    for index in range(8):  # campaigns in progress, all listed on the home page
        services.participation_start(
            campaign=make_campaign(company, profile, name=f"Parcours {index}"), user=learner
        )
    long = [queries_of(learner_client, page) for page in pages]
    assert long == short
    assert max(long) <= 16


def test_a_retry_before_sending_the_results_is_refused_with_its_message(
    learner_client, learner, small_campaign
):
    small_campaign.multiple_sendings = True
    small_campaign.save()
    finished(small_campaign, learner, knows_up_to=1)  # finished, not sent
    html = results_page(learner_client, small_campaign)
    assert buttons(html) == set()
    response = learner_client.post(
        f"/campagnes/{small_campaign.code}/evaluation/resultats", {"action": "retry"}
    )
    html = response.content.decode()
    assert "Vous avez déjà commencé ce parcours : reprenez-le et envoyez vos résultats." in html
    assert 'role="alert"' in html and "J'envoie mes résultats" in html
    assert CampaignParticipation.objects.count() == 1
