"""The session results CSV (pix-certif.md §4.6) and the Pix Certif pages of finalisation and results."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.results import session_result_rows, session_results_csv
from tests.certification.factories import IssueReportFactory, SessionFactory, make_course
from tests.certification.results_helpers import published_certification
from tests.factories import CenterMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Numéro de certification;Prénom;Nom;Date de naissance;Lieu de naissance;Identifiant Externe;Statut;"
    "Nombre de Pix;1.1;1.2;1.3;2.1;2.2;2.3;2.4;3.1;3.2;3.3;3.4;4.1;4.2;4.3;5.1;5.2;"
    "Commentaire jury pour l'organisation;Session;Centre de certification;Date de passage de la certification"
)


def parse(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def session(small_release):
    session = SessionFactory(
        finalized_at=timezone.now(), published_at=timezone.now(), center_name="Lycée Curie"
    )
    published_certification(
        session=session,
        last_name="Lovelace",
        first_name="Ada",
        external_id="ADA-1",
        comment_for_organization="Très bon travail",
        levels={"1.1": 3, "1.2": 0, "2.1": 5},
    )
    published_certification(
        session=session,
        last_name="Babbage",
        status="rejected",
        pix_score=40,
        jury_comment_key="REJECTED_DUE_TO_LACK_OF_ANSWERS",
        levels={"1.1": 1, "1.2": 1},
    )
    published_certification(
        session=session, last_name="Hopper", levels={"1.1": 4, "1.2": -1}, mesh_level=None
    )
    return session


def test_the_csv_starts_with_the_exact_header_of_the_reference(session):
    text = session_results_csv(session=session)
    assert text.split("\r\n", 1)[0] == "\ufeff" + HEADER


def test_the_csv_cells_follow_the_dash_zero_and_level_rules(session):
    rows = {row["Nom"]: row for row in parse(session_results_csv(session=session))}

    ada = rows["Lovelace"]
    assert (ada["Prénom"], ada["Statut"], ada["Nombre de Pix"], ada["Identifiant Externe"]) == (
        "Ada",
        "Validée",
        "312",
        "ADA-1",
    )
    assert (ada["1.1"], ada["1.2"], ada["2.1"], ada["1.3"], ada["5.2"]) == ("3", "0", "5", "-", "-")
    assert ada["Commentaire jury pour l'organisation"] == "Très bon travail"
    assert ada["Session"] == str(session.pk) and ada["Centre de certification"] == "Lycée Curie"
    assert ada["Date de naissance"] == "14/03/2008"
    assert ada["Date de passage de la certification"] == timezone.localdate().strftime("%d/%m/%Y")

    rejected = rows["Babbage"]
    assert (rejected["Statut"], rejected["Nombre de Pix"], rejected["1.1"], rejected["2.1"]) == (
        "Rejetée",
        "0",
        "0",
        "-",
    )
    assert rejected["Commentaire jury pour l'organisation"].startswith("Le candidat n'a pas répondu à assez")

    assert rows["Hopper"]["1.2"] == "0"  # not certified (−1)


def test_a_cancelled_or_unscored_course_is_listed_with_its_status(small_release):
    session = SessionFactory(finalized_at=timezone.now(), published_at=timezone.now())
    published_certification(session=session, last_name="Annulé", is_cancelled=True)
    make_course(session=session, last_name="Commencé", state="started")

    rows = {row[2]: row for row in session_result_rows(session=session)}

    assert rows["Annulé"][6:8] == ["Annulée", "0"]
    assert rows["Commencé"][6:8] == ["Démarrée", "0"] and set(rows["Commencé"][8:24]) == {"-"}


def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(small_release):
    session = SessionFactory(finalized_at=timezone.now(), published_at=timezone.now())
    published_certification(session=session, last_name="=HYPERLINK(1)", comment_for_organization="+33")

    (row,) = parse(session_results_csv(session=session))

    assert row["Nom"] == "'=HYPERLINK(1)" and row["Commentaire jury pour l'organisation"] == "'+33"


@pytest.mark.parametrize("count", [2, 15])
def test_the_csv_costs_the_same_queries_whatever_the_number_of_candidates(
    small_release, count, django_assert_max_num_queries
):
    session = SessionFactory(finalized_at=timezone.now(), published_at=timezone.now())
    for _ in range(count):
        published_certification(session=session)

    with django_assert_max_num_queries(3):
        rows = session_result_rows(session=session)
    assert len(rows) == count


# -- Pix Certif pages: members of the session's centre only --------------------------------------------


@pytest.fixture
def member_client(client, session):
    member = CenterMembershipFactory(center=session.center, terms_accepted_at=timezone.now()).user
    client.force_login(member)
    return client


def test_a_member_downloads_the_results_of_a_published_session(member_client, session):
    page = member_client.get(reverse("certif:session", args=[session.pk])).content.decode()
    assert "Les résultats ont été publiés" in page

    results = member_client.get(reverse("certif:session_results", args=[session.pk]))
    assert results.status_code == 200 and "Lovelace" in results.content.decode()

    response = member_client.get(reverse("certif:session_results_csv", args=[session.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="resultats-session-{session.pk}.csv"'
    assert response.content.decode("utf-8").split("\r\n", 1)[0] == "\ufeff" + HEADER


def test_results_do_not_exist_before_publication(client, small_release):
    session = SessionFactory(finalized_at=timezone.now())
    client.force_login(CenterMembershipFactory(center=session.center, terms_accepted_at=timezone.now()).user)

    assert client.get(reverse("certif:session_results", args=[session.pk])).status_code == 404
    assert client.get(reverse("certif:session_results_csv", args=[session.pk])).status_code == 404
    assert (
        "Pix vérifie les signalements"
        in client.get(reverse("certif:session", args=[session.pk])).content.decode()
    )


def my_certif_urls(session, course, report):
    pk = session.pk
    return [
        ("get", reverse("certif:session_finalisation", args=[pk])),
        ("post", reverse("certif:session_finalisation", args=[pk])),
        ("get", reverse("certif:issue_report_add", args=[pk, course.pk])),
        ("post", reverse("certif:issue_report_add", args=[pk, course.pk])),
        ("post", reverse("certif:issue_report_delete", args=[pk, report.pk])),
        ("get", reverse("certif:session_results", args=[pk])),
        ("get", reverse("certif:session_results_csv", args=[pk])),
    ]


def test_a_member_of_another_centre_gets_404_on_every_finalisation_and_results_page(client, session):
    course = session.courses.first()
    report = IssueReportFactory(course=course)
    stranger = CenterMembershipFactory(terms_accepted_at=timezone.now()).user
    client.force_login(stranger)

    for method, url in my_certif_urls(session, course, report):
        assert getattr(client, method)(url).status_code == 404, url


def test_anonymous_people_are_sent_to_sign_in(client, session):
    course = session.courses.first()
    report = IssueReportFactory(course=course)
    for method, url in my_certif_urls(session, course, report):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/connexion" in response.url, url


def test_a_learner_without_membership_gets_404(client, session):
    client.force_login(UserFactory())
    assert client.get(reverse("certif:session_results_csv", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_results_page_costs_the_same_queries_whatever_the_number_of_candidates(
    client, small_release, count, django_assert_max_num_queries
):
    session = SessionFactory(finalized_at=timezone.now(), published_at=timezone.now())
    for _ in range(count):
        published_certification(session=session)
    client.force_login(CenterMembershipFactory(center=session.center, terms_accepted_at=timezone.now()).user)

    with django_assert_max_num_queries(11):
        assert client.get(reverse("certif:session_results", args=[session.pk])).status_code == 200
