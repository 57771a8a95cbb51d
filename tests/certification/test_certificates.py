"""Certificates (pix-certif.md §5): content, PDF, the "livret scolaire" export and a class's attestations."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.authtoken.models import Token

from certification import selectors
from certification.certificate_pdf import certificate_pdf, certificates_pdf
from certification.models import AssessmentResult
from certification.results import certificate_of, with_latest_results
from tests.certification.factories import CandidateFactory, CertificationCourseFactory, SessionFactory
from tests.certification.results_helpers import published_certification
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def certificate(course):
    (loaded,) = with_latest_results(type(course).objects.select_related("session").filter(pk=course.pk))
    return certificate_of(loaded)


# -- Content and PDF (§5.1) ------------------------------------------------------------------------


def test_the_certificate_carries_the_v3_content(small_release):
    course = published_certification(first_name="Ada", last_name="Lovelace", pix_score=312, mesh_level=3)

    cert = certificate(course)

    assert (cert.first_name, cert.printed_last_name) == ("Ada", "LOVELACE")
    assert (cert.pix_score, cert.max_score, cert.mesh_label) == (312, 895, "Indépendant 3")
    assert cert.delivered_at == timezone.localtime(course.session.published_at).date()
    assert cert.verification_code == course.verification_code
    assert [area.code for area in cert.areas] == ["1", "2"]
    assert [(c.code, c.level) for c in cert.areas[0].competences] == [("1.1", 3), ("1.2", 2)]
    assert cert.areas[0].competences[0].name == "Mener une recherche et une veille d'information"


def test_a_pre_beginner_has_no_global_level_label(small_release):
    assert certificate(published_certification(pix_score=40, mesh_level=0)).mesh_label == ""


def test_the_pdf_contains_the_code_the_names_and_the_score(small_release):
    course = published_certification(first_name="Ada", last_name="Lovelace", birthplace="Londres")

    text = pdf_text(certificate_pdf(certificate(course)))

    assert course.verification_code in text
    assert "Ada LOVELACE" in text
    assert "Né(e) le 14/03/2008 à Londres" in text
    assert "312" in text and "pix sur 895" in text
    assert "Indépendant 3" in text
    assert course.session.center_name in text
    assert "/verification-certificat" in text


def test_a_class_pdf_has_one_page_per_certificate(small_release):
    certificates = [certificate(published_certification(last_name=f"Élève{n}")) for n in range(3)]

    reader = PdfReader(io.BytesIO(certificates_pdf(certificates)))

    assert len(reader.pages) == 3
    assert "ÉLÈVE2" in reader.pages[2].extract_text()


@pytest.mark.parametrize(
    ("changes", "shareable"),
    [
        ({}, True),
        ({"published": False}, False),
        ({"status": "rejected"}, False),
        ({"is_cancelled": True}, False),
        ({"status": "error"}, False),
    ],
)
def test_only_a_published_validated_uncancelled_certificate_is_shown(small_release, changes, shareable):
    course = published_certification(**changes)

    found = selectors.published_certificate(verification_code=course.verification_code.lower())

    assert (found is not None) is shareable


def test_the_latest_result_decides(small_release):
    course = published_certification()
    AssessmentResult.objects.create(course=course, status="rejected", emitter="Jury Pix")

    assert selectors.published_certificate(verification_code=course.verification_code) is None


def test_a_malformed_code_is_not_looked_up(small_release, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.published_certificate(verification_code="P-1234' OR 1=1") is None


# -- The "livret scolaire" export (§5.3) --------------------------------------------------------------


@pytest.fixture
def school(db):
    return OrganizationFactory(type="SCO", is_managing_students=True, external_id="0751234A")


def pupil(school, *, division="3B", **fields):
    from organizations.models import OrganizationLearner

    user = UserFactory()
    learner = OrganizationLearner.objects.create(
        organization=school,
        user=user,
        first_name=fields.pop("first_name", "Léa"),
        last_name=fields.pop("last_name", "Martin"),
        middle_name="Marie",
        birthdate=datetime.date(2008, 3, 14),
        national_student_id=fields.pop("ine", None) or f"INE{user.pk:08d}",
        division=division,
    )
    return learner


def certify(learner, *, days_ago: int = 10, **kwargs):
    session = kwargs.pop("session", None) or SessionFactory(
        finalized_at=timezone.now(),
        published_at=timezone.now() if kwargs.get("published", True) else None,
    )
    course = published_certification(
        session=session,
        candidate=CandidateFactory(session=session, user=learner.user, organization_learner=learner),
        **kwargs,
    )
    type(course).objects.filter(pk=course.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return course


@pytest.fixture
def api_client(db):
    from rest_framework.test import APIClient

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_certificationcourse"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def livret_url(uai: str) -> str:
    return reverse("api-livret-scolaire", args=[uai])


def test_the_livret_gives_the_latest_certification_of_each_pupil(api_client, school, small_release):
    lea = pupil(school)
    certify(lea, days_ago=400, pix_score=100)
    latest = certify(lea, days_ago=5, pix_score=420, levels={"1.1": 4})
    tom = pupil(school, first_name="Tom", last_name="Durand", ine="987654321CD")
    pending = certify(tom, published=False)

    response = api_client.get(livret_url("0751234a"))

    assert response.status_code == 200
    data = response.json()
    by_id = {item["id"]: item for item in data["certifications"]}
    assert set(by_id) == {latest.pk, pending.pk}
    assert by_id[latest.pk]["status"] == "validated" and by_id[latest.pk]["pixScore"] == 420
    assert by_id[latest.pk]["competenceResults"] == [{"competenceId": "1.1", "level": 4}]
    assert (
        by_id[latest.pk]["nationalStudentId"] == lea.national_student_id
        and by_id[latest.pk]["middleName"] == "Marie"
    )
    assert by_id[latest.pk]["verificationCode"] == latest.verification_code
    assert by_id[pending.pk]["status"] == "pending"
    assert by_id[pending.pk]["pixScore"] == 0 and by_id[pending.pk]["competenceResults"] == []
    assert by_id[pending.pk]["deliveredAt"] is None
    assert len(data["competences"]) == 16


def test_a_published_but_rejected_certification_has_no_score_in_the_livret(api_client, school, small_release):
    course = certify(pupil(school), status="rejected", pix_score=30)

    (item,) = api_client.get(livret_url("0751234A")).json()["certifications"]

    assert (item["id"], item["status"], item["pixScore"], item["competenceResults"]) == (
        course.pk,
        "rejected",
        0,
        [],
    )


def test_the_livret_answers_204_without_certification_and_404_for_other_organizations(api_client, school):
    pupil(school)
    OrganizationFactory(type="SCO", is_managing_students=False, external_id="0750000B")
    OrganizationFactory(type="PRO", is_managing_students=True, external_id="0750000C")

    assert api_client.get(livret_url("0751234A")).status_code == 204
    assert api_client.get(livret_url("0750000B")).status_code == 404
    assert api_client.get(livret_url("0750000C")).status_code == 404
    assert api_client.get(livret_url("9999999Z")).status_code == 404


def test_the_livret_needs_a_token_with_the_permission(school):
    from rest_framework.test import APIClient

    client = APIClient()
    assert client.get(livret_url("0751234A")).status_code == 401
    user = UserFactory()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get(livret_url("0751234A")).status_code == 403
    session_client = APIClient()
    session_client.force_login(UserFactory(is_superuser=True))  # a browser session is not enough
    assert session_client.get(livret_url("0751234A")).status_code == 401


@pytest.mark.parametrize("count", [2, 10])
def test_the_livret_costs_the_same_queries_whatever_the_number_of_pupils(
    api_client, school, small_release, count, django_assert_max_num_queries
):
    for n in range(count):
        certify(pupil(school, last_name=f"Élève{n}"))
    api_client.get(livret_url("0751234A"))  # the referential snapshot is built once

    with django_assert_max_num_queries(9):
        assert len(api_client.get(livret_url("0751234A")).json()["certifications"]) == count


# -- A class's attestations in Pix Orga -------------------------------------------------------------


@pytest.fixture
def orga_client(client, school):
    client.force_login(MembershipFactory(organization=school).user)
    return client


def attestations_url(school, division=None) -> str:
    url = reverse("orga:class_attestations", kwargs={"org_id": school.pk})
    return f"{url}?division={division}" if division is not None else url


def test_a_member_downloads_the_attestations_of_a_class_in_one_pdf(orga_client, school, small_release):
    first = certify(pupil(school, last_name="Arnaud"))
    certify(pupil(school, last_name="Bernard"), status="rejected")  # no attestation
    certify(pupil(school, last_name="Chloé"), published=False)  # not yet
    certify(pupil(school, last_name="Dupont", division="4A"))  # another class
    older = pupil(school, last_name="Zola")
    certify(older, days_ago=300)
    certify(older, days_ago=3, pix_score=500)

    page = orga_client.get(attestations_url(school))
    assert page.status_code == 200 and "3B" in page.content.decode() and "4A" in page.content.decode()

    response = orga_client.get(attestations_url(school, "3B"))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="attestations-certification-3b.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert first.verification_code in reader.pages[0].extract_text()
    assert "500" in reader.pages[1].extract_text()


def test_a_class_without_certificate_or_an_unknown_class_is_said_so(orga_client, school):
    pupil(school)

    empty = orga_client.get(attestations_url(school, "3B"))
    assert empty.status_code == 404 and "Aucun élève de la classe 3B" in empty.content.decode()
    assert orga_client.get(attestations_url(school, "6Z")).status_code == 400


def test_class_attestations_are_for_members_of_a_school_managing_students(client, school):
    client.force_login(MembershipFactory().user)  # a member of another organization
    assert client.get(attestations_url(school, "3B")).status_code == 404

    company = OrganizationFactory(type="PRO")
    client.force_login(MembershipFactory(organization=company).user)
    assert client.get(attestations_url(company)).status_code == 404

    client.logout()
    response = client.get(attestations_url(school, "3B"))
    assert response.status_code == 302 and "/connexion" in response.url


def test_a_course_of_another_schools_pupil_is_not_in_the_class(orga_client, school, small_release):
    other_school = OrganizationFactory(type="SCO", is_managing_students=True)
    stranger = pupil(other_school)
    certify(stranger)
    pupil(school)

    assert orga_client.get(attestations_url(school, "3B")).status_code == 404
    assert CertificationCourseFactory._meta.model.objects.count() == 1
