"""Scoring a course from the database (pix-engine.md §12.2, §13.5–13.7, §17 worked examples)."""

from __future__ import annotations

import datetime
import math

import pytest
from django.utils import timezone

from assessments.engine.calibration import (
    MESH_LEVELS,
    PIX_SEED_COMPETENCE_INTERVALS,
    PIX_SEED_GLOBAL_INTERVALS,
)
from certification.models import AssessmentResult, CertificationCourse, LiveAlert, Session
from certification.scoring import course_score
from challenges.models import Challenge
from tests.certification.factories import SessionFactory, make_course
from tests.certification.results_helpers import challenge_ids, five_competences, give_profile  # noqa: F401

pytestmark = pytest.mark.django_db

SEED = {
    "global_intervals": PIX_SEED_GLOBAL_INTERVALS,
    "competence_intervals": {"1.1": PIX_SEED_COMPETENCE_INTERVALS, "1.2": PIX_SEED_COMPETENCE_INTERVALS},
}


def finalized_session(version: int = 3) -> Session:
    return SessionFactory(version=version, finalized_at=timezone.now())


def seed_score(capacity: float) -> int:
    """The score formula of §13.5 written again here, on the seed intervals, to check the stored score."""
    bounds = (-8.0, -1.4, -0.519, 0.6, 1.5, 2.25, 3.1, 4.0, 8.0)
    if capacity < bounds[0]:
        return 0
    if capacity >= bounds[-1]:
        return 895
    for index in range(8):
        low, high = bounds[index], bounds[index + 1]
        if low <= capacity < high:
            mesh = MESH_LEVELS[index]
            return min(
                math.floor(mesh.weight * (mesh.coefficient + 1 - (high - capacity) / (high - low))), 895
            )
    raise AssertionError


def v3_ids(count: int) -> list[str]:
    ids = challenge_ids("1.1", 38) + challenge_ids("1.2", 14)
    return ids[:count]


# -- v3 ---------------------------------------------------------------------------------------


def test_a_course_without_answers_scores_48_at_the_start_capacity_with_the_seed_intervals(small_release):
    course = make_course(
        session=finalized_session(), state="endedDueToFinalization", abort_reason="candidate"
    )

    result = course_score(course_id=course.pk, **SEED)

    # §17: θ = −3 gives 48 (pre-beginner); fewer than 20 answers rejects the course.
    assert result.capacity == pytest.approx(-3.0)
    assert result.pix_score == 48
    assert result.reached_mesh_level == 0
    assert result.status == AssessmentResult.Status.REJECTED
    assert result.jury_comment_key == "REJECTED_DUE_TO_LACK_OF_ANSWERS"
    assert result.emitter == "PIX-ALGO"


def test_a_full_v3_course_is_validated_with_the_score_of_its_capacity_and_levels_per_competence(
    small_release,
):
    answers = [(cid, "ok" if index % 4 else "ko") for index, cid in enumerate(v3_ids(32))]
    course = make_course(session=SessionFactory(version=3), answers=answers)

    result = course_score(course_id=course.pk, **SEED)

    assert result.status == AssessmentResult.Status.VALIDATED
    assert result.jury_comment_key == ""
    assert result.pix_score == seed_score(result.capacity)
    assert result.pix_score > 48
    marks = {mark.competence_code: mark for mark in result.competence_marks.all()}
    assert set(marks) == {"1.1", "1.2"}
    expected = sum(1 for bound in (-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0) if result.capacity >= bound)
    assert marks["1.1"].level == expected
    assert marks["1.1"].score == 0 and marks["1.1"].area_code == "1"


def test_the_calibration_stored_with_each_question_wins_over_todays_content(small_release):
    answers = [(cid, "ok") for cid in v3_ids(24)]
    course = make_course(session=finalized_session(), answers=answers, calibration=(1.5, 0.0))
    first = course_score(course_id=course.pk, **SEED)

    Challenge.objects.update(delta=5.0, alpha=0.3)
    from assessments.selectors import forget_referential_snapshot

    forget_referential_snapshot()
    again = course_score(course_id=course.pk, **SEED)

    assert again.capacity == pytest.approx(first.capacity)
    assert again.pix_score == first.pix_score


def test_a_validated_live_alert_removes_its_answer_from_the_count(small_release):
    ids = v3_ids(20)
    course = make_course(session=finalized_session(), answers=[(cid, "ok") for cid in ids])
    assert course_score(course_id=course.pk, **SEED).status == AssessmentResult.Status.VALIDATED

    LiveAlert.objects.create(
        course=course, challenge_id=ids[3], question_number=4, status=LiveAlert.Status.VALIDATED
    )
    result = course_score(course_id=course.pk, **SEED)

    assert result.status == AssessmentResult.Status.REJECTED
    assert result.jury_comment_key == "REJECTED_DUE_TO_LACK_OF_ANSWERS"


def test_a_technical_abort_before_20_answers_cancels_the_course_without_score(small_release):
    course = make_course(
        session=finalized_session(),
        answers=[(cid, "ok") for cid in v3_ids(10)],
        state="endedDueToFinalization",
        abort_reason="technical",
    )

    result = course_score(course_id=course.pk, **SEED)

    assert result.status == AssessmentResult.Status.CANCELLED
    assert result.jury_comment_key == "CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    assert result.pix_score == 0 and result.capacity is None
    assert not result.competence_marks.exists()


def test_a_cancelled_or_fraudulent_course_gets_its_status(small_release):
    answers = [(cid, "ok") for cid in v3_ids(32)]
    cancelled = make_course(session=finalized_session(), answers=answers, is_cancelled=True)
    fraud = make_course(session=finalized_session(), answers=answers, is_rejected_for_fraud=True)

    assert course_score(course_id=cancelled.pk).status == AssessmentResult.Status.CANCELLED
    rejected = course_score(course_id=fraud.pk)
    assert rejected.status == AssessmentResult.Status.REJECTED
    assert rejected.jury_comment_key == "FRAUD"


# -- v2 (§17: a competence of level 4 and 35 pix, 2 right answers out of 3) ---------------------

# Other competences' answers give a global rate of 85 % (11/13), 75 % (3/4) or 45 % (5/11).
V2_CASES = {
    85: [("1.2", 3, 3), ("1.3", 3, 3), ("2.1", 3, 3), ("2.2", 1, 0)],
    75: [("1.2", 1, 1)],
    45: [("1.2", 3, 1), ("1.3", 3, 1), ("2.1", 2, 1)],
}


def v2_course(rate: int):
    answers = [(cid, status) for cid, status in zip(challenge_ids("1.1", 3), ("ok", "ok", "ko"), strict=True)]
    for competence, count, right in V2_CASES[rate]:
        answers += [
            (cid, "ok" if index < right else "ko")
            for index, cid in enumerate(challenge_ids(competence, count))
        ]
    course = make_course(session=finalized_session(version=2), answers=answers, version=2)
    # Every tested competence is certifiable (level 1 or more) in the profile at the reconciliation.
    profile = {"1.1": 35, "1.2": 20, "1.3": 12, "2.1": 9, "2.2": 30}
    give_profile(course.user, {code: profile[code] for code in ["1.1", *(c for c, _, _ in V2_CASES[rate])]})
    return course


@pytest.mark.usefixtures("five_competences")
def test_the_v2_worked_example_at_85_percent_validates_level_4_and_35_pix():
    result = course_score(course_id=v2_course(85).pk)

    assert result.reproducibility_rate == 85
    assert result.status == AssessmentResult.Status.VALIDATED
    mark = result.competence_marks.get(competence_code="1.1")
    assert (mark.level, mark.score) == (4, 35)


@pytest.mark.usefixtures("five_competences")
def test_the_v2_worked_example_at_75_percent_downgrades_to_level_3_and_27_pix():
    result = course_score(course_id=v2_course(75).pk)

    assert result.reproducibility_rate == 75
    mark = result.competence_marks.get(competence_code="1.1")
    assert (mark.level, mark.score) == (3, 27)


@pytest.mark.usefixtures("five_competences")
def test_the_v2_worked_example_at_45_percent_rejects_every_competence():
    result = course_score(course_id=v2_course(45).pk)

    assert result.reproducibility_rate == 45
    assert result.status == AssessmentResult.Status.REJECTED
    assert result.jury_comment_key == "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"
    assert result.pix_score == 0
    assert {(m.level, m.score) for m in result.competence_marks.all()} == {(-1, 0)}


@pytest.mark.usefixtures("five_competences")
def test_the_v2_profile_is_taken_at_the_reconciliation_date():
    course = v2_course(85)
    # Pix earned after joining the session do not count.
    give_profile(course.user, {"1.1": 20}, at=timezone.now())
    course.candidate.reconciled_at = timezone.now() - datetime.timedelta(days=1)
    course.candidate.save()

    mark = course_score(course_id=course.pk).competence_marks.get(competence_code="1.1")

    assert (mark.level, mark.score) == (4, 35)


@pytest.mark.usefixtures("five_competences")
def test_a_scoring_error_gives_a_result_in_error_and_is_logged(caplog):
    # Four questions in one competence: no rule of the v2 table applies.
    answers = [(cid, "ok") for cid in challenge_ids("1.1", 4)]
    course = make_course(session=finalized_session(version=2), answers=answers, version=2)
    give_profile(course.user, {"1.1": 35})

    result = course_score(course_id=course.pk)

    assert result.status == AssessmentResult.Status.ERROR
    assert result.pix_score == 0
    assert "missing certified level rule" in result.comment_by_jury
    assert "scoring of certification course" in caplog.text


# -- When, and how often ----------------------------------------------------------------------


def test_a_published_session_is_never_rescored(small_release):
    course = make_course(session=finalized_session(), answers=[(cid, "ok") for cid in v3_ids(20)])
    Session.objects.filter(pk=course.session_id).update(published_at=timezone.now())

    assert course_score(course_id=course.pk) is None
    assert not AssessmentResult.objects.exists()


def test_an_unfinished_course_of_an_open_session_is_not_scored_yet(small_release):
    course = make_course(
        session=SessionFactory(version=3), answers=[(cid, "ok") for cid in v3_ids(5)], state="started"
    )

    assert course_score(course_id=course.pk) is None
    assert not AssessmentResult.objects.exists()


def test_a_course_whose_assessment_is_completed_is_scored_before_finalisation(small_release):
    course = make_course(session=SessionFactory(version=3), answers=[(cid, "ok") for cid in v3_ids(32)])
    CertificationCourse.objects.filter(pk=course.pk).update(completed_at=None)

    assert course_score(course_id=course.pk).status == AssessmentResult.Status.VALIDATED


def test_scoring_again_appends_a_result_and_keeps_the_jury_comments(small_release):
    course = make_course(session=finalized_session(), answers=[(cid, "ok") for cid in v3_ids(32)])
    first = course_score(course_id=course.pk)
    AssessmentResult.objects.filter(pk=first.pk).update(comment_for_candidate="Bravo")

    second = course_score(course_id=course.pk)

    assert AssessmentResult.objects.filter(course=course).count() == 2
    assert second.pk != first.pk and second.pix_score == first.pix_score
    assert second.comment_for_candidate == "Bravo"
    assert second.competence_marks.count() == first.competence_marks.count()


@pytest.mark.parametrize("count", [20, 32])
def test_scoring_a_course_costs_the_same_queries_whatever_its_length(
    small_release, count, django_assert_max_num_queries
):
    course = make_course(session=finalized_session(), answers=[(cid, "ok") for cid in v3_ids(count)])
    course_score(course_id=course.pk)  # builds the referential snapshot once

    with django_assert_max_num_queries(12):
        course_score(course_id=course.pk)
