"""Only active members of a centre reach its pages: others get 404, anonymous people sign in first."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Candidate, Session
from tests.factories import CenterMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def center_urls(center):
    return [
        ("get", reverse("certif:sessions", args=[center.pk])),
        ("get", reverse("certif:terms", args=[center.pk])),
        ("post", reverse("certif:terms", args=[center.pk])),
        ("get", reverse("certif:session_create", args=[center.pk])),
        ("post", reverse("certif:session_create", args=[center.pk])),
    ]


def session_urls(session, candidate):
    pk = session.pk
    return [
        ("get", reverse("certif:session", args=[pk])),
        ("get", reverse("certif:session_edit", args=[pk])),
        ("post", reverse("certif:session_edit", args=[pk])),
        ("get", reverse("certif:session_delete", args=[pk])),
        ("post", reverse("certif:session_delete", args=[pk])),
        ("post", reverse("certif:candidate_add", args=[pk])),
        ("post", reverse("certif:candidates_import", args=[pk])),
        ("get", reverse("certif:candidates_template", args=[pk])),
        ("post", reverse("certif:candidate_remove", args=[pk, candidate.pk])),
        ("get", reverse("certif:students_enrol", args=[pk])),
        ("post", reverse("certif:students_enrol", args=[pk])),
        ("get", reverse("certif:attendance_sheet", args=[pk])),
        ("get", reverse("certif:invigilator_kit", args=[pk])),
    ]


def all_urls(center, session, candidate):
    return center_urls(center) + session_urls(session, candidate)


def test_a_member_of_another_centre_gets_404_on_every_page_and_changes_nothing(
    client, center, session, candidate
):
    outsider = CenterMembershipFactory(terms_accepted_at=timezone.now()).user
    client.force_login(outsider)
    for method, url in all_urls(center, session, candidate):
        response = getattr(client, method)(url, {"address": "x", "learners": ["1"]})
        assert response.status_code == 404, (method, url)
    assert (
        Session.objects.filter(pk=session.pk).exists() and Candidate.objects.filter(pk=candidate.pk).exists()
    )


def test_a_disabled_member_gets_404(client, membership, center, session, candidate):
    membership.disabled_at = timezone.now()
    membership.save()
    client.force_login(membership.user)
    for method, url in all_urls(center, session, candidate):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_a_person_in_no_centre_gets_404_and_the_index_says_so(client, center, session, candidate):
    client.force_login(UserFactory())
    for method, url in all_urls(center, session, candidate):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    response = client.get(reverse("certif:index"))
    assert response.status_code == 200
    assert "membre d'aucun centre" in response.content.decode()


def test_anonymous_people_are_sent_to_the_sign_in_page_then_back(client, center, session, candidate):
    assert "Se connecter" in client.get(reverse("certif:index")).content.decode()  # the portal's public door
    for method, url in all_urls(center, session, candidate):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert Session.objects.filter(pk=session.pk).exists()


def test_a_candidate_of_another_session_cannot_be_removed_through_this_one(member_client, session, center):
    from tests.certification.factories import CandidateFactory, SessionFactory

    elsewhere = CandidateFactory(session=SessionFactory())
    response = member_client.post(reverse("certif:candidate_remove", args=[session.pk, elsewhere.pk]))
    assert response.status_code == 404
    assert Candidate.objects.filter(pk=elsewhere.pk).exists()


def test_a_member_who_has_not_accepted_the_terms_is_sent_to_them_first(client, membership, center, session):
    membership.terms_accepted_at = None
    membership.save()
    client.force_login(membership.user)
    url = reverse("certif:session", args=[session.pk])
    response = client.get(url)
    terms_url = reverse("certif:terms", args=[center.pk])
    assert response.status_code == 302 and response["Location"].startswith(terms_url)
    page = client.get(response["Location"])
    assert "Conditions d'utilisation de Pix Certif" in page.content.decode()

    refused = client.post(terms_url, {"next": url})
    assert "Cochez la case pour accepter" in refused.content.decode()
    membership.refresh_from_db()
    assert membership.terms_accepted_at is None

    accepted = client.post(terms_url, {"accept": "on", "next": url})
    assert accepted.status_code == 302 and accepted["Location"] == url
    membership.refresh_from_db()
    assert membership.terms_accepted_at is not None
    assert client.get(url).status_code == 200


def test_the_terms_page_does_not_redirect_to_another_site(client, membership, center):
    membership.terms_accepted_at = None
    membership.save()
    client.force_login(membership.user)
    response = client.post(
        reverse("certif:terms", args=[center.pk]), {"accept": "on", "next": "https://evil.example"}
    )
    assert response["Location"] == reverse("certif:sessions", args=[center.pk])
