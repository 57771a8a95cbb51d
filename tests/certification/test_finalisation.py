"""Finalising a session (pix-certif.md §4.1–4.3): issue reports, checks, ending tests, automatic jury."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment
from certification.finalisation import (
    CourseReport,
    FinalisationError,
    issue_report_add,
    issue_report_delete,
    session_finalize,
)
from certification.models import AssessmentResult, CertificationChallenge, IssueReport, LiveAlert, Session
from certification.selectors import session_accepts_answers
from challenges.models import Attachment, Challenge
from tests.certification.factories import IssueReportFactory, SessionFactory, make_course
from tests.factories import CenterMembershipFactory

pytestmark = pytest.mark.django_db

A1, A2, A3 = "ch-1-1-alpha1-a", "ch-1-1-alpha2-a", "ch-1-1-alpha3-a"
TIMED = "ch-1-1-delta2-a"


def v2_session() -> Session:
    return SessionFactory(version=2)


def reports_of(course) -> list[IssueReport]:
    return list(IssueReport.objects.filter(course=course).order_by("id"))


def question(course, number: int) -> CertificationChallenge:
    return CertificationChallenge.objects.get(course=course, position=number)


# -- The checks of §4.1 -----------------------------------------------------------------------------


def test_finalising_stamps_the_session_and_ends_the_unfinished_tests(small_release):
    session = SessionFactory()
    done = make_course(session=session, answers=[(A1, "ok")])
    started = make_course(session=session, answers=[(A2, "ko")], state="started")
    ended = make_course(session=session, answers=[(A3, "ok")], state="endedByInvigilator")

    outcome = session_finalize(
        session=session,
        examiner_global_comment="  Coupure de courant à 10 h.  ",
        has_incident=True,
        has_joining_issue=True,
        course_reports={
            started.pk: CourseReport(abort_reason="candidate", examiner_comment="Parti plus tôt"),
            ended.pk: CourseReport(abort_reason="technical"),
        },
    )

    session.refresh_from_db()
    assert session.finalized_at is not None
    assert session.examiner_global_comment == "Coupure de courant à 10 h."
    assert session.has_incident and session.has_joining_issue
    assert session.status == Session.Status.FINALIZED
    states = dict(Assessment.objects.values_list("certification_course_id", "state"))
    assert states[done.pk] == "completed"
    assert states[started.pk] == "endedDueToFinalization"
    assert states[ended.pk] == "endedByInvigilator"
    started.refresh_from_db()
    assert (started.abort_reason, started.examiner_comment) == ("candidate", "Parti plus tôt")
    # Unfinished tests and tests without any result are scored.
    assert set(outcome.scored_course_ids) == {done.pk, started.pk, ended.pk}


def test_finalising_queues_the_scoring_after_the_commit(small_release, django_capture_on_commit_callbacks):
    session = SessionFactory()
    course = make_course(session=session, answers=[(A1, "ok")], state="started")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_finalize(session=session, course_reports={course.pk: CourseReport(abort_reason="candidate")})

    assert len(callbacks) == 1
    assert AssessmentResult.objects.get(course=course).status == AssessmentResult.Status.REJECTED


def test_an_already_finalised_session_cannot_be_finalised_again(small_release):
    session = SessionFactory(finalized_at=timezone.now())
    make_course(session=session, answers=[(A1, "ok")])

    with pytest.raises(FinalisationError, match="déjà été finalisée"):
        session_finalize(session=session)


def test_a_session_without_any_started_test_cannot_be_finalised(db):
    session = SessionFactory()

    with pytest.raises(FinalisationError, match="Aucun candidat n'a commencé"):
        session_finalize(session=session)
    session.refresh_from_db()
    assert session.finalized_at is None


def test_each_unfinished_test_needs_an_abort_reason_and_nothing_changes_without_it(small_release):
    session = SessionFactory()
    first = make_course(session=session, answers=[(A1, "ok")], state="started")
    second = make_course(session=session, answers=[(A2, "ok")], state="endedByInvigilator")

    with pytest.raises(FinalisationError) as caught:
        session_finalize(
            session=session,
            examiner_global_comment="Rien",
            course_reports={first.pk: CourseReport(abort_reason="technical")},
        )

    assert "motif d'abandon de chaque test non terminé" in caught.value.detail
    assert set(caught.value.errors) == {f"course_{second.pk}_abort_reason"}
    session.refresh_from_db()
    first.refresh_from_db()
    assert session.finalized_at is None and session.examiner_global_comment == ""
    assert first.abort_reason == ""
    assert Assessment.objects.get(certification_course=first).state == "started"


def test_a_completed_test_cannot_get_an_abort_reason(small_release):
    session = SessionFactory()
    course = make_course(session=session, answers=[(A1, "ok")])

    with pytest.raises(FinalisationError) as caught:
        session_finalize(session=session, course_reports={course.pk: CourseReport(abort_reason="candidate")})

    assert "ne s'applique qu'à un test non terminé" in caught.value.detail
    assert Session.objects.get(pk=session.pk).finalized_at is None


def test_an_unknown_abort_reason_is_refused(small_release):
    session = SessionFactory()
    course = make_course(session=session, answers=[(A1, "ok")], state="started")

    with pytest.raises(FinalisationError) as caught:
        session_finalize(session=session, course_reports={course.pk: CourseReport(abort_reason="boredom")})

    assert caught.value.errors == {f"course_{course.pk}_abort_reason": "Ce motif d'abandon n'existe pas."}


def test_comments_are_limited_to_500_characters(small_release):
    session = SessionFactory()
    course = make_course(session=session, answers=[(A1, "ok")])

    with pytest.raises(FinalisationError) as caught:
        session_finalize(
            session=session,
            examiner_global_comment="x" * 501,
            course_reports={course.pk: CourseReport(examiner_comment="y" * 501)},
        )

    assert set(caught.value.errors) == {"examiner_global_comment", f"course_{course.pk}_comment"}
    session_finalize(session=session, examiner_global_comment="x" * 500)  # 500 is allowed


def test_a_report_for_a_test_of_another_session_is_refused(small_release):
    session = SessionFactory()
    make_course(session=session, answers=[(A1, "ok")])
    other = make_course(answers=[(A2, "ok")])

    with pytest.raises(FinalisationError, match="n'appartient pas à cette session"):
        session_finalize(session=session, course_reports={other.pk: CourseReport()})


def test_a_finalised_session_refuses_new_answers(small_release):
    session = SessionFactory()
    make_course(session=session, answers=[(A1, "ok")])
    assert session_accepts_answers(session)

    session_finalize(session=session)

    session.refresh_from_db()
    assert not session_accepts_answers(session)
    assert not session_accepts_answers(
        SessionFactory(published_at=timezone.now(), finalized_at=timezone.now())
    )


# -- Issue reports (§4.2) ------------------------------------------------------------------------


@pytest.fixture
def course(small_release):
    return make_course(session=SessionFactory(), answers=[(A1, "ok"), (A2, "ko")])


@pytest.mark.parametrize(
    "category", ["TECHNICAL_PROBLEM", "OTHER", "LATE_OR_LEAVING", "CONNECTION_OR_END_SCREEN"]
)
def test_a_deprecated_category_is_refused(course, category):
    with pytest.raises(FinalisationError, match="n'est plus utilisée"):
        issue_report_add(session=course.session, course_id=course.pk, category=category, description="x")
    assert not IssueReport.objects.exists()


@pytest.mark.parametrize("subcategory", ["LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM"])
def test_a_deprecated_subcategory_is_refused(course, subcategory):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(
            session=course.session,
            course_id=course.pk,
            category="IN_CHALLENGE",
            subcategory=subcategory,
            question_number=1,
        )
    assert "n'est plus utilisée" in caught.value.errors["subcategory"]


def test_a_change_of_candidate_information_needs_its_subcategory_and_a_description(course):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(
            session=course.session, course_id=course.pk, category="CANDIDATE_INFORMATIONS_CHANGES"
        )
    assert set(caught.value.errors) == {"subcategory", "description"}

    report = issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="CANDIDATE_INFORMATIONS_CHANGES",
        subcategory="NAME_OR_BIRTHDATE",
        description="Prénom mal orthographié",
        question_number=4,
    )
    assert (report.subcategory, report.question_number) == ("NAME_OR_BIRTHDATE", None)


@pytest.mark.parametrize("number", [None, "", 0, 501, "abc"])
def test_a_problem_on_a_question_needs_a_number_between_1_and_500(course, number):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(
            session=course.session,
            course_id=course.pk,
            category="IN_CHALLENGE",
            subcategory="IMAGE_NOT_DISPLAYING",
            question_number=number,
        )
    assert caught.value.errors == {"question_number": "Indiquez le numéro de la question, entre 1 et 500."}


def test_a_problem_on_a_question_needs_one_of_its_subcategories(course):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(
            session=course.session,
            course_id=course.pk,
            category="IN_CHALLENGE",
            subcategory="NAME_OR_BIRTHDATE",
            question_number=2,
        )
    assert "subcategory" in caught.value.errors


@pytest.mark.parametrize(
    "category", ["SIGNATURE_ISSUE", "NON_BLOCKING_TECHNICAL_ISSUE", "NON_BLOCKING_CANDIDATE_ISSUE"]
)
def test_non_blocking_and_signature_reports_need_a_description_and_lose_subcategory_and_number(
    course, category
):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(session=course.session, course_id=course.pk, category=category)
    assert caught.value.errors == {"description": "Décrivez ce qui s'est passé."}

    report = issue_report_add(
        session=course.session,
        course_id=course.pk,
        category=category,
        subcategory="WEBSITE_BLOCKED",
        question_number=3,
        description="  A signé sur la ligne de son voisin  ",
    )
    assert (report.subcategory, report.question_number) == ("", None)
    assert report.description == "A signé sur la ligne de son voisin"


def test_a_fraud_suspicion_needs_nothing_more(course):
    report = issue_report_add(session=course.session, course_id=course.pk, category="FRAUD")
    assert (report.category, report.subcategory, report.description) == ("FRAUD", "", "")


def test_a_description_is_limited_to_500_characters(course):
    with pytest.raises(FinalisationError) as caught:
        issue_report_add(
            session=course.session, course_id=course.pk, category="SIGNATURE_ISSUE", description="x" * 501
        )
    assert "500" in caught.value.errors["description"]


def test_an_unknown_category_or_a_course_of_another_session_is_refused(course):
    with pytest.raises(FinalisationError, match="catégorie"):
        issue_report_add(session=course.session, course_id=course.pk, category="NOPE")
    with pytest.raises(FinalisationError, match="n'a pas passé de test"):
        issue_report_add(session=SessionFactory(), course_id=course.pk, category="FRAUD")


def test_reports_can_be_deleted_before_finalisation_but_not_those_of_live_alerts(course):
    report = issue_report_add(session=course.session, course_id=course.pk, category="FRAUD")
    alert = LiveAlert.objects.create(course=course, challenge_id=A2, question_number=2, status="validated")
    from_alert = IssueReportFactory(course=course, live_alert=alert)

    issue_report_delete(session=course.session, report_id=report.pk)
    with pytest.raises(FinalisationError):
        issue_report_delete(session=course.session, report_id=from_alert.pk)

    assert reports_of(course) == [from_alert]


def test_no_report_can_be_added_once_the_session_is_finalised(course):
    Session.objects.filter(pk=course.session_id).update(finalized_at=timezone.now())
    course.session.refresh_from_db()

    with pytest.raises(FinalisationError, match="déjà été finalisée"):
        issue_report_add(session=course.session, course_id=course.pk, category="FRAUD")


# -- The automatic jury of v2 sessions (§4.3, pix-engine.md §14) -------------------------------------


def finalise_with_report(course, subcategory: str, number: int, **course_reports) -> IssueReport:
    report = issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="IN_CHALLENGE",
        subcategory=subcategory,
        question_number=number,
    )
    session_finalize(session=course.session, course_reports=course_reports or None)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    "subcategory",
    ["WEBSITE_BLOCKED", "WEBSITE_UNAVAILABLE", "SOFTWARE_NOT_WORKING", "SKIP_ON_OOPS", "ACCESSIBILITY_ISSUE"],
)
def test_these_reports_neutralise_a_wrong_answer_without_checking_the_question(small_release, subcategory):
    course = make_course(session=v2_session(), answers=[(A1, "ok"), (A2, "ko")], version=2)

    report = finalise_with_report(course, subcategory, 2)

    assert question(course, 2).is_neutralized
    assert report.resolved_at is not None and report.has_been_automatically_resolved
    assert report.resolution == "La question a été neutralisée automatiquement."


def test_a_right_answer_is_never_neutralised(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ok"), (A2, "ko")], version=2)

    report = finalise_with_report(course, "WEBSITE_BLOCKED", 1)

    assert not question(course, 1).is_neutralized
    assert report.resolution == "Question non neutralisée : la réponse n'est ni fausse ni passée."


@pytest.mark.parametrize("subcategory", ["IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING"])
def test_a_missing_image_or_application_neutralises_only_a_question_that_has_one(small_release, subcategory):
    Challenge.objects.filter(pk=A2).update(illustration="carte.png")
    course = make_course(session=v2_session(), answers=[(A1, "ko"), (A2, "ko")], version=2)
    issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="IN_CHALLENGE",
        subcategory=subcategory,
        question_number=1,
    )

    report = finalise_with_report(course, subcategory, 2)

    assert question(course, 2).is_neutralized and not question(course, 1).is_neutralized
    first = reports_of(course)[0]
    assert first.resolution == "Question non neutralisée : elle n'a ni image ni application intégrée."
    assert report.resolution == "La question a été neutralisée automatiquement."


def test_a_file_that_does_not_open_neutralises_only_a_question_with_an_attachment(small_release):
    Attachment.objects.create(challenge_id=A2, file_name="budget.ods")
    course = make_course(session=v2_session(), answers=[(A1, "ko"), (A2, "aband")], version=2)
    issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="IN_CHALLENGE",
        subcategory="FILE_NOT_OPENING",
        question_number=1,
    )

    finalise_with_report(course, "FILE_NOT_OPENING", 2)

    assert question(course, 2).is_neutralized and not question(course, 1).is_neutralized


def test_extra_time_exceeded_neutralises_only_a_timed_question(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ko"), (TIMED, "timedout")], version=2)
    Answer.objects.filter(challenge_id=TIMED).update(result="ko")
    issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="IN_CHALLENGE",
        subcategory="EXTRA_TIME_EXCEEDED",
        question_number=1,
    )

    finalise_with_report(course, "EXTRA_TIME_EXCEEDED", 2)

    assert question(course, 2).is_neutralized and not question(course, 1).is_neutralized
    assert reports_of(course)[0].resolution == "Question non neutralisée : elle n'est pas chronométrée."


def test_an_unintentional_focus_out_validates_the_answer_of_a_focused_question(small_release):
    Challenge.objects.filter(pk__in=[A1, A2]).update(focused=True)
    course = make_course(
        session=v2_session(), answers=[(A1, "focusedOut"), (A2, "aband"), (A3, "focusedOut")], version=2
    )
    for number in (1, 2):
        issue_report_add(
            session=course.session,
            course_id=course.pk,
            category="IN_CHALLENGE",
            subcategory="UNINTENTIONAL_FOCUS_OUT",
            question_number=number,
        )

    report = finalise_with_report(course, "UNINTENTIONAL_FOCUS_OUT", 3)

    answers = dict(Answer.objects.values_list("challenge_id", "result"))
    assert answers[A1] == "ok"  # focused, left the frame: the answer is accepted
    assert question(course, 2).is_neutralized  # focused, skipped: neutralised
    assert answers[A3] == "focusedOut" and not question(course, 3).is_neutralized  # not a focused question
    assert report.resolution == "Signalement sans effet : la question n'est pas une question « focus »."


def test_reports_without_an_automatic_rule_are_left_to_the_jury(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ko")], version=2)
    issue_report_add(session=course.session, course_id=course.pk, category="FRAUD")
    issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="CANDIDATE_INFORMATIONS_CHANGES",
        subcategory="NAME_OR_BIRTHDATE",
        description="Nom",
    )

    session_finalize(session=course.session)

    assert all(report.resolved_at is None for report in reports_of(course))
    assert not question(course, 1).is_neutralized


def test_a_report_on_an_unknown_question_number_is_resolved_without_effect(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ko")], version=2)

    report = finalise_with_report(course, "WEBSITE_BLOCKED", 7)

    assert report.resolution == "Aucune question du test ne porte ce numéro."
    assert not CertificationChallenge.objects.filter(is_neutralized=True).exists()


def test_the_unanswered_questions_of_a_candidate_abort_count_as_skipped(small_release):
    course = make_course(
        session=v2_session(), answers=[(A1, "ok")], unanswered=[A2, A3], state="started", version=2
    )

    session_finalize(
        session=course.session, course_reports={course.pk: CourseReport(abort_reason="candidate")}
    )

    assert [q.has_been_skipped_automatically for q in course.challenges.order_by("position")] == [
        False,
        True,
        True,
    ]
    assert not course.challenges.filter(is_neutralized=True).exists()


def test_the_unanswered_questions_of_a_technical_abort_are_neutralised(small_release):
    course = make_course(
        session=v2_session(), answers=[(A1, "ok")], unanswered=[A2, A3], state="started", version=2
    )

    outcome = session_finalize(
        session=course.session, course_reports={course.pk: CourseReport(abort_reason="technical")}
    )

    assert [q.is_neutralized for q in course.challenges.order_by("position")] == [False, True, True]
    assert outcome.neutralised_questions == 2


def test_a_v2_course_changed_by_the_automatic_jury_is_rescored(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ok"), (A2, "ko")], version=2)
    AssessmentResult.objects.create(course=course, status="validated", pix_score=8, emitter="PIX-ALGO")

    issue_report_add(
        session=course.session,
        course_id=course.pk,
        category="IN_CHALLENGE",
        subcategory="SKIP_ON_OOPS",
        question_number=2,
    )
    outcome = session_finalize(session=course.session)

    assert outcome.scored_course_ids == (course.pk,)


def test_a_scored_complete_course_without_effect_is_not_rescored(small_release):
    course = make_course(session=v2_session(), answers=[(A1, "ok")], version=2)
    AssessmentResult.objects.create(course=course, status="validated", pix_score=8, emitter="PIX-ALGO")

    assert session_finalize(session=course.session).scored_course_ids == ()


def test_reports_of_a_v3_session_are_left_to_the_jury(small_release):
    course = make_course(session=SessionFactory(version=3), answers=[(A1, "ok"), (A2, "ko")])

    report = finalise_with_report(course, "WEBSITE_BLOCKED", 2)

    assert report.resolved_at is None and not question(course, 2).is_neutralized


# -- The pages -------------------------------------------------------------------------------------


@pytest.fixture
def finalisation_setup(small_release):
    session = SessionFactory()
    membership = CenterMembershipFactory(center=session.center, terms_accepted_at=timezone.now())
    done = make_course(session=session, answers=[(A1, "ok")], last_name="Curie")
    unfinished = make_course(session=session, answers=[(A2, "ko")], state="started", last_name="Noether")
    return session, membership.user, done, unfinished


def test_the_finalisation_page_lists_the_tests_and_asks_an_abort_reason_for_the_unfinished(
    client, finalisation_setup
):
    session, member, done, unfinished = finalisation_setup
    client.force_login(member)

    html = client.get(reverse("certif:session_finalisation", args=[session.pk])).content.decode()

    assert "Curie" in html and "Noether" in html
    assert f'name="abort_reason_{unfinished.pk}"' in html
    assert f'name="abort_reason_{done.pk}"' not in html
    assert "Finaliser la session" in html


def test_finalising_without_an_abort_reason_shows_the_error_and_changes_nothing(client, finalisation_setup):
    session, member, done, unfinished = finalisation_setup
    client.force_login(member)

    response = client.post(reverse("certif:session_finalisation", args=[session.pk]), {"has_incident": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Choisissez le motif d&#x27;abandon de ce test non terminé." in html
    assert 'aria-invalid="true"' in html and "checked" in html  # the incident box stays ticked
    assert Session.objects.get(pk=session.pk).finalized_at is None


def test_finalising_from_the_page_redirects_to_the_session(client, finalisation_setup):
    session, member, done, unfinished = finalisation_setup
    client.force_login(member)

    response = client.post(
        reverse("certif:session_finalisation", args=[session.pk]),
        {
            f"abort_reason_{unfinished.pk}": "technical",
            "examiner_global_comment": "RAS",
            f"comment_{done.pk}": "ok",
        },
    )

    assert response.status_code == 302 and response.url == reverse("certif:session", args=[session.pk])
    session.refresh_from_db()
    assert session.finalized_at and session.examiner_global_comment == "RAS"
    page = client.get(response.url).content.decode()
    assert "La session est finalisée" in page and "Finaliser la session</a>" not in page


def test_a_report_is_added_and_deleted_from_the_pages(client, finalisation_setup):
    session, member, done, _unfinished = finalisation_setup
    client.force_login(member)
    url = reverse("certif:issue_report_add", args=[session.pk, done.pk])

    assert "Suspicion de fraude" in client.get(url).content.decode()
    invalid = client.post(url, {"category": "IN_CHALLENGE", "subcategory": "WEBSITE_BLOCKED"})
    assert invalid.status_code == 400 and "entre 1 et 500" in invalid.content.decode()
    response = client.post(
        url, {"category": "IN_CHALLENGE", "subcategory": "WEBSITE_BLOCKED", "question_number": "1"}
    )
    assert response.status_code == 302

    report = IssueReport.objects.get()
    page = client.get(reverse("certif:session_finalisation", args=[session.pk])).content.decode()
    assert "E5 – Le site est bloqué" in page
    client.post(reverse("certif:issue_report_delete", args=[session.pk, report.pk]))
    assert not IssueReport.objects.exists()


def test_the_session_page_offers_finalisation_once_a_test_has_started(client, finalisation_setup):
    session, member, *_ = finalisation_setup
    client.force_login(member)
    html = client.get(reverse("certif:session", args=[session.pk])).content.decode()
    assert reverse("certif:session_finalisation", args=[session.pk]) in html


@pytest.mark.parametrize("courses", [2, 12])
def test_the_finalisation_page_costs_the_same_queries_whatever_the_number_of_tests(
    client, small_release, courses, django_assert_max_num_queries
):
    session = SessionFactory()
    member = CenterMembershipFactory(center=session.center, terms_accepted_at=timezone.now()).user
    for index in range(courses):
        course = make_course(
            session=session, answers=[(A1, "ok")], state="started" if index % 2 else "completed"
        )
        IssueReportFactory(course=course)
    client.force_login(member)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("certif:session_finalisation", args=[session.pk]))
    assert response.status_code == 200
