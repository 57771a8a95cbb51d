"""What a teacher sees of a campaign: only SHARED results, never a deleted participation; the activity,
the results and their filters, one participant's page, the analysis, the collected profiles; and the
number of queries, flat whatever the number of participants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import CampaignParticipation
from tests.campaigns.sharing import assessment_campaign, many_participants, participant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(school, admin, small_release):
    return assessment_campaign(school, admin, external_id_label="Numéro", external_id_type="STRING")


@pytest.fixture
def teacher_client(client, admin):
    client.force_login(admin)
    return client


def url(name: str, campaign, **kwargs) -> str:
    return reverse(
        f"orga:{name}", kwargs={"org_id": campaign.organization_id, "campaign_id": campaign.pk, **kwargs}
    )


@pytest.fixture
def class_of_four(campaign):
    """Lou (5 of 8 skills, 3A), Léo (1 of 8, 3B), Zoé (all 8, 3A) shared; Max (3A) has not sent."""
    lou = participant(
        campaign,
        first_name="Lou",
        last_name="Martin",
        division="3A",
        external_id="A12",
        validated=["@alpha1", "@alpha2", "@alpha3", "@beta1", "@epsilon1"],
        invalidated=["@beta2"],
    )
    leo = participant(
        campaign, first_name="Léo", last_name="Petit", division="3B", external_id="B7", validated=["@alpha1"]
    )
    zoe = participant(
        campaign,
        first_name="Zoé",
        last_name="Arnaud",
        division="3A",
        external_id="A3",
        validated=[
            "@alpha1",
            "@alpha2",
            "@alpha3",
            "@beta1",
            "@beta2",
            "@epsilon1",
            "@epsilon2",
            "@epsilon3",
        ],
    )
    max_ = participant(
        campaign,
        first_name="Max",
        last_name="Bernard",
        division="3A",
        external_id="A1",
        validated=["@alpha1", "@alpha2"],
        share=False,
        complete=False,
    )
    return {"lou": lou, "leo": leo, "zoe": zoe, "max": max_}


def test_results_list_only_the_shared_participants_with_their_mastery_stage_and_badges(
    teacher_client, campaign, class_of_four
):
    response = teacher_client.get(url("campaign_results", campaign))
    rows = {row["names"][1]: row for row in response.context["results"]}
    assert set(rows) == {"Lou", "Léo", "Zoé"}  # Max has not sent his results
    assert [row["names"][0] for row in response.context["results"]] == ["Arnaud", "Martin", "Petit"]
    assert (rows["Lou"]["mastery"], rows["Léo"]["mastery"], rows["Zoé"]["mastery"]) == (63, 13, 100)
    assert [rows[name]["stage"].title for name in ("Lou", "Léo", "Zoé")] == [
        "Solide",
        "Premiers pas",
        "Solide",
    ]
    assert [b.title for b in rows["Lou"]["badges"]] == ["Chercheur", "La moitié"]
    assert [b.title for b in rows["Zoé"]["badges"]] == ["Chercheur", "La moitié"]
    assert rows["Léo"]["badges"] == []
    page = response.content.decode()
    assert "BERNARD" not in page and "Max" not in page
    assert "Résultats (3)" in page


def test_results_filter_by_class_stage_and_badge(teacher_client, campaign, class_of_four):
    def names(**query) -> list[str]:
        response = teacher_client.get(url("campaign_results", campaign), query)
        return sorted(row["names"][1] for row in response.context["results"])

    assert names(classe="3A") == ["Lou", "Zoé"]
    assert names(classe="3B") == ["Léo"]
    assert names(palier="0") == ["Léo"]
    assert names(palier="2") == ["Lou", "Zoé"]
    assert names(palier="1") == []
    chercheur = campaign.target_profile.badges.get(title="Chercheur")
    assert names(badge=str(chercheur.pk)) == ["Lou", "Zoé"]
    assert names(classe="3A", recherche="arn") == ["Zoé"]


def test_a_deleted_participation_disappears_from_every_view(teacher_client, campaign, class_of_four):
    lou = class_of_four["lou"]
    CampaignParticipation.objects.filter(pk=lou.pk).update(deleted_at=timezone.now())
    for name in ("campaign", "campaign_results"):
        page = teacher_client.get(url(name, campaign)).content.decode()
        assert "MARTIN" not in page, name
    assert (
        teacher_client.get(url("participant_results", campaign, participation_id=lou.pk)).status_code == 404
    )
    analysis = teacher_client.get(url("campaign_analysis", campaign)).context["analysis"]
    assert analysis.participants == 2
    activity = teacher_client.get(url("campaign", campaign)).context["activity"]
    assert (activity.participants, activity.shared) == (3, 2)
    listed = teacher_client.get(reverse("orga:campaigns", kwargs={"org_id": campaign.organization_id}))
    assert listed.context["page"].object_list[0].participants_count == 3


def test_a_participation_replaced_by_a_retry_is_not_counted_twice(teacher_client, campaign):
    campaign.multiple_sendings = True
    campaign.save()
    first = participant(
        campaign, first_name="Lou", last_name="Martin", validated=["@alpha1"], external_id="A1"
    )
    retry = services.participation_start(campaign=campaign, user=first.user, now=timezone.now())
    response = teacher_client.get(url("campaign", campaign))
    assert response.context["activity"].participants == 1
    assert [row["participation"].pk for row in response.context["participants"]] == [retry.participation.pk]
    assert teacher_client.get(url("campaign_results", campaign)).context["results"] == []


def test_the_activity_counts_participants_by_status_by_day_and_by_stage(
    teacher_client, campaign, class_of_four
):
    ready = participant(
        campaign, first_name="Nina", last_name="Roux", validated=["@alpha1"], share=False, external_id="A9"
    )
    response = teacher_client.get(url("campaign", campaign))
    activity = response.context["activity"]
    assert (activity.participants, activity.started, activity.to_share, activity.shared) == (5, 1, 1, 3)
    assert {row.stage.title: row.count for row in activity.stages} == {
        "Premiers pas": 1,
        "En progression": 0,
        "Solide": 2,
    }
    by_day = {day.day: (day.started, day.shared) for day in activity.days}
    assert sum(started for started, _ in by_day.values()) == 5
    assert sum(shared for _, shared in by_day.values()) == 3
    assert sum(bucket.count for bucket in activity.mastery) == 3
    statuses = {row["names"][1]: row["status"][1] for row in response.context["participants"]}
    assert statuses == {
        "Lou": "Résultats reçus",
        "Léo": "Résultats reçus",
        "Zoé": "Résultats reçus",
        "Max": "En cours",
        "Nina": "En attente d'envoi",
    }
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert ready.pk


def test_participations_are_counted_per_day_in_paris_time(teacher_client, campaign):
    from datetime import UTC, datetime

    five_days_ago = (timezone.now() - timedelta(days=5)).date()
    late_evening_utc = datetime.combine(five_days_ago, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=23, minutes=30
    )
    participant(
        campaign,
        first_name="Lou",
        validated=["@alpha1"],
        external_id="1",
        started_at=late_evening_utc,
        shared_at=late_evening_utc + timedelta(days=1),
    )
    activity = teacher_client.get(url("campaign", campaign)).context["activity"]
    paris_day = five_days_ago + timedelta(days=1)  # 23:30 UTC is already the next day in Paris
    by_day = {day.day: (day.started, day.shared) for day in activity.days}
    assert by_day[paris_day] == (1, 0)
    assert by_day[paris_day + timedelta(days=1)] == (0, 1)
    assert activity.days[0].day == paris_day and activity.days[-1].day == timezone.localdate()


def test_a_participants_page_shows_the_seed_figures_only_once_shared(teacher_client, campaign, class_of_four):
    lou = class_of_four["lou"]
    response = teacher_client.get(url("participant_results", campaign, participation_id=lou.pk))
    result = response.context["result"]
    assert (result.progress, result.competences_count, result.validated, result.skills_total) == (
        100,
        2,
        5,
        8,
    )
    assert result.mastery_percentage == 63
    assert [(c.code, c.validated, c.total) for c in result.competences] == [("1.1", 4, 5), ("1.2", 1, 3)]
    assert result.stage.title == "Solide"
    page = response.content.decode()
    for label in (
        "Avancement",
        "Commencé le",
        "Partagé le",
        "Compétences testées",
        "Acquis validés",
        "Acquis évalués",
        "Score",
    ):
        assert label in page, label
    assert "63 %" in page

    max_ = class_of_four["max"]
    response = teacher_client.get(url("participant_results", campaign, participation_id=max_.pk))
    result = response.context["result"]
    assert not result.is_shared
    assert result.progress == 25  # 2 of the 8 skills already tested
    assert (result.validated, result.mastery_percentage, result.competences) == (None, None, ())
    page = response.content.decode()
    assert "Score" not in page and "Acquis validés" not in page
    assert "n'a pas encore envoyé ses résultats" in page


def test_the_analysis_ranks_the_tubes_and_charts_competences_from_shared_results_only(
    teacher_client, campaign, class_of_four
):
    response = teacher_client.get(url("campaign_analysis", campaign))
    analysis = response.context["analysis"]
    assert analysis.participants == 3
    # validated skills of Lou, Léo, Zoé: 1.1 has 5 skills: 4 + 1 + 5; 1.2 has 3: 1 + 0 + 3
    assert [(c.code, c.validated, c.total, c.percentage) for c in analysis.competences] == [
        ("1.1", 10, 15, 67),
        ("1.2", 4, 9, 44),
    ]
    scores = [tube.average_score for tube in analysis.tubes]
    assert scores == sorted(scores)
    assert {tube.tube for tube in analysis.tubes} == {"@alpha", "@beta", "@epsilon"}
    assert all(tube.tutorials for tube in analysis.tubes)
    page = response.content.decode()
    assert page.count('class="relevance__dots"') == 3
    assert "Tutoriel 1.1" in page


def test_a_profiles_collection_shows_each_shared_profile_with_pix_levels_and_certifiability(
    teacher_client, school, admin, small_release
):
    collection = services.campaign_create(
        organization=school, creator=admin, name="Profils des 3e", type="PROFILES_COLLECTION"
    )
    strong = participant(
        collection,
        first_name="Lou",
        last_name="Martin",
        division="3A",
        validated=["@alpha1", "@alpha2", "@beta1", "@beta2", "@gamma2", "@delta1", "@epsilon1", "@zeta1"],
    )
    participant(collection, first_name="Max", last_name="Bernard", validated=["@alpha1"], share=False)
    assert teacher_client.get(url("campaign_results", collection))["Location"] == url(
        "campaign_profiles", collection
    )
    response = teacher_client.get(url("campaign_profiles", collection))
    profiles = response.context["profiles"]
    assert [p.first_name for p in profiles] == ["Lou"]
    levels = {level.code: level.level for level in profiles[0].levels}
    assert len(levels) == len(strong.results_snapshot["competences"])
    assert profiles[0].pix_score == strong.results_snapshot["pix_score"] > 0
    assert profiles[0].is_certifiable is False  # two competences at level 1 or more, five needed
    detail = teacher_client.get(url("participant_profile", collection, participation_id=strong.pk))
    assert detail.context["profile"].pix_score == profiles[0].pix_score
    assert teacher_client.get(url("campaign_analysis", collection)).status_code == 404
    activity = teacher_client.get(url("campaign", collection))
    assert {row["status"][1] for row in activity.context["participants"]} == {"Profil reçu", "En cours"}
    assert (activity.context["activity"].shared, activity.context["activity"].to_share) == (1, 0)
    edit = teacher_client.get(url("campaign_edit", collection))
    assert edit.status_code == 200 and "title" not in edit.context["form"].fields


def test_the_results_page_runs_the_same_queries_for_10_and_300_participants(
    teacher_client, school, admin, small_release
):
    small = assessment_campaign(school, admin, name="Petite")
    large = assessment_campaign(school, admin, name="Grande")
    many_participants(small, 10)
    many_participants(large, 300)

    def queries(campaign, name: str = "campaign_results", **kwargs) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = teacher_client.get(url(name, campaign, **kwargs))
        assert response.status_code == 200
        return len(captured)

    for name in ("campaign_results", "campaign", "campaign_analysis"):
        assert queries(large, name) == queries(small, name), name
    filtered = {"classe": "3A"}
    with CaptureQueriesContext(connection) as small_filtered:
        teacher_client.get(url("campaign_results", small), filtered)
    with CaptureQueriesContext(connection) as large_filtered:
        teacher_client.get(url("campaign_results", large), filtered)
    assert len(large_filtered) == len(small_filtered)
    one = CampaignParticipation.objects.filter(campaign=large, status="SHARED").first()
    other = CampaignParticipation.objects.filter(campaign=small, status="SHARED").first()
    assert queries(large, "participant_results", participation_id=one.pk) == queries(
        small, "participant_results", participation_id=other.pk
    )


def test_a_learner_without_membership_cannot_see_results(client, campaign, class_of_four):
    client.force_login(UserFactory())
    assert client.get(url("campaign_results", campaign)).status_code == 404
