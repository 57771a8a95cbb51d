"""The invigilator's space (/certif/surveillance): login, access limited to one open session, the live
list and its actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_next_challenge
from certification import exam
from certification.exam_selectors import InvigilatedStatus, invigilated_candidates, theoretical_end
from certification.models import Candidate, CertificationCourse, IssueReport, LiveAlert, Session
from tests.certification.exam_fixtures import (
    exam_release,  # noqa: F401
    make_candidate,
    make_session,
    start_course,
)
from tests.certification.factories import CandidateFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exam_release")]

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _clear_login_failures():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session(db):
    return make_session()


def login(client, session, password=None):
    return client.post(
        "/certif/surveillance",
        {"session_number": str(session.pk), "password": password or session.invigilator_password},
    )


@pytest.fixture
def invigilator(session):
    client = Client()
    response = login(client, session)
    assert response.status_code == 302 and response["Location"] == f"/certif/surveillance/{session.pk}"
    return client


# -- Login and access -------------------------------------------------------------------------


def test_the_login_page_needs_no_pix_account(client):
    response = client.get("/certif/surveillance")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Espace surveillant" in html and 'name="password"' in html


def test_a_wrong_password_is_refused(client, session):
    response = login(client, session, password="xxxxxx")
    assert response.status_code == 403
    assert "Le numéro de session ou le mot de passe est incorrect." in response.content.decode()
    assert client.get(f"/certif/surveillance/{session.pk}").status_code == 403


def test_many_wrong_passwords_block_the_session_for_a_while(client, session):
    for _ in range(exam.INVIGILATOR_LOGIN_MAX_FAILURES):
        login(client, session, password="xxxxxx")
    response = login(client, session)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_a_finalised_session_cannot_be_invigilated(client, session):
    Session.objects.filter(pk=session.pk).update(finalized_at=timezone.now())
    response = login(client, session)
    assert response.status_code == 403
    assert "son espace surveillant est fermé" in response.content.decode()


def test_the_invigilator_sees_the_session_and_its_access_code(invigilator, session):
    make_candidate(session, user=UserFactory(), first_name="Léa", last_name="Martin")
    response = invigilator.get(f"/certif/surveillance/{session.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Session n°{session.pk}" in html
    assert session.access_code in html
    assert "Martin" in html and "14/03/2008" in html
    assert "data-poll-url" in html


def test_the_access_opens_only_the_session_logged_into(invigilator, session):
    other = make_session()
    assert invigilator.get(f"/certif/surveillance/{other.pk}").status_code == 403
    assert invigilator.get(f"/certif/surveillance/{other.pk}/candidats.json", **JSON).status_code == 403
    candidate = CandidateFactory(session=other)
    response = invigilator.post(
        f"/certif/surveillance/{other.pk}/candidats/{candidate.pk}/presence", {"authorized": "1"}
    )
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert not candidate.authorized_to_start


def test_a_candidate_of_another_session_is_not_found_from_this_one(invigilator, session):
    stranger = CandidateFactory(session=make_session())
    response = invigilator.post(
        f"/certif/surveillance/{session.pk}/candidats/{stranger.pk}/presence", {"authorized": "1"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert not stranger.authorized_to_start


def test_the_access_closes_when_the_session_is_finalised(invigilator, session):
    Session.objects.filter(pk=session.pk).update(finalized_at=timezone.now())
    poll = invigilator.get(f"/certif/surveillance/{session.pk}/candidats.json", **JSON)
    assert poll.status_code == 403 and poll.json()["closed"] is True
    response = invigilator.get(f"/certif/surveillance/{session.pk}")
    assert response.status_code == 403
    assert "son espace surveillant est fermé" in response.content.decode()


def test_a_new_invigilator_password_closes_old_accesses(invigilator, session):
    Session.objects.filter(pk=session.pk).update(invigilator_password="bcdf23")
    assert invigilator.get(f"/certif/surveillance/{session.pk}").status_code == 403


def test_leaving_the_space_ends_the_access(invigilator, session):
    invigilator.post(f"/certif/surveillance/{session.pk}/deconnexion")
    assert invigilator.get(f"/certif/surveillance/{session.pk}").status_code == 403


def test_a_forged_access_is_refused(client, session):
    s = client.session
    s["certif.invigilator"] = "not-a-signed-value"
    s.save()
    assert client.get(f"/certif/surveillance/{session.pk}").status_code == 403


# -- Actions ----------------------------------------------------------------------------------


def test_confirming_the_presence_lets_the_candidate_start_and_can_be_cancelled(invigilator, session):
    candidate = make_candidate(session, user=UserFactory())
    url = f"/certif/surveillance/{session.pk}/candidats/{candidate.pk}/presence"
    response = invigilator.post(url, {"authorized": "1"}, **JSON)
    assert response.status_code == 200 and "confirmée" in response.json()["message"]
    candidate.refresh_from_db()
    assert candidate.authorized_to_start
    invigilator.post(url, {"authorized": "0"})
    candidate.refresh_from_db()
    assert not candidate.authorized_to_start


def test_the_presence_of_a_started_candidate_is_no_longer_confirmed(invigilator, session):
    candidate = make_candidate(session, user=UserFactory())
    start_course(candidate)
    response = invigilator.post(
        f"/certif/surveillance/{session.pk}/candidats/{candidate.pk}/presence", {"authorized": "1"}, **JSON
    )
    assert response.status_code == 409
    assert "déjà commencé" in response.json()["message"]


def test_authorising_a_resume(invigilator, session):
    candidate = make_candidate(session, user=UserFactory())
    url = f"/certif/surveillance/{session.pk}/candidats/{candidate.pk}/reprise"
    assert invigilator.post(url, **JSON).status_code == 409  # no test running yet
    start_course(candidate)
    response = invigilator.post(url)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.authorized_to_start


def test_ending_a_test(invigilator, session):
    candidate = make_candidate(session, user=UserFactory())
    course, assessment = start_course(candidate)
    url = f"/certif/surveillance/{session.pk}/candidats/{candidate.pk}/fin"
    assert invigilator.post(url, **JSON).status_code == 200
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.ENDED_BY_INVIGILATOR
    assert invigilator.post(url, **JSON).status_code == 409


def test_validating_and_dismissing_live_alerts(invigilator, session):
    candidate = make_candidate(session, user=UserFactory())
    course, assessment = start_course(candidate)
    shown = assessment_next_challenge(assessment=assessment)
    alert = exam.live_alert_create(course=course, challenge_id=shown.id)
    base = f"/certif/surveillance/{session.pk}/signalements/{alert.pk}"
    response = invigilator.post(f"{base}/validation", {"subcategory": ""}, **JSON)
    assert (
        response.status_code == 409
        and response.json()["message"] == "Choisissez le problème rencontré par le candidat."
    )
    response = invigilator.post(f"{base}/validation", {"subcategory": "WEBSITE_UNAVAILABLE"}, **JSON)
    assert response.status_code == 200
    assert LiveAlert.objects.get(pk=alert.pk).status == LiveAlert.Status.VALIDATED
    report = IssueReport.objects.get(course=course)
    assert (report.category, report.subcategory, report.question_number) == (
        "IN_CHALLENGE",
        "WEBSITE_UNAVAILABLE",
        1,
    )
    replacement = assessment_next_challenge(assessment=assessment)
    second = exam.live_alert_create(course=course, challenge_id=replacement.id)
    response = invigilator.post(f"/certif/surveillance/{session.pk}/signalements/{second.pk}/refus")
    assert response.status_code == 302
    assert LiveAlert.objects.get(pk=second.pk).status == LiveAlert.Status.DISMISSED


def test_an_alert_of_another_session_is_not_found(invigilator, session):
    other = make_candidate(make_session(), user=UserFactory())
    course, assessment = start_course(other)
    alert = exam.live_alert_create(
        course=course, challenge_id=assessment_next_challenge(assessment=assessment).id
    )
    response = invigilator.post(f"/certif/surveillance/{session.pk}/signalements/{alert.pk}/refus")
    assert response.status_code == 404
    assert LiveAlert.objects.get(pk=alert.pk).status == LiveAlert.Status.ONGOING


# -- The live list ----------------------------------------------------------------------------


def test_statuses_of_the_live_list(session):
    now = timezone.now()
    make_candidate(session, user=UserFactory(), last_name="Attente")
    confirmed = make_candidate(session, user=UserFactory(), last_name="Confirme")
    exam.candidate_authorize(candidate=confirmed, authorized=True)
    playing = make_candidate(session, user=UserFactory(), last_name="Encours")
    start_course(playing)
    on_hold = make_candidate(session, user=UserFactory(), last_name="Signale")
    course, assessment = start_course(on_hold)
    exam.live_alert_create(course=course, challenge_id=assessment_next_challenge(assessment=assessment).id)
    done = make_candidate(session, user=UserFactory(), last_name="Termine")
    done_course, _ = start_course(done)
    exam.course_end_by_invigilator(course=done_course)
    late = make_candidate(
        session, user=UserFactory(), last_name="Tard", extra_time_percentage=Decimal("0.33")
    )
    start_course(late, now=now - datetime.timedelta(minutes=150))
    Candidate.objects.filter(pk=late.pk).update(started_at=now - datetime.timedelta(minutes=150))
    rows = {row.candidate.last_name: row for row in invigilated_candidates(session=session, now=now)}
    assert rows["Attente"].status == InvigilatedStatus.NOT_STARTED
    assert rows["Confirme"].status == InvigilatedStatus.CONFIRMED
    assert rows["Encours"].status == InvigilatedStatus.ONGOING
    assert rows["Signale"].status == InvigilatedStatus.ON_HOLD
    assert rows["Signale"].ongoing_alert.question_number == 1
    assert rows["Termine"].status == InvigilatedStatus.ENDED and rows["Termine"].ended_by_invigilator
    assert rows["Tard"].status == InvigilatedStatus.OVERTIME


def test_the_theoretical_end_is_105_minutes_plus_the_extra_time():
    start = timezone.now()
    assert theoretical_end(started_at=start, extra_time_percentage=None) == start + datetime.timedelta(
        minutes=105
    )
    assert theoretical_end(
        started_at=start, extra_time_percentage=Decimal("0.30")
    ) == start + datetime.timedelta(minutes=137)  # 105 × 1.3 = 136.5, rounded up: never cut short


def test_the_poll_gives_each_card_and_what_to_announce(invigilator, session):
    candidate = make_candidate(
        session, user=UserFactory(first_name="Léa"), first_name="Léa", last_name="Martin"
    )
    course, assessment = start_course(candidate)
    exam.live_alert_create(course=course, challenge_id=assessment_next_challenge(assessment=assessment).id)
    data = invigilator.get(f"/certif/surveillance/{session.pk}/candidats.json", **JSON).json()
    (card,) = data["candidates"]
    assert card["status"] == "on_hold"
    assert card["announce"] == "Léa Martin signale un problème sur la question 1."
    assert "Signalement sur la question 1" in card["html"]
    assert "Valider : nouvelle question" in card["html"]
    assert "1</span> en attente" in data["summary"]


def seat_many(session, count: int) -> None:
    for index in range(count):
        candidate = make_candidate(session, user=UserFactory(), last_name=f"Nom{index}")
        if index % 3 == 0:
            course, assessment = start_course(candidate)
            if index % 2 == 0:
                exam.live_alert_create(
                    course=course, challenge_id=assessment_next_challenge(assessment=assessment).id
                )


@pytest.mark.parametrize("candidates", [3, 40])
def test_the_poll_stays_within_a_fixed_number_of_queries(
    invigilator, session, candidates, django_assert_max_num_queries
):
    seat_many(session, candidates)
    with django_assert_max_num_queries(6):
        response = invigilator.get(f"/certif/surveillance/{session.pk}/candidats.json", **JSON)
    assert response.status_code == 200
    assert len(response.json()["candidates"]) == candidates
    with django_assert_max_num_queries(6):
        assert invigilator.get(f"/certif/surveillance/{session.pk}").status_code == 200


def test_the_page_has_no_inline_script_or_style(invigilator, session):
    make_candidate(session, user=UserFactory())
    html = invigilator.get(f"/certif/surveillance/{session.pk}").content.decode()
    assert "<script>" not in html and "style=" not in html and " onclick=" not in html
    assert CertificationCourse.objects.count() == 0
