"""Certificates on the learner site: "Mes certifications", the PDF, public verification and sharing (§5)."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from learners.certificates.views import LOOKUPS_PER_WINDOW
from tests.certification.factories import SessionFactory, make_course
from tests.certification.results_helpers import published_certification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = "Aucun certificat ne correspond à ce code."


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def verify(client, code: str, ip: str = "203.0.113.7"):
    return client.post(reverse("learners:certificate_verification"), {"code": code}, REMOTE_ADDR=ip)


# -- Mes certifications -------------------------------------------------------------------------


def test_my_certifications_lists_each_with_its_private_status(client, small_release):
    course = published_certification(pix_score=420, comment_for_candidate="Bravo")
    user = course.user
    pending = published_certification(published=False, user=user, candidate__user=user)
    cancelled = published_certification(is_cancelled=True, user=user, candidate__user=user)
    rejected = published_certification(
        status="rejected", jury_comment_key="REJECTED_DUE_TO_LACK_OF_ANSWERS", user=user, candidate__user=user
    )
    client.force_login(user)

    html = client.get(reverse("learners:my_certifications")).content.decode()

    for item in (course, pending, cancelled, rejected):
        assert reverse("learners:my_certificate", args=[item.pk]) in html
    assert (
        "Obtenue" in html and "Résultats en attente" in html and "Annulée" in html and "Non obtenue" in html
    )
    assert "420" in html


def test_the_result_and_comment_stay_hidden_until_publication(client, small_release):
    course = published_certification(published=False, pix_score=777, comment_for_candidate="Secret")
    client.force_login(course.user)

    html = client.get(reverse("learners:my_certificate", args=[course.pk])).content.decode()

    assert "777" not in html and "Secret" not in html
    assert "Votre test est terminé" in html
    assert client.get(reverse("learners:my_certificate_pdf", args=[course.pk])).status_code == 404


def test_a_rejected_certification_shows_the_jury_comment(client, small_release):
    course = published_certification(status="rejected", jury_comment_key="REJECTED_DUE_TO_LACK_OF_ANSWERS")
    client.force_login(course.user)

    html = client.get(reverse("learners:my_certificate", args=[course.pk])).content.decode()

    assert "Vous n&#x27;avez pas répondu à assez de questions" in html
    assert "Télécharger l'attestation (PDF)" not in html


def test_the_candidate_sees_the_certificate_and_downloads_the_pdf(client, small_release):
    course = published_certification(
        first_name="Ada", last_name="Lovelace", comment_for_candidate="Félicitations"
    )
    client.force_login(course.user)

    html = client.get(reverse("learners:my_certificate", args=[course.pk])).content.decode()
    assert "Ada LOVELACE" in html and course.verification_code in html and "Félicitations" in html
    assert "Télécharger l'attestation (PDF)" in html

    response = client.get(reverse("learners:my_certificate_pdf", args=[course.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="certificat-pix-{course.verification_code}.pdf"' in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "LOVELACE" in text and course.verification_code in text


def test_another_persons_certification_is_404_and_anonymous_people_sign_in(client, small_release):
    course = published_certification()
    client.force_login(UserFactory())
    for name in ("learners:my_certificate", "learners:my_certificate_pdf"):
        assert client.get(reverse(name, args=[course.pk])).status_code == 404
    client.logout()
    for url in (
        reverse("learners:my_certifications"),
        reverse("learners:my_certificate", args=[course.pk]),
        reverse("learners:my_certificate_pdf", args=[course.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion" in response.url


def test_a_started_test_shows_as_started(client, small_release):
    course = make_course(session=SessionFactory(), state="started")
    client.force_login(course.user)
    html = client.get(reverse("learners:my_certifications")).content.decode()
    assert "Résultats en attente" in html


@pytest.mark.parametrize("count", [1, 8])
def test_my_certifications_costs_the_same_queries_whatever_their_number(
    client, small_release, count, django_assert_max_num_queries
):
    user = UserFactory()
    for _ in range(count):
        published_certification(user=user, candidate__user=user)
    client.force_login(user)

    with django_assert_max_num_queries(6):
        assert client.get(reverse("learners:my_certifications")).status_code == 200


# -- Public verification and sharing (§5.2) ------------------------------------------------------------


def test_a_valid_code_leads_to_the_shared_certificate_without_code_or_comments(client, small_release):
    course = published_certification(
        first_name="Ada",
        last_name="Lovelace",
        comment_for_candidate="Félicitations",
        comment_for_organization="RAS",
    )

    response = verify(client, f"  {course.verification_code.lower()} ")

    assert response.status_code == 302
    assert response.url == reverse("learners:certificate_share", args=[course.verification_code])
    html = client.get(response.url).content.decode()
    assert "Certificat authentique" in html and "Ada LOVELACE" in html and "312" in html
    assert course.session.center_name in html
    assert course.verification_code not in html.replace(response.url, "")
    assert "Félicitations" not in html and "RAS" not in html


@pytest.mark.parametrize(
    "changes",
    [{"published": False}, {"is_cancelled": True}, {"status": "rejected"}, {"status": "error"}],
)
def test_unknown_unpublished_cancelled_or_rejected_codes_get_the_same_answer(client, small_release, changes):
    hidden = published_certification(**changes)
    unknown = verify(client, "P-23468BCD")

    response = verify(client, hidden.verification_code)

    assert response.status_code == unknown.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert _message(response) == _message(unknown)
    share = client.get(reverse("learners:certificate_share", args=[hidden.verification_code]))
    assert share.status_code == 404 and NOT_FOUND in share.content.decode()


def _message(response) -> str:
    html = response.content.decode()
    start = html.index('role="alert"')
    return html[start : html.index("</div>", start)]


def test_an_empty_code_asks_for_one(client, db):
    response = verify(client, "   ")
    assert response.status_code == 400 and "Saisissez le code" in response.content.decode()


def test_lookups_are_rate_limited_per_address(client, small_release):
    course = published_certification()
    for _ in range(LOOKUPS_PER_WINDOW):
        assert verify(client, "P-23468BCD").status_code == 404

    blocked = verify(client, course.verification_code)
    assert blocked.status_code == 429 and "Trop de vérifications" in blocked.content.decode()
    share = client.get(
        reverse("learners:certificate_share", args=[course.verification_code]), REMOTE_ADDR="203.0.113.7"
    )
    assert share.status_code == 429
    # Another address is not affected.
    assert verify(client, course.verification_code, ip="198.51.100.1").status_code == 302


def test_the_share_page_counts_lookups_too(client, small_release):
    course = published_certification()
    url = reverse("learners:certificate_share", args=[course.verification_code])
    for _ in range(LOOKUPS_PER_WINDOW):
        assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_the_verification_page_is_public_and_accessible(client, db):
    html = client.get(reverse("learners:certificate_verification")).content.decode()
    assert '<label for="code">' in html and 'aria-describedby="code-help"' in html
    error = verify(client, "P-23468BCD").content.decode()
    assert 'aria-invalid="true"' in error and 'role="alert"' in error
