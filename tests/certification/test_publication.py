"""Publication and the result recipients' e-mail (pix-certif.md §4.5)."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certification import jury
from certification.models import AssessmentResult, CertificationCourse, Session
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.certification.results_helpers import published_certification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised_session() -> Session:
    session = SessionFactory(finalized_at=timezone.now(), center_name="Lycée Curie")
    published_certification(
        session=session, published=False, candidate__result_recipient_email="prof@example.org"
    )
    published_certification(
        session=session, published=False, candidate__result_recipient_email="PROF@example.org"
    )
    published_certification(
        session=session, published=False, candidate__result_recipient_email="rh@example.org"
    )
    published_certification(session=session, published=False)
    return session


def test_publishing_sets_the_published_flags(finalised_session):
    outcome = jury.session_publish(session=finalised_session)

    finalised_session.refresh_from_db()
    assert finalised_session.published_at is not None
    assert finalised_session.status == Session.Status.PROCESSED
    assert set(CertificationCourse.objects.values_list("is_published", flat=True)) == {True}
    assert outcome.session.results_sent_to_prescriber_at == finalised_session.published_at


def test_publication_is_refused_while_a_result_is_in_error(finalised_session):
    course = CertificationCourse.objects.filter(session=finalised_session).first()
    AssessmentResult.objects.create(course=course, status="error", emitter="PIX-ALGO")

    with pytest.raises(jury.JuryError, match="en erreur"):
        jury.session_publish(session=finalised_session)

    finalised_session.refresh_from_db()
    assert finalised_session.published_at is None
    assert not CertificationCourse.objects.filter(is_published=True).exists()
    assert not mail.outbox


def test_publication_is_refused_while_a_result_is_missing(finalised_session):
    AssessmentResult.objects.filter(course__session=finalised_session).first().delete()

    with pytest.raises(jury.JuryError, match="n'a pas de résultat"):
        jury.session_publish(session=finalised_session)


def test_an_unfinalised_or_published_session_cannot_be_published(db):
    with pytest.raises(jury.JuryError, match="pas finalisée"):
        jury.session_publish(session=SessionFactory())
    published = published_certification().session
    with pytest.raises(jury.JuryError, match="déjà publiée"):
        jury.session_publish(session=published)


def links_in(message) -> list[str]:
    """The paths of the links of an e-mail (the test client takes paths)."""
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def test_each_distinct_result_recipient_gets_one_email_with_a_working_link(client, finalised_session):
    jury.session_publish(session=finalised_session)

    assert sorted(m.to[0].lower() for m in mail.outbox) == ["prof@example.org", "rh@example.org"]
    message = mail.outbox[0]
    assert str(finalised_session.pk) in message.subject
    assert "Lycée Curie" in message.body and finalised_session.date.strftime("%d/%m/%Y") in message.body
    assert "30 jours" in message.body
    (link,) = links_in(message)
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("Numéro de certification;")


def test_the_link_expires_after_30_days(client, finalised_session, monkeypatch):
    jury.session_publish(session=finalised_session)
    (path,) = links_in(mail.outbox[0])
    now = time.time()

    monkeypatch.setattr(time, "time", lambda: now + 29 * 24 * 3600)
    assert client.get(path).status_code == 200
    monkeypatch.setattr(time, "time", lambda: now + 31 * 24 * 3600)
    expired = client.get(path)
    assert expired.status_code == 404
    assert "n'est plus valable" in expired.content.decode()


def test_a_forged_link_gives_nothing(client, finalised_session):
    jury.session_publish(session=finalised_session)
    token = jury.session_results_token(session=finalised_session)
    assert client.get(reverse("learners:session_results_download", args=[token + "x"])).status_code == 404
    other = SessionFactory()  # a genuine token of an unpublished session
    assert jury.session_from_results_token(token=jury.session_results_token(session=other)) is None


def test_a_failed_email_leaves_the_results_unsent(finalised_session, monkeypatch):
    from certification import jury as module

    real = module.send_mail

    def flaky(subject, body, sender, recipients):
        if recipients == ["rh@example.org"]:
            raise OSError("SMTP down")
        return real(subject, body, sender, recipients)

    monkeypatch.setattr(module, "send_mail", flaky)
    outcome = jury.session_publish(session=finalised_session)

    assert outcome.failed_recipients == ("rh@example.org",)
    assert outcome.session.published_at is not None
    assert outcome.session.results_sent_to_prescriber_at is None


def test_a_session_without_recipients_sends_nothing(db):
    session = SessionFactory(finalized_at=timezone.now())
    published_certification(session=session, published=False)
    CandidateFactory(session=session, result_recipient_email="absent@example.org")  # never started: no course

    jury.session_publish(session=session)

    assert [m.to for m in mail.outbox] == [["absent@example.org"]]


# -- From the admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_publishes_a_session_with_its_button(admin_client, finalised_session):
    change = reverse("admin:certification_session_change", args=[finalised_session.pk])
    page = admin_client.get(change).content.decode()
    assert "Publier la session" in page and "Prête à être publiée." in page

    response = admin_client.post(
        reverse("admin:certification_session_publish", args=[finalised_session.pk]), follow=True
    )

    assert "publiée" in response.content.decode()
    assert Session.objects.get(pk=finalised_session.pk).published_at is not None


def test_the_admin_says_why_a_session_cannot_be_published(admin_client, finalised_session):
    course = CertificationCourse.objects.filter(session=finalised_session).first()
    AssessmentResult.objects.create(course=course, status="error", emitter="PIX-ALGO")

    page = admin_client.get(
        reverse("admin:certification_session_change", args=[finalised_session.pk])
    ).content.decode()
    assert "1 certification(s) en erreur de calcul." in page
    response = admin_client.post(
        reverse("admin:certification_session_publish", args=[finalised_session.pk]), follow=True
    )

    assert "au moins une certification est en erreur" in response.content.decode()
    assert Session.objects.get(pk=finalised_session.pk).published_at is None


def test_the_admin_publishes_selected_sessions_in_batch(admin_client, finalised_session):
    other = published_certification(published=False).session
    admin_client.post(
        reverse("admin:certification_session_changelist"),
        {"action": "publish_sessions", "_selected_action": [finalised_session.pk, other.pk]},
    )
    assert Session.objects.filter(published_at__isnull=False).count() == 2


def test_publishing_from_the_admin_needs_a_post(admin_client, finalised_session):
    assert (
        admin_client.get(
            reverse("admin:certification_session_publish", args=[finalised_session.pk])
        ).status_code
        == 403
    )
