import datetime
import io
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Candidate, CertificationCenter, Session
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.certification.ods_helpers import HEADERS, candidate_row, make_ods
from tests.factories import CenterMembershipFactory, CertificationCenterFactory
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + datetime.timedelta(days=20)


def test_the_index_opens_the_centre_visited_last(member_client, member, center):
    other = CertificationCenterFactory(name="Centre Zola")
    CenterMembershipFactory(user=member, center=other, terms_accepted_at=timezone.now())
    first = member_client.get(reverse("certif:index"))
    assert first["Location"] == reverse("certif:sessions", args=[center.pk])  # the first by name
    member_client.get(reverse("certif:sessions", args=[other.pk]))
    assert member_client.get(reverse("certif:index"))["Location"] == reverse(
        "certif:sessions", args=[other.pk]
    )


def test_a_member_of_several_centres_can_switch_between_them(member_client, member, center):
    other = CertificationCenterFactory(name="Centre Zola")
    CenterMembershipFactory(user=member, center=other, terms_accepted_at=timezone.now())
    page = member_client.get(reverse("certif:sessions", args=[center.pk])).content.decode()
    assert "Changer de centre" in page
    assert reverse("certif:sessions", args=[other.pk]) in page


def test_the_sessions_list_splits_upcoming_and_past_sessions_with_their_status(member_client, center):
    today = timezone.localdate()
    upcoming = SessionFactory(center=center, date=today + datetime.timedelta(days=3))
    CandidateFactory(session=upcoming)
    CandidateFactory(session=upcoming)
    to_finalize = SessionFactory(center=center, date=today - datetime.timedelta(days=3))
    published = SessionFactory(
        center=center,
        date=today - datetime.timedelta(days=30),
        finalized_at=timezone.now(),
        published_at=timezone.now(),
    )
    SessionFactory(room="Ailleurs")  # another centre's session
    response = member_client.get(reverse("certif:sessions", args=[center.pk]))
    upcoming_ids = [s.pk for s in response.context["upcoming"]]
    past_ids = [s.pk for s in response.context["past"]]
    assert upcoming_ids == [upcoming.pk] and past_ids == [to_finalize.pk, published.pk]
    assert response.context["upcoming"][0].candidates_count == 2
    html = response.content.decode()
    assert "À finaliser" in html and "Résultats transmis par Pix" in html and "Ailleurs" not in html


def test_a_session_is_created_from_the_form(member_client, center, member):
    response = member_client.post(
        reverse("certif:session_create", args=[center.pk]),
        {
            "address": "Collège Voltaire",
            "room": "CDI",
            "date": FUTURE.isoformat(),
            "time": "13:30",
            "examiner": "M. Blanc",
            "description": "",
        },
    )
    session = Session.objects.get()
    assert response["Location"] == reverse("certif:session", args=[session.pk])
    assert (session.center, session.created_by, session.room) == (center, member, "CDI")


def test_the_session_form_shows_each_error_next_to_its_field(member_client, center):
    response = member_client.post(
        reverse("certif:session_create", args=[center.pk]),
        {"address": "", "room": "CDI", "date": FUTURE.isoformat(), "time": "25:00", "examiner": "X"},
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Le nom du site est obligatoire." in html
    assert "L'heure de début n'est pas valide" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_address-error"' in html
    assert 'role="alert"' in html
    assert not Session.objects.exists()


def test_a_session_is_edited_and_deleted(member_client, center, session):
    response = member_client.post(
        reverse("certif:session_edit", args=[session.pk]),
        {
            "address": "Annexe",
            "room": "B2",
            "date": session.date.isoformat(),
            "time": "10:15",
            "examiner": "Y",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.address, session.time) == ("Annexe", datetime.time(10, 15))
    confirm = member_client.get(reverse("certif:session_delete", args=[session.pk]))
    assert "Supprimer la session" in confirm.content.decode()
    response = member_client.post(reverse("certif:session_delete", args=[session.pk]))
    assert response["Location"] == reverse("certif:sessions", args=[center.pk])
    assert not Session.objects.exists()


def test_a_started_session_is_not_deleted_and_the_reason_is_shown(member_client, session):
    CandidateFactory(session=session, started_at=timezone.now())
    response = member_client.post(reverse("certif:session_delete", args=[session.pk]), follow=True)
    assert Session.objects.filter(pk=session.pk).exists()
    assert "ne peut plus être supprimée" in response.content.decode()


def test_the_session_page_shows_details_codes_and_candidates(member_client, session):
    CandidateFactory(session=session, first_name="Zoé", last_name="Lemaître", extra_time_percentage="0.33")
    html = member_client.get(reverse("certif:session", args=[session.pk])).content.decode()
    for expected in (
        session.access_code,
        session.invigilator_password,
        session.address,
        "Lemaître",
        "Zoé",
        "33 %",
    ):
        assert expected in html
    assert reverse("certif:attendance_sheet", args=[session.pk]) in html
    assert reverse("certif:invigilator_kit", args=[session.pk]) in html
    assert reverse("certif:candidates_template", args=[session.pk]) in html
    assert reverse("certif:students_enrol", args=[session.pk]) in html  # a school managing its students
    assert "Tarification" not in html  # a school centre has no billing


def test_a_candidate_is_added_by_the_form(member_client, session):
    response = member_client.post(
        reverse("certif:candidate_add", args=[session.pk]),
        {
            "last_name": "Durand",
            "first_name": "Léo",
            "birthdate": "2009-05-06",
            "sex": "M",
            "birth_country": "99100",
            "birth_postal_code": "69003",
            "birth_city": "Lyon 3e Arrondissement",
            "extra_time_percentage": "",
        },
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.last_name, candidate.birth_postal_code, candidate.birthdate) == (
        "Durand",
        "69003",
        datetime.date(2009, 5, 6),
    )


def test_a_refused_candidate_shows_the_errors_in_the_open_form(member_client, session):
    response = member_client.post(
        reverse("certif:candidate_add", args=[session.pk]),
        {
            "last_name": "Durand",
            "first_name": "",
            "birthdate": "2009-05-06",
            "sex": "M",
            "birth_country": "99100",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le prénom est obligatoire." in html
    assert "Indiquez le code INSEE de la commune de naissance" in html
    assert 'id="ajout" open' in html or 'open id="ajout"' in html
    assert 'value="Durand"' in html  # what was typed is kept
    assert not Candidate.objects.exists()


def test_a_non_school_centre_form_asks_for_the_billing_mode_and_shows_it(client):
    pro = CertificationCenterFactory(type=CertificationCenter.Type.PRO)
    client.force_login(CenterMembershipFactory(center=pro, terms_accepted_at=timezone.now()).user)
    session = SessionFactory(center=pro)
    url = reverse("certif:candidate_add", args=[session.pk])
    fields = {
        "last_name": "Roux",
        "first_name": "Ana",
        "birthdate": "1990-01-02",
        "sex": "F",
        "birth_country": "99100",
        "birth_insee_code": "75115",
    }
    refused = unescape(client.post(url, fields).content.decode())
    assert "La tarification part Pix est obligatoire" in refused and 'name="prepayment_code"' in refused
    client.post(url, {**fields, "billing_mode": "PREPAID", "prepayment_code": "123/FACT9"})
    html = client.get(reverse("certif:session", args=[session.pk])).content.decode()
    assert "Prépayée" in html and "123/FACT9" in html


def test_an_ods_is_imported_from_the_session_page(member_client, session):
    raw = make_ods(
        [
            HEADERS,
            candidate_row(last_name="Noir", insee="75115"),
            candidate_row(last_name="Blanc", insee="75115"),
        ]
    )
    upload = io.BytesIO(raw)
    upload.name = "candidats.ods"
    response = member_client.post(
        reverse("certif:candidates_import", args=[session.pk]), {"file": upload}, follow=True
    )
    assert Candidate.objects.count() == 2
    assert "2 candidats importés." in response.content.decode()


def test_a_refused_ods_lists_every_error_with_its_line(member_client, session):
    raw = make_ods([HEADERS, candidate_row(insee="75115"), candidate_row(last_name="Bis", insee="00000")])
    upload = io.BytesIO(raw)
    upload.name = "candidats.ods"
    response = member_client.post(reverse("certif:candidates_import", args=[session.pk]), {"file": upload})
    html = unescape(response.content.decode())
    assert "Le fichier n'a pas été importé : 1 erreur." in html
    assert "Ligne 3" in html and "00000" in html
    assert not Candidate.objects.exists()


def test_the_template_is_downloaded_as_an_ods(member_client, session):
    response = member_client.get(reverse("certif:candidates_template", args=[session.pk]))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert f"candidats-session-{session.pk}.ods" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_a_candidate_is_removed_from_the_session_page(member_client, session, candidate):
    response = member_client.post(
        reverse("certif:candidate_remove", args=[session.pk, candidate.pk]), follow=True
    )
    assert not Candidate.objects.exists()
    assert "retiré(e) de la session" in response.content.decode()


def test_students_are_enrolled_by_division(member_client, session, school):
    lea = OrganizationLearnerFactory(
        organization=school, division="3A", last_name="Durand", birth_country_code="99100"
    )
    OrganizationLearnerFactory(
        organization=school, division="3A", last_name="Petit", birth_country_code="99100"
    )
    OrganizationLearnerFactory(
        organization=school, division="4B", last_name="Autre", birth_country_code="99100"
    )
    url = reverse("certif:students_enrol", args=[session.pk])
    page = member_client.get(url, {"classe": "3A"})
    html = page.content.decode()
    assert "Durand" in html and "Petit" in html and "Autre" not in html
    assert [s.last_name for s in page.context["students"]] == ["Durand", "Petit"]
    response = member_client.post(url, {"division": "3A", "learners": [str(lea.pk)]}, follow=True)
    assert "1 élève inscrit." in response.content.decode()
    assert Candidate.objects.get().organization_learner == lea


def test_students_of_another_school_cannot_be_enrolled_by_forging_the_form(member_client, session):
    stranger = OrganizationLearnerFactory(birth_country_code="99100")
    response = member_client.post(
        reverse("certif:students_enrol", args=[session.pk]),
        {"division": "3A", "learners": [str(stranger.pk)]},
        follow=True,
    )
    assert not Candidate.objects.exists()
    assert "n&#x27;appartiennent pas" in response.content.decode()


def test_the_pdfs_are_served_as_downloads(member_client, session, candidate):
    for name, filename in (
        ("attendance_sheet", "feuille-emargement"),
        ("invigilator_kit", "kit-surveillant"),
    ):
        response = member_client.get(reverse(f"certif:{name}", args=[session.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert filename in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF-")


# -- query budgets ----------------------------------------------------------------------------------------


def test_the_sessions_list_costs_the_same_with_3_or_100_sessions(
    member_client, center, django_assert_max_num_queries
):
    url = reverse("certif:sessions", args=[center.pk])
    today = timezone.localdate()
    for index in range(3):
        SessionFactory(center=center, date=today + datetime.timedelta(days=index - 1))
    member_client.get(url)  # the first visit remembers the centre in the session
    with django_assert_max_num_queries(6):
        assert member_client.get(url).status_code == 200
    for index in range(97):
        session = SessionFactory(center=center, date=today + datetime.timedelta(days=index - 50))
        CandidateFactory(session=session)
    with django_assert_max_num_queries(6):
        response = member_client.get(url)
    assert len(response.context["upcoming"]) + len(response.context["past"]) == 100


def test_the_session_page_costs_the_same_with_5_or_60_candidates(
    member_client, session, django_assert_max_num_queries
):
    url = reverse("certif:session", args=[session.pk])
    for _ in range(5):
        CandidateFactory(session=session)
    member_client.get(url)
    with django_assert_max_num_queries(7):
        assert member_client.get(url).status_code == 200
    for _ in range(55):
        CandidateFactory(session=session)
    with django_assert_max_num_queries(7):
        response = member_client.get(url)
    assert len(response.context["candidates"]) == 60


def test_the_attendance_sheet_costs_the_same_with_5_or_60_candidates(
    member_client, session, django_assert_max_num_queries
):
    url = reverse("certif:attendance_sheet", args=[session.pk])
    for _ in range(60):
        CandidateFactory(session=session)
    member_client.get(url)
    with django_assert_max_num_queries(5):
        assert member_client.get(url).status_code == 200
