from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges.models import Challenge
from tests.challenges.factories import (
    AreaFactory,
    AttachmentFactory,
    ChallengeFactory,
    CompetenceFactory,
    ContentReleaseFactory,
    SkillFactory,
    TubeFactory,
    TutorialFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["area", "competence", "tube", "skill", "tutorial", "contentrelease"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def content():
    tutorial = TutorialFactory()
    skill = SkillFactory(tutorials=[tutorial])
    challenge = ChallengeFactory(skill=skill, timer=60, instruction="Trouvez la **date** de mise à jour.")
    AttachmentFactory(challenge=challenge)
    return challenge


def model_for(name: str, challenge: Challenge):
    return {
        "area": challenge.competence.area,
        "competence": challenge.competence,
        "tube": challenge.skill.tube,
        "skill": challenge.skill,
        "tutorial": challenge.skill.tutorials.get(),
        "contentrelease": challenge.release,
    }[name]


@pytest.mark.parametrize("name", MODELS)
def test_every_referential_changelist_and_change_page_opens(
    admin_client, content, name, django_assert_max_num_queries
):
    obj = model_for(name, content)
    with django_assert_max_num_queries(15):
        assert admin_client.get(reverse(f"admin:referential_{name}_changelist")).status_code == 200
    with django_assert_max_num_queries(15):
        assert admin_client.get(reverse(f"admin:referential_{name}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_the_referential_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, content, name):
    obj = model_for(name, content)
    assert admin_client.get(reverse(f"admin:referential_{name}_add")).status_code == 403
    assert admin_client.get(reverse(f"admin:referential_{name}_delete", args=[obj.pk])).status_code == 403
    html = admin_client.get(reverse(f"admin:referential_{name}_change", args=[obj.pk])).content.decode()
    assert 'name="_save"' not in html


def test_the_referential_admin_searches_by_name(admin_client):
    SkillFactory(tube=TubeFactory(name="@operateurs"), level=3)
    SkillFactory(tube=TubeFactory(name="@fiabilite"), level=3)
    html = admin_client.get(
        reverse("admin:referential_skill_changelist"), {"q": "operateurs"}
    ).content.decode()
    assert "@operateurs3" in html and "@fiabilite3" not in html


def challenge_changelist_queries(admin_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("admin:challenges_challenge_changelist")).status_code == 200
    return len(queries)


def test_the_challenge_changelist_runs_as_many_queries_for_30_rows_as_for_3(admin_client):
    competence = CompetenceFactory(area=AreaFactory())
    release = ContentReleaseFactory()

    def add(count: int) -> None:
        for _ in range(count):
            ChallengeFactory(skill=SkillFactory(tube=TubeFactory(competence=competence)), release=release)

    add(3)
    few = challenge_changelist_queries(admin_client)
    add(27)
    assert Challenge.objects.count() == 30
    assert challenge_changelist_queries(admin_client) == few
    assert few <= 15


def test_the_challenge_change_page_shows_the_learner_view_and_a_link_to_the_preview(
    admin_client, content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse("admin:challenges_challenge_change", args=[content.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trouvez la <strong>date</strong> de mise à jour." in html
    assert "/static/content/attachments/1-1-etude-boisson.pdf" in html
    assert f'href="/challenges/{content.pk}/preview"' in html


def test_only_the_status_of_a_challenge_can_be_changed(admin_client, content):
    url = reverse("admin:challenges_challenge_change", args=[content.pk])
    response = admin_client.post(
        url,
        {
            "status": Challenge.Status.ARCHIVED,
            "instruction": "Consigne modifiée",
            "solution": "3",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    content.refresh_from_db()
    assert content.status == Challenge.Status.ARCHIVED
    assert content.instruction == "Trouvez la **date** de mise à jour."
    assert content.solution == "2"


def test_challenges_cannot_be_added_or_deleted_in_the_admin(admin_client, content):
    assert admin_client.get(reverse("admin:challenges_challenge_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:challenges_challenge_delete", args=[content.pk])).status_code == 403
    )


def test_the_archive_action_archives_the_selected_challenges(admin_client, content):
    other = ChallengeFactory()
    response = admin_client.post(
        reverse("admin:challenges_challenge_changelist"),
        {"action": "archive_selected", "_selected_action": [content.pk]},
    )
    assert response.status_code == 302
    content.refresh_from_db()
    other.refresh_from_db()
    assert content.status == Challenge.Status.ARCHIVED
    assert other.status == Challenge.Status.VALIDATED


def test_the_challenge_changelist_filters_timed_challenges_and_searches_instructions(admin_client, content):
    untimed = ChallengeFactory(instruction="Quel est le mot de passe le plus robuste ?")
    url = reverse("admin:challenges_challenge_changelist")
    timed_html = admin_client.get(url, {"timed": "yes"}).content.decode()
    assert content.pk in timed_html and untimed.pk not in timed_html
    untimed_html = admin_client.get(url, {"timed": "no"}).content.decode()
    assert untimed.pk in untimed_html and content.pk not in untimed_html
    search_html = admin_client.get(url, {"q": "mot de passe"}).content.decode()
    assert untimed.pk in search_html and content.pk not in search_html


@pytest.mark.parametrize(
    "query",
    [{"type__exact": "QCU"}, {"status__exact": "validé"}, {"skill__level": "2"}, {"focused__exact": "1"}],
)
def test_the_challenge_changelist_filters_answer(admin_client, content, query):
    assert admin_client.get(reverse("admin:challenges_challenge_changelist"), query).status_code == 200


def test_the_competence_filter_keeps_only_its_challenges(admin_client, content):
    other = ChallengeFactory()
    html = admin_client.get(
        reverse("admin:challenges_challenge_changelist"), {"competence__id__exact": content.competence_id}
    ).content.decode()
    assert content.pk in html and other.pk not in html
