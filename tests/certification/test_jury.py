"""The jury's actions (pix-certif.md §4.3–4.4): each one that can change a result rescores the course."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import jury
from certification.models import AssessmentResult, IssueReport, Session
from certification.scoring import course_score
from tests.certification.factories import IssueReportFactory, SessionFactory, make_course
from tests.certification.results_helpers import challenge_ids, give_profile, published_certification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def finalised() -> Session:
    return SessionFactory(version=2, finalized_at=timezone.now())


@pytest.fixture
def v2_course(small_release):
    """1.1: right, wrong, wrong (level 4 and 35 pix in the profile); 1.2: three right answers."""
    ids = challenge_ids("1.1", 3) + challenge_ids("1.2", 3)
    statuses = ["ok", "ko", "ko", "ok", "ok", "ok"]
    course = make_course(session=finalised(), answers=list(zip(ids, statuses, strict=True)), version=2)
    give_profile(course.user, {"1.1": 35, "1.2": 20})
    course_score(course_id=course.pk)
    return course


def latest(course) -> AssessmentResult:
    return AssessmentResult.objects.filter(course=course).order_by("-created_at", "-id").first()


def mark(result: AssessmentResult, code: str) -> tuple[int, int]:
    found = result.competence_marks.get(competence_code=code)
    return found.level, found.score


def test_neutralising_a_question_rescores_and_deneutralising_restores_the_result(v2_course):
    before = latest(v2_course)
    assert mark(before, "1.1") == (-1, 0) and before.reproducibility_rate == 67

    after = jury.challenge_neutralize(course=v2_course, question_number=2)

    assert after.emitter == "Jury Pix"
    assert after.reproducibility_rate == 80
    assert mark(after, "1.1") == (4, 35)
    restored = jury.challenge_deneutralize(course=v2_course, question_number=2)
    assert mark(restored, "1.1") == (-1, 0)
    assert AssessmentResult.objects.filter(course=v2_course).count() == 3


def test_neutralising_an_unknown_or_already_neutralised_question_is_refused(v2_course):
    with pytest.raises(jury.JuryError, match="numéro 9"):
        jury.challenge_neutralize(course=v2_course, question_number=9)
    jury.challenge_neutralize(course=v2_course, question_number=1)
    with pytest.raises(jury.JuryError, match="déjà neutralisée"):
        jury.challenge_neutralize(course=v2_course, question_number=1)
    with pytest.raises(jury.JuryError, match="n'est pas neutralisée"):
        jury.challenge_deneutralize(course=v2_course, question_number=2)


def test_a_neutralised_v3_question_no_longer_counts(small_release):
    ids = challenge_ids("1.1", 20)
    course = make_course(
        session=SessionFactory(finalized_at=timezone.now()), answers=[(i, "ok") for i in ids]
    )
    assert course_score(course_id=course.pk).status == "validated"

    result = jury.challenge_neutralize(course=course, question_number=5)

    assert result.status == "rejected" and result.jury_comment_key == "REJECTED_DUE_TO_LACK_OF_ANSWERS"


def test_cancelling_and_uncancelling_rescore(v2_course):
    jury.challenge_neutralize(course=v2_course, question_number=2)  # validated from here

    cancelled = jury.course_cancel(course=v2_course)
    assert cancelled.status == "cancelled"
    v2_course.refresh_from_db()
    assert v2_course.is_cancelled
    with pytest.raises(jury.JuryError, match="déjà annulée"):
        jury.course_cancel(course=v2_course)

    assert jury.course_uncancel(course=v2_course).status == "validated"


def test_cancelling_needs_an_existing_result_and_a_finalised_session(small_release):
    course = make_course(session=finalised(), answers=[(challenge_ids("1.1", 1)[0], "ok")], version=2)
    with pytest.raises(jury.JuryError, match="pas encore de résultat"):
        jury.course_cancel(course=course)

    open_course = make_course(session=SessionFactory(), answers=[(challenge_ids("1.2", 1)[0], "ok")])
    AssessmentResult.objects.create(course=open_course, status="validated", emitter="PIX-ALGO")
    with pytest.raises(jury.JuryError, match="pas encore finalisée"):
        jury.course_cancel(course=open_course)


def test_rejecting_for_fraud_and_unrejecting_rescore(v2_course):
    jury.challenge_neutralize(course=v2_course, question_number=2)

    rejected = jury.course_reject_for_fraud(course=v2_course)
    assert (rejected.status, rejected.jury_comment_key) == ("rejected", "FRAUD")
    with pytest.raises(jury.JuryError):
        jury.course_reject_for_fraud(course=v2_course)

    assert jury.course_unreject_for_fraud(course=v2_course).status == "validated"


def test_nothing_that_changes_a_result_is_possible_once_published(v2_course):
    Session.objects.filter(pk=v2_course.session_id).update(published_at=timezone.now())
    v2_course.session.refresh_from_db()
    report = IssueReportFactory(course=v2_course, category="FRAUD", subcategory="", question_number=None)

    for action in (
        lambda: jury.challenge_neutralize(course=v2_course, question_number=2),
        lambda: jury.course_cancel(course=v2_course),
        lambda: jury.course_reject_for_fraud(course=v2_course),
        lambda: jury.issue_report_resolve(report=report, resolution="vu"),
        lambda: jury.jury_comments_update(
            course=v2_course, comment_for_candidate="x", comment_for_organization="", comment_by_jury=""
        ),
    ):
        with pytest.raises(jury.JuryError, match="publiée"):
            action()


def test_the_jury_resolves_a_report_with_its_own_words(v2_course):
    report = IssueReportFactory(course=v2_course, category="FRAUD", subcategory="", question_number=None)

    with pytest.raises(jury.JuryError, match="Indiquez"):
        jury.issue_report_resolve(report=report, resolution="   ")
    jury.issue_report_resolve(report=report, resolution="Pas de fraude avérée")

    report.refresh_from_db()
    assert report.resolved_at and report.resolution == "Pas de fraude avérée"
    assert not report.has_been_automatically_resolved
    with pytest.raises(jury.JuryError, match="déjà traité"):
        jury.issue_report_resolve(report=report, resolution="encore")


def test_jury_comments_are_a_new_result_with_the_same_marks(v2_course):
    before = latest(v2_course)

    result = jury.jury_comments_update(
        course=v2_course,
        comment_for_candidate=" Bravo ",
        comment_for_organization="Bon travail",
        comment_by_jury="RAS",
    )

    assert result.pk != before.pk and result.emitter == "Jury Pix"
    assert (result.comment_for_candidate, result.comment_for_organization, result.comment_by_jury) == (
        "Bravo",
        "Bon travail",
        "RAS",
    )
    assert result.pix_score == before.pix_score and result.status == before.status
    assert sorted(mark(result, c) for c in ("1.1", "1.2")) == sorted(mark(before, c) for c in ("1.1", "1.2"))
    # A later rescoring keeps them.
    assert jury.challenge_neutralize(course=v2_course, question_number=1).comment_for_candidate == "Bravo"


def test_the_identity_is_corrected_with_the_rules_of_the_reference(v2_course):
    corrected = jury.course_identity_correct(
        course=v2_course,
        first_name="  Marie   Salomea ",
        last_name=" Sklodowska  Curie",
        birthdate=datetime.date(1867, 11, 7).replace(year=1967),
        sex="F",
        birthplace="   ",
    )
    assert (corrected.first_name, corrected.last_name) == ("Marie Salomea", "Sklodowska Curie")
    assert corrected.birthplace == v2_course.candidate.birth_city  # a blank birthplace changes nothing

    for kwargs, message in [
        ({"first_name": "  "}, "vides"),
        ({"sex": "X"}, "« M » ou « F »"),
        ({"birthdate": datetime.date(1899, 12, 31)}, "après le 01/01/1900"),
        ({"birthdate": None}, "après le 01/01/1900"),
    ]:
        values = {
            "first_name": "Marie",
            "last_name": "Curie",
            "birthdate": datetime.date(1990, 1, 1),
            "sex": "F",
        }
        with pytest.raises(jury.JuryError, match=message):
            jury.course_identity_correct(course=v2_course, **{**values, **kwargs})


# -- Sessions waiting for the jury --------------------------------------------------------------------


def test_a_session_is_publishable_only_without_comment_error_missing_result_or_unresolved_impactful_report(
    db,
):
    ready = published_certification(published=False).session
    commented = published_certification(published=False).session
    Session.objects.filter(pk=commented.pk).update(examiner_global_comment="Incident")
    in_error = published_certification(published=False, status="error").session
    reported = published_certification(published=False)
    IssueReportFactory(course=reported, subcategory="WEBSITE_BLOCKED")
    harmless = published_certification(published=False)
    IssueReportFactory(course=harmless, category="SIGNATURE_ISSUE", subcategory="", question_number=None)
    resolved = published_certification(published=False)
    IssueReportFactory(course=resolved, category="FRAUD", subcategory="", resolved_at=timezone.now())
    assigned = published_certification(published=False).session
    Session.objects.filter(pk=assigned.pk).update(assigned_certification_officer=UserFactory())
    missing = SessionFactory(finalized_at=timezone.now())
    make_course_without_result = published_certification(session=missing, published=False)
    AssessmentResult.objects.filter(course=make_course_without_result).delete()

    to_publish = set(jury.sessions_to_publish().values_list("pk", flat=True))
    required = set(jury.sessions_with_required_action().values_list("pk", flat=True))

    assert to_publish == {ready.pk, harmless.session_id, resolved.session_id}
    assert required == {commented.pk, in_error.pk, reported.session_id, assigned.pk, missing.pk}
    state = jury.session_jury_state(session=reported.session)
    assert state.required_actions == ["1 signalement(s) à traiter par le jury."] and not state.is_publishable


# -- The Django admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_sessions_to_publish_and_with_a_required_action(admin_client, db):
    ready = published_certification(published=False).session
    broken = published_certification(published=False, status="error").session
    url = reverse("admin:certification_session_changelist")

    to_publish = admin_client.get(url, {"jury": "a-publier"}).content.decode()
    required = admin_client.get(url, {"jury": "action-requise"}).content.decode()

    def link(session):
        return reverse("admin:certification_session_change", args=[session.pk])

    assert link(ready) in to_publish and link(broken) not in to_publish
    assert link(broken) in required and link(ready) not in required


def test_the_jury_page_shows_the_answers_and_neutralises_a_question(admin_client, v2_course):
    page = admin_client.get(reverse("admin:certification_certificationcourse_jury", args=[v2_course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert challenge_ids("1.1", 1)[0] in html and "Neutraliser" in html

    response = admin_client.post(
        reverse("admin:certification_certificationcourse_jury_action", args=[v2_course.pk, "neutraliser"]),
        {"question": "2"},
    )

    assert response.status_code == 302
    assert mark(latest(v2_course), "1.1") == (4, 35)


@pytest.mark.parametrize(
    ("action", "field"), [("annuler", "is_cancelled"), ("rejeter", "is_rejected_for_fraud")]
)
def test_the_jury_page_cancels_and_rejects(admin_client, v2_course, action, field):
    admin_client.post(
        reverse("admin:certification_certificationcourse_jury_action", args=[v2_course.pk, action])
    )
    v2_course.refresh_from_db()
    assert getattr(v2_course, field)


def test_the_jury_page_resolves_a_report_and_saves_comments(admin_client, v2_course):
    report = IssueReportFactory(course=v2_course, category="FRAUD", subcategory="", question_number=None)
    base = "admin:certification_certificationcourse_jury_action"

    admin_client.post(
        reverse(base, args=[v2_course.pk, "resoudre"]), {"report": report.pk, "resolution": "Vu"}
    )
    admin_client.post(
        reverse(base, args=[v2_course.pk, "commentaires"]),
        {"comment_for_candidate": "Félicitations", "comment_for_organization": "", "comment_by_jury": ""},
    )

    assert IssueReport.objects.get(pk=report.pk).resolution == "Vu"
    assert latest(v2_course).comment_for_candidate == "Félicitations"


def test_a_jury_action_refused_by_the_rules_shows_its_message(admin_client, v2_course):
    response = admin_client.post(
        reverse("admin:certification_certificationcourse_jury_action", args=[v2_course.pk, "neutraliser"]),
        {"question": "42"},
        follow=True,
    )
    assert "Aucune question de ce test ne porte le numéro 42." in response.content.decode()


def test_the_admin_corrects_the_identity_with_the_same_rules(admin_client, v2_course):
    url = reverse("admin:certification_certificationcourse_change", args=[v2_course.pk])
    data = {
        "first_name": "Ada  ",
        "last_name": "  Lovelace ",
        "birthdate": "1990-12-10",
        "birthplace": "Londres",
        "sex": "F",
        "external_id": "",
    }

    bad = admin_client.post(url, {**data, "birthdate": "1890-01-01"})
    assert bad.status_code == 200 and "après le 01/01/1900" in bad.content.decode()
    assert admin_client.post(url, data).status_code == 302
    v2_course.refresh_from_db()
    assert (v2_course.first_name, v2_course.last_name, v2_course.birthplace) == ("Ada", "Lovelace", "Londres")


def test_jury_pages_are_for_staff_only(client, v2_course):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:certification_certificationcourse_jury", args=[v2_course.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url
