"""A campaign's test in the player: the campaign instead of the competence, checkpoints every 5 answers,
corrections, reports, the end leading to the campaign's results; and nobody else's test to reach."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment
from campaigns import services
from campaigns.models import CampaignParticipation
from challenges.models import ChallengeReport
from tests.assessments.conftest import RIGHT, WRONG
from tests.factories import UserFactory
from tests.learners.campaign_helpers import TITLE, assessment_id_in, reconcile_data
from tests.learners.player_helpers import answer, challenge_url, current_challenge_id

pytestmark = pytest.mark.django_db


def started(client, campaign) -> Assessment:
    response = client.get(client.post(f"/campagnes/{campaign.code}")["Location"])
    return Assessment.objects.get(pk=assessment_id_in(response["Location"]))


def value_for(number: int) -> str:
    """Right, wrong, right, right, wrong, …"""
    return WRONG if number % 3 == 2 else RIGHT


def play_to_the_end(client, assessment: Assessment, *, limit: int = 60) -> list[str]:
    """Answer through the pages until the final checkpoint; returns the pages the answers led to."""
    landed = []
    for number in range(1, limit):
        response = answer(client, assessment, number, value_for(number))
        assert response.status_code == 302, response.content.decode()[:400]
        landed.append(response["Location"])
        following = client.get(response["Location"])
        if following.status_code == 302:  # no question left after this answer: the final checkpoint
            assert following["Location"].endswith("/checkpoint")
            following = client.get(following["Location"])
        assessment.refresh_from_db()
        if not assessment.is_started:
            assert "Voir mon résultat" in following.content.decode()
            return landed
    raise AssertionError("the campaign's test never ended")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def test_the_whole_path_from_the_code_to_the_sent_results(client, learner, school_campaign, student):
    client.force_login(learner)
    # The code, the landing page, "who are you", then the first question.
    assert client.get("/campagnes", {"code": school_campaign.code.lower()})["Location"] == (
        f"/campagnes/{school_campaign.code}"
    )
    assert "Je commence" in client.get(f"/campagnes/{school_campaign.code}").content.decode()
    reconcile = client.post(f"/campagnes/{school_campaign.code}")["Location"]
    evaluation = client.post(reconcile, reconcile_data())["Location"]
    resume = client.get(evaluation)["Location"]
    assessment = Assessment.objects.get(pk=assessment_id_in(resume))
    assert client.get(resume)["Location"] == challenge_url(assessment, 1)

    # The questions, with a checkpoint after each block of 5 answers.
    landed = play_to_the_end(client, assessment)
    assert len(landed) > 5
    assert landed[4] == f"/assessments/{assessment.pk}/checkpoint"
    assert all(page.endswith(f"/challenges/{n + 2}") for n, page in enumerate(landed[:4]))

    # The final checkpoint leads to the campaign's results, not to a competence's.
    page = client.get(f"/assessments/{assessment.pk}/checkpoint").content.decode()
    assert f'href="/campagnes/{school_campaign.code}/evaluation/resultats"' in page
    assert client.get(f"/assessments/{assessment.pk}/results")["Location"] == (
        f"/campagnes/{school_campaign.code}/evaluation/resultats"
    )
    results = client.get(f"/campagnes/{school_campaign.code}/evaluation/resultats").content.decode()
    participation = CampaignParticipation.objects.get(user=learner)
    assert "des compétences testées." in results and "J'envoie mes résultats" in results
    assert "Vos résultats détaillés" in results

    # Sending: the confirmation, and what the organization now sees.
    response = client.post(f"/campagnes/{school_campaign.code}/evaluation/resultats", {"action": "share"})
    assert response["Location"] == f"/campagnes/{school_campaign.code}/evaluation/resultats"
    confirmation = client.get(response["Location"]).content.decode()
    assert "Vos résultats ont été envoyés" in confirmation and "J'envoie mes résultats" not in confirmation
    participation.refresh_from_db()
    assert participation.is_shared and participation.organization_learner_id == student.pk
    assert participation.mastery_rate is not None
    # Back to the code: the results, not a new participation.
    assert client.get(f"/campagnes/{school_campaign.code}")["Location"].endswith("/evaluation/resultats")


def test_the_question_page_names_the_campaign_and_its_organization(learner_client, open_campaign):
    assessment = started(learner_client, open_campaign)
    html = learner_client.get(challenge_url(assessment, 1)).content.decode()
    assert "Atelier numérique" in html and "Association Les Petits Débrouillards" in html
    assert 'class="tag tag--campaign"' in html and "tag--area" not in html
    assert "<title>Question 1 – Atelier numérique – Pix libre</title>" in html
    assert "1 sur 5 avant le prochain bilan" in html


def test_the_checkpoint_of_a_campaign_offers_a_pause_back_home(learner_client, open_campaign):
    assessment = started(learner_client, open_campaign)
    for number in range(1, 6):
        response = answer(learner_client, assessment, number, value_for(number))
    assert response["Location"].endswith("/checkpoint")
    html = learner_client.get(response["Location"]).content.decode()
    assert 'href="/accueil"' in html and "Faire une pause" in html
    assert "depuis la page d'accueil" in html
    assert html.count('class="answer-row ') == 5


def test_a_correction_and_a_report_work_in_a_campaign(learner_client, learner, open_campaign):
    assessment = started(learner_client, open_campaign)
    answer(learner_client, assessment, 1, WRONG)
    stored = Answer.objects.get(assessment=assessment)
    html = learner_client.get(f"/assessments/{assessment.pk}/answers/{stored.pk}/correction").content.decode()
    assert "Réponse à la question 1" in html and "Atelier numérique" in html
    challenge_id = current_challenge_id(learner_client, assessment, 2)
    response = learner_client.post(
        f"/assessments/{assessment.pk}/signalement", {"challenge": challenge_id, "category": "question"}
    )
    assert response.status_code == 302
    assert ChallengeReport.objects.get().assessment_id == assessment.pk


def test_results_are_not_shown_before_the_end_of_the_test(learner_client, open_campaign):
    assessment = started(learner_client, open_campaign)
    response = learner_client.get(f"/campagnes/{open_campaign.code}/evaluation/resultats")
    assert response["Location"] == f"/campagnes/{open_campaign.code}/evaluation"
    response = learner_client.post(
        f"/campagnes/{open_campaign.code}/evaluation/resultats", {"action": "share"}
    )
    assert response["Location"] == f"/campagnes/{open_campaign.code}/evaluation"
    assert not CampaignParticipation.objects.get(assessments=assessment).is_shared


@pytest.mark.parametrize("path", ["challenges/1", "checkpoint", "resume", "results"])
def test_another_learners_campaign_test_is_a_404(client, learner, open_campaign, path):
    client.force_login(learner)
    assessment = started(client, open_campaign)
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/{path}").status_code == 404


def test_another_learners_correction_is_a_404(client, learner, open_campaign):
    client.force_login(learner)
    assessment = started(client, open_campaign)
    answer(client, assessment, 1, RIGHT)
    stored = Answer.objects.get(assessment=assessment)
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/answers/{stored.pk}/correction").status_code == 404


def test_each_learner_sees_only_their_own_participation(client, learner, open_campaign):
    client.force_login(learner)
    assessment = started(client, open_campaign)
    play_to_the_end(client, assessment)
    other = UserFactory()
    client.force_login(other)
    # The same addresses are about the other learner's own (absent) participation: nothing of the first.
    assert client.get(f"/campagnes/{open_campaign.code}/evaluation/resultats")["Location"] == (
        f"/campagnes/{open_campaign.code}"
    )
    assert (
        client.post(f"/campagnes/{open_campaign.code}/evaluation/resultats", {"action": "share"})["Location"]
        == f"/campagnes/{open_campaign.code}"
    )
    assert not CampaignParticipation.objects.get(user=learner).is_shared


def test_a_campaign_archived_during_the_test_stops_it_on_the_oups_page(learner_client, open_campaign):
    assessment = started(learner_client, open_campaign)
    answer(learner_client, assessment, 1, RIGHT)
    services.campaign_archive(campaign=open_campaign, by=open_campaign.owner)
    for path in ("challenges/2", "resume", "checkpoint"):
        response = learner_client.get(f"/assessments/{assessment.pk}/{path}")
        assert response["Location"] == f"/campagnes/{open_campaign.code}/oups", path
    assert Answer.objects.filter(assessment=assessment).count() == 1


def test_a_participation_deleted_by_the_organization_cannot_be_played(learner_client, open_campaign):
    assessment = started(learner_client, open_campaign)
    CampaignParticipation.objects.update(deleted_at=timezone.now())
    assert learner_client.get(challenge_url(assessment, 1)).status_code == 404


def test_the_competence_player_is_unchanged_for_competence_tests(learner_client, small_release):
    response = learner_client.get("/competences/1.1/evaluer")
    html = learner_client.get(response["Location"]).content.decode()
    assert "tag--area" in html and "tag--campaign" not in html


def test_the_home_page_lists_the_campaigns_to_resume_and_the_results_to_send(
    learner_client, learner, open_campaign, company, profile
):
    from tests.learners.campaign_helpers import make_campaign

    assessment = started(learner_client, open_campaign)
    html = learner_client.get("/accueil").content.decode()
    assert "Mes parcours en cours" in html and "Atelier numérique" in html
    assert f'href="/campagnes/{open_campaign.code}/evaluation"' in html and "Reprendre" in html
    play_to_the_end(learner_client, assessment)
    collection = make_campaign(company, None, name="Profils")
    services.participation_start(campaign=collection, user=learner)
    html = learner_client.get("/accueil").content.decode()
    assert f'href="/campagnes/{open_campaign.code}/evaluation/resultats"' in html
    assert "Résultats à envoyer" in html
    assert f'href="/campagnes/{collection.code}/collecte/envoi-profil"' in html and "Profil à envoyer" in html
    learner_client.post(f"/campagnes/{open_campaign.code}/evaluation/resultats", {"action": "share"})
    html = learner_client.get("/accueil").content.decode()
    assert f"/campagnes/{open_campaign.code}/" not in html  # sent: nothing left to do
    assert TITLE not in html


def test_a_timed_question_of_a_campaign_has_its_warning_page_and_countdown(learner_client, open_campaign):
    from tests.learners.player_helpers import change_challenge

    assessment = started(learner_client, open_campaign)
    learner_client.get(challenge_url(assessment, 1))
    assessment.refresh_from_db()
    change_challenge(assessment.last_challenge_id, timer=30)
    html = learner_client.get(challenge_url(assessment, 1)).content.decode()
    assert "Question chronométrée" in html and "Atelier numérique" in html
    learner_client.post(challenge_url(assessment, 1), {"action": "start"})
    html = learner_client.get(challenge_url(assessment, 1)).content.decode()
    assert "data-timer" in html and "tag--campaign" in html
