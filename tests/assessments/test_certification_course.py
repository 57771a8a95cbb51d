"""The questions and answers of a certification course (assessments.services, certification branches)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Answer, Assessment, KnowledgeElement
from assessments.selectors import forget_referential_snapshot
from assessments.services import (
    AssessmentEnded,
    CertificationSessionClosed,
    ChallengeNotAsked,
    LiveAlertPending,
    answer_save,
    assessment_next_challenge,
    competence_evaluation_start_or_resume,
)
from certification import exam
from certification.models import AssessmentResult, CertificationChallenge, IssueReport, LiveAlert, Session
from challenges.models import Challenge
from tests.certification.exam_fixtures import (
    RIGHT,
    WRONG,
    answer_current,
    exam_release,  # noqa: F401
    make_candidate,
    make_session,
    start_course,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exam_release")]


@pytest.fixture
def candidate(db):
    return make_candidate(make_session(), user=UserFactory(first_name="Léa"))


@pytest.fixture
def course_and_assessment(candidate):
    return start_course(candidate)


def test_a_v3_course_asks_32_questions_then_is_completed_and_scored(
    course_and_assessment, django_capture_on_commit_callbacks
):
    course, assessment = course_and_assessment
    answers = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for number in range(40):
            answer = answer_current(assessment, RIGHT if number % 3 else WRONG)
            if answer is None:
                break
            answers.append(answer)
    assert len(answers) == 32
    assessment.refresh_from_db()
    course.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED
    assert course.completed_at is not None
    assert len(callbacks) == 1  # the scoring task, queued once the transaction commits
    assert AssessmentResult.objects.filter(course=course).count() == 1
    assert assessment_next_challenge(assessment=assessment) is None


def test_each_question_is_recorded_with_its_position_and_calibration(course_and_assessment):
    course, assessment = course_and_assessment
    for _ in range(5):
        answer_current(assessment, RIGHT)
    questions = list(CertificationChallenge.objects.filter(course=course).order_by("position"))
    assert [q.position for q in questions] == [1, 2, 3, 4, 5]
    answered = list(
        Answer.objects.filter(assessment=assessment).order_by("id").values_list("challenge_id", flat=True)
    )
    assert [q.challenge_id for q in questions] == answered
    for question in questions:
        challenge = Challenge.objects.select_related("skill", "competence").get(pk=question.challenge_id)
        assert (question.alpha, question.delta) == (challenge.alpha, challenge.delta)
        assert question.skill_name == challenge.skill.name
        assert question.competence_code == challenge.competence.code
    # Two questions in a row never come from the same competence (challenges between same competence = 2).
    assert questions[0].competence_code != questions[1].competence_code


def test_a_question_asked_and_not_answered_is_asked_again_with_its_countdown(course_and_assessment):
    course, assessment = course_and_assessment
    first = assessment_next_challenge(assessment=assessment)
    assessment.refresh_from_db()
    asked_at = assessment.last_question_date
    again = assessment_next_challenge(assessment=assessment, now=timezone.now())
    assessment.refresh_from_db()
    assert again.id == first.id
    assert assessment.last_question_date == asked_at
    assert CertificationChallenge.objects.filter(course=course).count() == 1


def test_a_certification_creates_no_knowledge_element(course_and_assessment, candidate):
    course, assessment = course_and_assessment
    before = KnowledgeElement.objects.filter(user=candidate.user).count()
    for _ in range(3):
        answer_current(assessment, RIGHT)
    assert KnowledgeElement.objects.filter(user=candidate.user).count() == before


def test_je_passe_counts_as_a_wrong_answer(course_and_assessment):
    course, assessment = course_and_assessment
    answer = answer_current(assessment, "#ABAND#")
    assert answer.result == "aband"
    assert not answer.is_ok


def test_an_empty_answer_is_refused_unless_the_time_is_up(course_and_assessment):
    from assessments.services import EmptyAnswer

    course, assessment = course_and_assessment
    challenge = assessment_next_challenge(assessment=assessment)
    with pytest.raises(EmptyAnswer):
        answer_save(assessment=assessment, challenge_id=challenge.id, value="  ")


def make_everything_focused() -> None:
    Challenge.objects.update(focused=True)
    forget_referential_snapshot()


def test_a_right_answer_after_leaving_a_focused_question_is_focused_out(course_and_assessment):
    make_everything_focused()
    course, assessment = course_and_assessment
    answer = answer_current(assessment, RIGHT, focused_out=True)
    assert answer.result == "focusedOut"
    assert answer.focused_out is True


def test_the_focus_loss_told_to_the_server_counts_even_if_the_form_forgets_it(course_and_assessment):
    make_everything_focused()
    course, assessment = course_and_assessment
    challenge = assessment_next_challenge(assessment=assessment)
    assert exam.course_focus_lost(course=course, challenge_id=challenge.id)
    assessment.refresh_from_db()
    answer = answer_save(
        assessment=assessment, challenge_id=challenge.id, value=RIGHT, focused_out=False
    ).answer
    assert answer.result == "focusedOut"
    # The next question starts afresh.
    assert answer_current(assessment, RIGHT).result == "ok"


def test_a_wrong_answer_after_leaving_a_focused_question_stays_wrong(course_and_assessment):
    make_everything_focused()
    course, assessment = course_and_assessment
    assert answer_current(assessment, WRONG, focused_out=True).result == "ko"


def test_leaving_a_question_that_is_not_focused_changes_nothing(course_and_assessment):
    course, assessment = course_and_assessment
    assert answer_current(assessment, RIGHT, focused_out=True).result == "ok"


def test_leaving_a_focused_question_has_no_effect_outside_certification(candidate):
    make_everything_focused()
    assessment = competence_evaluation_start_or_resume(user=candidate.user, competence_code="1.1")
    challenge = assessment_next_challenge(assessment=assessment)
    answer = answer_save(
        assessment=assessment, challenge_id=challenge.id, value=RIGHT, focused_out=True
    ).answer
    assert answer.result == "ok"


def test_a_validated_live_alert_replaces_the_question_and_excludes_its_skill(course_and_assessment):
    course, assessment = course_and_assessment
    answer_current(assessment, RIGHT)
    reported = assessment_next_challenge(assessment=assessment)
    alert = exam.live_alert_create(course=course, challenge_id=reported.id)
    assert alert.question_number == 2
    with pytest.raises(LiveAlertPending):
        answer_save(assessment=assessment, challenge_id=reported.id, value=RIGHT)
    report = exam.live_alert_validate(alert=alert, subcategory="IMAGE_NOT_DISPLAYING")
    assert (report.category, report.subcategory, report.question_number) == (
        "IN_CHALLENGE",
        "IMAGE_NOT_DISPLAYING",
        2,
    )
    assert report.has_been_automatically_resolved and report.resolved_at is not None
    assert report.resolution == exam.LIVE_ALERT_RESOLUTION
    assert IssueReport.objects.filter(course=course).count() == 1
    with pytest.raises(ChallengeNotAsked):  # the form of the replaced question is refused
        answer_save(assessment=assessment, challenge_id=reported.id, value=RIGHT)

    replacement = assessment_next_challenge(assessment=assessment)
    assert replacement.id != reported.id
    assert replacement.skill_id != reported.skill_id
    rows = list(CertificationChallenge.objects.filter(course=course).order_by("position"))
    assert [r.position for r in rows] == [1, 2, 3]
    assert rows[1].challenge_id == reported.id and rows[2].challenge_id == replacement.id

    # The rest of the course never comes back to the reported skill, and still has 32 answers.
    reported_skill = rows[1].skill_name
    while answer_current(assessment, RIGHT) is not None:
        pass
    assert Answer.objects.filter(assessment=assessment).count() == 32
    asked_skills = list(
        CertificationChallenge.objects.filter(course=course).values_list("skill_name", flat=True)
    )
    assert asked_skills.count(reported_skill) == 1
    assert not Answer.objects.filter(assessment=assessment, challenge_id=reported.id).exists()


def test_a_dismissed_live_alert_gives_back_the_same_question(course_and_assessment):
    course, assessment = course_and_assessment
    reported = assessment_next_challenge(assessment=assessment)
    alert = exam.live_alert_create(course=course, challenge_id=reported.id)
    exam.live_alert_dismiss(alert=alert)
    assert LiveAlert.objects.get(pk=alert.pk).status == LiveAlert.Status.DISMISSED
    assert assessment_next_challenge(assessment=assessment).id == reported.id
    assert answer_save(assessment=assessment, challenge_id=reported.id, value=RIGHT).answer.is_ok
    assert not IssueReport.objects.exists()


def test_an_alert_on_an_answered_question_cannot_be_validated(course_and_assessment):
    course, assessment = course_and_assessment
    reported = assessment_next_challenge(assessment=assessment)
    alert = exam.live_alert_create(course=course, challenge_id=reported.id)
    # The answer got in before the alert (two tabs): it is there, the validation is refused.
    Answer.objects.create(assessment=assessment, challenge_id=reported.id, value=RIGHT, result="ok")
    with pytest.raises(exam.AlreadyAnswered) as refusal:
        exam.live_alert_validate(alert=alert, subcategory="WEBSITE_BLOCKED")
    assert refusal.value.code == "ALREADY_ANSWERED_ERROR"
    assert LiveAlert.objects.get(pk=alert.pk).status == LiveAlert.Status.ONGOING
    assert not IssueReport.objects.exists()


def test_a_live_alert_needs_a_known_problem_and_is_handled_once(course_and_assessment):
    course, assessment = course_and_assessment
    reported = assessment_next_challenge(assessment=assessment)
    alert = exam.live_alert_create(course=course, challenge_id=reported.id)
    with pytest.raises(exam.UnknownSubcategory):
        exam.live_alert_validate(
            alert=alert, subcategory="LEFT_EXAM_ROOM"
        )  # deprecated, not a question problem
    exam.live_alert_dismiss(alert=alert)
    with pytest.raises(exam.LiveAlertNotOngoing):
        exam.live_alert_validate(alert=alert, subcategory="WEBSITE_BLOCKED")
    with pytest.raises(exam.LiveAlertNotOngoing):
        exam.live_alert_dismiss(alert=alert)


def test_a_live_alert_is_only_for_the_question_shown(course_and_assessment):
    course, assessment = course_and_assessment
    shown = assessment_next_challenge(assessment=assessment)
    other = Challenge.objects.exclude(pk=shown.id).first()
    with pytest.raises(exam.LiveAlertRefused):
        exam.live_alert_create(course=course, challenge_id=other.pk)
    first = exam.live_alert_create(course=course, challenge_id=shown.id)
    assert exam.live_alert_create(course=course, challenge_id=shown.id).pk == first.pk  # a double click
    assert LiveAlert.objects.count() == 1


def test_a_v2_course_has_no_live_alert(candidate):
    session = make_session(version=2)
    v2_candidate = make_candidate(session, user=UserFactory())
    course, assessment = start_course(v2_candidate)
    shown = assessment_next_challenge(assessment=assessment)
    with pytest.raises(exam.LiveAlertRefused):
        exam.live_alert_create(course=course, challenge_id=shown.id)


def test_a_test_ended_by_the_invigilator_takes_no_more_answer(course_and_assessment):
    course, assessment = course_and_assessment
    shown = assessment_next_challenge(assessment=assessment)
    assert exam.course_end_by_invigilator(course=course)
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.ENDED_BY_INVIGILATOR
    with pytest.raises(AssessmentEnded):
        answer_save(assessment=assessment, challenge_id=shown.id, value=RIGHT)
    assert assessment_next_challenge(assessment=assessment) is None
    assert not exam.course_end_by_invigilator(course=course)  # no effect the second time
    course.refresh_from_db()
    assert course.completed_at is None


def test_ending_a_completed_test_has_no_effect(course_and_assessment):
    course, assessment = course_and_assessment
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.COMPLETED)
    assert not exam.course_end_by_invigilator(course=course)
    assert Assessment.objects.get(pk=assessment.pk).state == Assessment.State.COMPLETED


@pytest.mark.parametrize("field", ["finalized_at", "published_at"])
def test_a_finalised_or_published_session_refuses_answers(course_and_assessment, field):
    course, assessment = course_and_assessment
    shown = assessment_next_challenge(assessment=assessment)
    Session.objects.filter(pk=course.session_id).update(**{field: timezone.now()})
    with pytest.raises(CertificationSessionClosed):
        answer_save(assessment=assessment, challenge_id=shown.id, value=RIGHT)
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_v2_course_asks_its_questions_in_order_then_is_completed(django_capture_on_commit_callbacks):
    session = make_session(version=2)
    v2_candidate = make_candidate(session, user=UserFactory())
    course, assessment = start_course(v2_candidate)
    planned = list(
        CertificationChallenge.objects.filter(course=course)
        .order_by("position")
        .values_list("challenge_id", flat=True)
    )
    asked = []
    with django_capture_on_commit_callbacks(execute=True):
        while (challenge := assessment_next_challenge(assessment=assessment)) is not None:
            asked.append(challenge.id)
            answer_save(assessment=assessment, challenge_id=challenge.id, value=RIGHT)
    assert asked == planned and len(asked) == 15
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.COMPLETED
    assert AssessmentResult.objects.filter(course=course).exists()


def test_the_api_does_not_play_a_certification(course_and_assessment, candidate):
    course, assessment = course_and_assessment
    api = APIClient()
    api.force_authenticate(candidate.user)
    assert api.get(f"/api/assessments/{assessment.pk}/next").status_code == 404
    response = api.post(
        f"/api/assessments/{assessment.pk}/answers", {"challenge": "x", "value": RIGHT}, format="json"
    )
    assert response.status_code == 404
