"""The candidate's pages (/certifications): join, instructions, access code, waiting, test, alert, end."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import Answer, Assessment
from assessments.selectors import forget_referential_snapshot
from certification import exam
from certification.models import Candidate, CertificationCourse, LiveAlert, Session
from challenges.models import Challenge
from tests.certification.exam_fixtures import (
    RIGHT,
    WRONG,
    enter_with_client,
    exam_release,  # noqa: F401
    make_candidate,
    make_certifiable,
    make_session,
)
from tests.certification.factories import CandidateFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exam_release")]

BIRTHDATE = datetime.date(2008, 3, 14)


@pytest.fixture
def session(db):
    return make_session()


@pytest.fixture
def person(db):
    user = UserFactory(first_name="Léa")
    make_certifiable(user)
    return user


@pytest.fixture
def client_of(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def joined(session, person):
    return make_candidate(session, user=person, certifiable=False, first_name="Léa", last_name="Martin")


def join_data(session, **overrides):
    data = {
        "session_number": str(session.pk),
        "first_name": "Léa",
        "last_name": "Martin",
        "day": "14",
        "month": "03",
        "year": "2008",
    }
    data.update(overrides)
    return data


# -- Entry ------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/certifications")
    assert response.status_code == 302
    assert "/connexion" in response["Location"]


def test_a_person_with_no_session_sees_the_join_form(client_of):
    response = client_of.get("/certifications")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rejoindre une session de certification" in html
    assert 'name="session_number"' in html


def test_joining_goes_on_to_the_instructions(client_of, session, person):
    candidate = CandidateFactory(session=session, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE)
    response = client_of.post("/certifications", join_data(session, first_name="lea", last_name="MARTIN"))
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.user == person
    page = client_of.get("/certifications").content.decode()
    assert "Avant de commencer : les règles du test" in page
    assert "32 questions" in page


def test_a_session_number_with_letters_is_refused_in_plain_french(client_of, session):
    response = client_of.post("/certifications", join_data(session, session_number="12a"))
    assert response.status_code == 200
    assert "Le numéro de session ne contient que des chiffres." in response.content.decode()


def test_an_impossible_birthdate_is_refused(client_of, session):
    response = client_of.post("/certifications", join_data(session, day="31", month="02"))
    assert "La date de naissance n&#x27;est pas valide." in response.content.decode()


def test_an_unknown_identity_is_explained(client_of, session):
    CandidateFactory(session=session, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE)
    response = client_of.post("/certifications", join_data(session, first_name="Zoé"))
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Nous ne vous trouvons pas parmi les candidats de cette session" in html


def test_a_person_not_certifiable_is_told_how_many_competences_are_missing(session):
    user = UserFactory()
    make_certifiable(user, competences=4)
    client = Client()
    client.force_login(user)
    CandidateFactory(session=session, first_name="Léa", last_name="Martin", birthdate=BIRTHDATE)
    html = client.post("/certifications", join_data(session)).content.decode()
    assert "vous devez avoir au moins 5 compétences au niveau 1 : il vous en manque 1." in html


def test_the_instructions_must_be_ticked(client_of, joined):
    Candidate.objects.filter(pk=joined.pk).update(has_seen_certification_instructions=False)
    url = f"/certifications/sessions/{joined.session_id}/instructions"
    html = client_of.post(url, {}).content.decode()
    assert "Cochez la case pour confirmer que vous avez lu les instructions." in html
    assert client_of.post(url, {"accepted": "on"}).status_code == 302
    joined.refresh_from_db()
    assert joined.has_seen_certification_instructions
    assert "Saisissez le code d'accès" in client_of.get("/certifications").content.decode()


def test_a_wrong_access_code_is_explained(client_of, joined):
    response = client_of.post(
        f"/certifications/sessions/{joined.session_id}/entree", {"access_code": "ZZZZ99"}
    )
    assert response.status_code == 200
    assert "Ce code d&#x27;accès ne correspond pas à votre session." in response.content.decode()


def test_the_right_code_without_confirmation_waits_for_the_invigilator(client_of, joined):
    url = f"/certifications/sessions/{joined.session_id}/entree"
    response = client_of.post(url, {"access_code": joined.session.access_code})
    html = response.content.decode()
    assert "En attente de l'autorisation du surveillant" in html
    assert "data-authorization-poll" in html
    assert not CertificationCourse.objects.exists()
    status = client_of.get(f"/certifications/sessions/{joined.session_id}/autorisation").json()
    assert status == {"authorized": False, "open": True, "ended": False}
    exam.candidate_authorize(candidate=joined, authorized=True)
    assert (
        client_of.get(f"/certifications/sessions/{joined.session_id}/autorisation").json()["authorized"]
        is True
    )
    response = client_of.post(url, {"access_code": joined.session.access_code})
    assert response.status_code == 302
    assert response["Location"] == f"/certifications/{CertificationCourse.objects.get().pk}"


def test_another_persons_session_pages_are_not_found(client_of, session):
    stranger = make_candidate(session, user=UserFactory())
    assert client_of.get(f"/certifications/sessions/{stranger.session_id}/autorisation").status_code == 404
    response = client_of.post(
        f"/certifications/sessions/{stranger.session_id}/entree", {"access_code": session.access_code}
    )
    assert response.status_code == 404


# -- The test -----------------------------------------------------------------------------------


def question_page(client, course_id: int) -> str:
    response = client.get(f"/certifications/{course_id}")
    if response.status_code == 200 and 'value="start"' in response.content.decode():
        client.post(f"/certifications/{course_id}", {"action": "start"})
        response = client.get(f"/certifications/{course_id}")
    assert response.status_code == 200, response
    return response.content.decode()


def asked_challenge(course_id: int) -> str:
    return Assessment.objects.get(certification_course_id=course_id).last_challenge_id


def answer(client, course_id: int, value: str = RIGHT, action: str = "answer"):
    question_page(client, course_id)
    return client.post(
        f"/certifications/{course_id}",
        {"challenge": asked_challenge(course_id), "answer": value, "action": action},
    )


def test_the_test_shows_one_question_without_correction(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    html = question_page(client_of, course_id)
    assert "Question 1" in html and "sur 32" in html
    assert "Je valide" in html and "Je passe" in html
    assert "Signaler un problème" in html
    response = answer(client_of, course_id, RIGHT)
    assert response.status_code == 302 and response["Location"] == f"/certifications/{course_id}"
    html = question_page(client_of, course_id)
    assert "Question 2" in html
    assert "Bonne réponse" not in html and "Correction" not in html
    assert Answer.objects.filter(assessment__certification_course_id=course_id).count() == 1


def test_je_passe_records_a_skipped_answer(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    answer(client_of, course_id, action="skip")
    assert Answer.objects.get(assessment__certification_course_id=course_id).result == "aband"


def test_validating_without_an_answer_shows_the_error(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    question_page(client_of, course_id)
    response = client_of.post(
        f"/certifications/{course_id}", {"challenge": asked_challenge(course_id), "action": "answer"}
    )
    assert response.status_code == 200
    assert "Pour valider, sélectionnez une réponse. Sinon, passez." in response.content.decode()
    assert not Answer.objects.exists()


def test_an_answer_for_another_question_is_ignored(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    question_page(client_of, course_id)
    other = Challenge.objects.exclude(pk=asked_challenge(course_id)).first().pk
    client_of.post(f"/certifications/{course_id}", {"challenge": other, "answer": RIGHT, "action": "answer"})
    assert not Answer.objects.exists()


def test_leaving_and_coming_back_needs_the_invigilator(client_of, joined, person):
    course_id = enter_with_client(client_of, joined)
    answer(client_of, course_id, RIGHT)
    # Another browser (or after signing out): the test page sends back to the access code.
    elsewhere = Client()
    elsewhere.force_login(person)
    response = elsewhere.get(f"/certifications/{course_id}")
    assert response.status_code == 302 and response["Location"] == "/certifications"
    html = elsewhere.get("/certifications").content.decode()
    assert "Reprendre votre test" in html
    response = elsewhere.post(
        f"/certifications/sessions/{joined.session_id}/entree", {"access_code": joined.session.access_code}
    )
    assert (
        "Vous avez quitté votre test : le surveillant doit autoriser sa reprise." in response.content.decode()
    )
    assert (
        elsewhere.post(
            f"/certifications/{course_id}", {"challenge": asked_challenge(course_id), "answer": RIGHT}
        ).status_code
        == 302
    )
    assert Answer.objects.count() == 1
    exam.candidate_authorize_resume(candidate=joined)
    response = elsewhere.post(
        f"/certifications/sessions/{joined.session_id}/entree", {"access_code": joined.session.access_code}
    )
    assert response["Location"] == f"/certifications/{course_id}"
    assert "Question 2" in question_page(elsewhere, course_id)


def test_a_candidate_sees_only_their_own_course(client_of, joined, session):
    other = make_candidate(session, user=UserFactory())
    other_client = Client()
    other_client.force_login(other.user)
    other_course = enter_with_client(other_client, other)
    for url in ("", "/fin", "/etat"):
        assert client_of.get(f"/certifications/{other_course}{url}").status_code == 404
    for url in ("", "/signalement", "/focus"):
        assert client_of.post(f"/certifications/{other_course}{url}", {"challenge": "x"}).status_code == 404


def test_a_timed_question_shows_its_warning_then_the_countdown(client_of, joined):
    Challenge.objects.update(timer=45)
    forget_referential_snapshot()
    course_id = enter_with_client(client_of, joined)
    html = client_of.get(f"/certifications/{course_id}").content.decode()
    assert "Question chronométrée" in html and 'value="start"' in html
    client_of.post(f"/certifications/{course_id}", {"action": "start"})
    html = client_of.get(f"/certifications/{course_id}").content.decode()
    assert "data-timer" in html and "Temps restant" in html


def test_the_server_remembers_a_focus_lost_on_a_focused_question(client_of, joined):
    Challenge.objects.update(focused=True)
    forget_referential_snapshot()
    course_id = enter_with_client(client_of, joined)
    html = question_page(client_of, course_id)
    assert "data-focused" in html
    challenge_id = asked_challenge(course_id)
    assert (
        client_of.post(f"/certifications/{course_id}/focus", {"challenge": challenge_id}).status_code == 204
    )
    client_of.get(f"/certifications/{course_id}")  # a reload
    client_of.post(
        f"/certifications/{course_id}", {"challenge": challenge_id, "answer": RIGHT, "action": "answer"}
    )
    assert Answer.objects.get().result == "focusedOut"


def test_reporting_a_problem_waits_for_the_invigilator_then_goes_on(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    question_page(client_of, course_id)
    reported = asked_challenge(course_id)
    response = client_of.post(f"/certifications/{course_id}/signalement", {"challenge": reported})
    assert response.status_code == 302
    html = client_of.get(f"/certifications/{course_id}").content.decode()
    assert "En attente du surveillant" in html
    assert "Vous avez signalé un problème sur la question 1." in html
    assert 'name="answer"' not in html
    assert client_of.get(f"/certifications/{course_id}/etat").json() == {"running": True, "alert": "ongoing"}
    # An answer sent meanwhile (an old tab) is not recorded.
    client_of.post(
        f"/certifications/{course_id}", {"challenge": reported, "answer": RIGHT, "action": "answer"}
    )
    assert not Answer.objects.exists()
    exam.live_alert_validate(alert=LiveAlert.objects.get(), subcategory="EMBED_NOT_WORKING")
    assert client_of.get(f"/certifications/{course_id}/etat").json() == {"running": True, "alert": "none"}
    html = question_page(client_of, course_id)
    assert "Question 1" in html
    assert asked_challenge(course_id) != reported


def test_the_end_screen_shows_the_certification_number(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    for _ in range(32):
        answer(client_of, course_id, WRONG)
    response = client_of.get(f"/certifications/{course_id}")
    assert response.status_code == 302 and response["Location"] == f"/certifications/{course_id}/fin"
    html = client_of.get(f"/certifications/{course_id}/fin").content.decode()
    assert "Votre test de certification est terminé" in html
    assert f">{course_id}<" in html
    assert "Léa Martin" in html


def test_the_end_screen_says_when_the_invigilator_ended_the_test(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    exam.course_end_by_invigilator(course=CertificationCourse.objects.get(pk=course_id))
    response = client_of.get(f"/certifications/{course_id}")
    assert response["Location"] == f"/certifications/{course_id}/fin"
    assert "Le surveillant a mis fin à votre test" in client_of.get(response["Location"]).content.decode()


def test_the_end_screen_says_when_the_session_was_finalised(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    question_page(client_of, course_id)
    Session.objects.filter(pk=joined.session_id).update(finalized_at=timezone.now())
    response = client_of.post(
        f"/certifications/{course_id}",
        {"challenge": asked_challenge(course_id), "answer": RIGHT, "action": "answer"},
    )
    assert response["Location"] == f"/certifications/{course_id}/fin"
    assert not Answer.objects.exists()
    html = client_of.get(f"/certifications/{course_id}/fin").content.decode()
    assert "La session est finalisée : votre test est terminé" in html


def test_a_finished_test_no_longer_appears_as_the_current_session(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    exam.course_end_by_invigilator(course=CertificationCourse.objects.get(pk=course_id))
    assert "Rejoindre une session de certification" in client_of.get("/certifications").content.decode()


def test_pages_have_no_inline_script_or_style(client_of, joined):
    course_id = enter_with_client(client_of, joined)
    for html in (
        question_page(client_of, course_id),
        client_of.get("/certifications?rejoindre=1").content.decode(),
    ):
        assert "<script>" not in html and "style=" not in html and " onclick=" not in html
