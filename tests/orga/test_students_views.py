from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import ImportJob, OrganizationLearner
from tests.factories import MembershipFactory, UserFactory
from tests.organizations.factories import OrganizationLearnerFactory
from tests.organizations.siecle import siecle_file, two_classes

pytestmark = pytest.mark.django_db


def students_url(organization, **query) -> str:
    url = reverse("orga:students", kwargs={"org_id": organization.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_member_sees_the_students_with_their_class_and_account(client, school):
    member = MembershipFactory(organization=school)
    OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="DURAND", division="3A")
    OrganizationLearnerFactory(
        organization=school,
        first_name="Zoé",
        last_name="PETIT",
        division="3B",
        user=UserFactory(email=None, username="zoe.petit0101"),
    )
    OrganizationLearnerFactory(first_name="Intruse", last_name="AILLEURS")
    client.force_login(member.user)
    html = client.get(students_url(school)).content.decode()
    assert "DURAND" in html and "PETIT" in html and "AILLEURS" not in html
    assert "Aucun compte" in html and "Identifiant" in html
    assert "2 résultats" in html
    assert reverse("orga:students_import", kwargs={"org_id": school.pk}) not in html  # admins only


def test_students_are_filtered_by_class_and_searched_by_name(admin_client, school):
    OrganizationLearnerFactory(organization=school, first_name="Léa", last_name="DURAND", division="3A")
    OrganizationLearnerFactory(organization=school, first_name="Zoé", last_name="PETIT", division="3B")
    html = admin_client.get(students_url(school, classe="3B")).content.decode()
    assert "PETIT" in html and "DURAND" not in html
    assert '<option value="3B" selected>3B</option>' in html
    html = admin_client.get(students_url(school, recherche="dur")).content.decode()
    assert "DURAND" in html and "PETIT" not in html
    html = admin_client.get(
        students_url(school, classe="6Z")
    ).content.decode()  # not a class: ignored, not a crash
    assert "DURAND" in html and "PETIT" in html


def test_the_list_is_paginated_keeping_the_filters(admin_client, school):
    for i in range(55):
        OrganizationLearnerFactory(organization=school, division="3A", last_name=f"NOM{i:03d}")
    html = admin_client.get(students_url(school, classe="3A")).content.decode()
    assert "55 résultats" in html and "Page 1 sur 2" in html
    assert "?classe=3A&amp;page=2" in html
    assert "NOM054" in admin_client.get(students_url(school, classe="3A", page=2)).content.decode()


@pytest.mark.parametrize("count", [10, 500])
def test_the_students_list_runs_a_fixed_number_of_queries(
    admin_client, school, count, django_assert_max_num_queries
):
    users = UserFactory.create_batch(count // 2)
    OrganizationLearner.objects.bulk_create(
        [
            OrganizationLearner(
                organization=school,
                first_name="Léa",
                last_name=f"NOM{i:04d}",
                birthdate="2011-03-14",
                division="3A" if i % 2 else "3B",
                national_student_id=f"{i:010d}X",
                user=users[i // 2] if i % 2 else None,
            )
            for i in range(count)
        ]
    )
    with django_assert_max_num_queries(9):
        response = admin_client.get(students_url(school))
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        assert admin_client.get(students_url(school, classe="3A", recherche="nom")).status_code == 200


def test_the_sup_list_shows_student_numbers_and_groups(client, university):
    admin = MembershipFactory(organization=university, role="ADMIN").user
    OrganizationLearnerFactory(
        organization=university,
        last_name="NGUYEN",
        student_number="E42",
        group="TD2",
        national_student_id="",
        division="",
    )
    OrganizationLearnerFactory(
        organization=university,
        last_name="LAMBERT",
        student_number="E43",
        group="TD3",
        national_student_id="",
        division="",
    )
    client.force_login(admin)
    url = reverse("orga:sup_students", kwargs={"org_id": university.pk})
    html = client.get(url + "?groupe=TD2").content.decode()
    assert "E42" in html and "TD2" in html and "LAMBERT" not in html


# -- Import pages ---------------------------------------------------------------------------------


def import_url(organization) -> str:
    return reverse("orga:students_import", kwargs={"org_id": organization.pk})


def test_an_admin_imports_a_siecle_file_and_sees_what_it_did(admin_client, school):
    upload = SimpleUploadedFile("ElevesSansAdresses.xml", siecle_file(two_classes()).getvalue())
    response = admin_client.post(import_url(school), {"kind": "siecle", "file": upload}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "orga:import_job", kwargs={"org_id": school.pk, "job_id": ImportJob.objects.get().pk}
    )
    assert "Import réussi" in html and "12 ajoutés" in html
    assert OrganizationLearner.objects.filter(organization=school).count() == 12


def test_a_refused_file_shows_every_error_with_its_line_and_changes_nothing(admin_client, school):
    OrganizationLearnerFactory(organization=school, last_name="DÉJÀLÀ")
    header = "Identifiant unique*;Premier prénom*;Nom de famille*"
    upload = SimpleUploadedFile("eleves.csv", (header + "\r\nA1;Léa;Durand\r\n").encode())
    response = admin_client.post(import_url(school), {"kind": "sco_csv", "file": upload}, follow=True)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Fichier refusé : aucun élève n'a été modifié" in html
    assert "La colonne obligatoire « Code sexe* » est absente de la première ligne." in html
    assert html.count('class="error-table__line">1<') == 9  # the 9 missing required columns, all on line 1
    assert list(OrganizationLearner.objects.values_list("last_name", "is_disabled")) == [("DÉJÀLÀ", False)]


def test_the_uai_mismatch_names_both_uai_on_the_page(admin_client, school):
    upload = SimpleUploadedFile("a.xml", siecle_file(two_classes(2), uai="0931234Z").getvalue())
    response = admin_client.post(import_url(school), {"kind": "siecle", "file": upload}, follow=True)
    assert "0931234Z" in response.content.decode() and "0750001A" in response.content.decode()


def test_the_import_form_requires_a_file(admin_client, school):
    response = admin_client.post(import_url(school), {"kind": "siecle"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_running_import_page_says_so_and_polls_its_status(admin_client, school):
    job = ImportJob.objects.create(organization=school, kind="siecle", filename="gros.zip", status="running")
    url = reverse("orga:import_job", kwargs={"org_id": school.pk, "job_id": job.pk})
    html = admin_client.get(url).content.decode()
    assert "Import en cours" in html and "orga-import.js" in html and 'role="status"' in html
    status = admin_client.get(url + "/statut").json()
    assert status == {"status": "running", "over": False, "label": "En cours"}


def test_a_job_of_another_organization_is_a_404(admin_client, school):
    foreign = ImportJob.objects.create(
        organization=MembershipFactory().organization, kind="siecle", filename="x"
    )
    assert (
        admin_client.get(
            reverse("orga:import_job", kwargs={"org_id": school.pk, "job_id": foreign.pk})
        ).status_code
        == 404
    )


def test_the_csv_template_has_the_expected_columns(admin_client, school, university):
    response = admin_client.get(reverse("orga:students_template", kwargs={"org_id": school.pk}))
    content = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert content.startswith("\ufeffIdentifiant unique*;Premier prénom*;Deuxième prénom;")
    assert content.strip().endswith("Code MEF*;Division*")


def test_a_university_admin_imports_in_replace_mode(client, university):
    admin = MembershipFactory(organization=university, role="ADMIN").user
    OrganizationLearnerFactory(organization=university, student_number="OLD", national_student_id="")
    client.force_login(admin)
    header = "Premier prénom;Nom de famille;Date de naissance (jj/mm/aaaa);Numéro étudiant"
    upload = SimpleUploadedFile("etudiants.csv", (header + "\r\nInès;Lambert;19/09/2005;E1\r\n").encode())
    url = reverse("orga:sup_students_import", kwargs={"org_id": university.pk})
    html = client.post(
        url, {"kind": "sup_csv", "mode": "replace", "file": upload}, follow=True
    ).content.decode()
    assert "1 désactivé" in html
    assert OrganizationLearner.objects.get(student_number="OLD").is_disabled


# -- Usernames --------------------------------------------------------------------------------------


def test_generating_usernames_shows_the_printable_list_once(client, school):
    member = MembershipFactory(organization=school)
    OrganizationLearnerFactory(organization=school, division="3A", first_name="Lucas", last_name="MARTIN")
    OrganizationLearnerFactory(organization=school, division="3B", first_name="Zoé", last_name="PETIT")
    client.force_login(member.user)
    url = reverse("orga:usernames", kwargs={"org_id": school.pk})
    assert "Générer pour la 3A" in client.get(url).content.decode()
    response = client.post(url, {"classe": "3A"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    learner = OrganizationLearner.objects.get(first_name="Lucas")
    assert learner.user.username in html and "MARTIN" in html and "PETIT" not in html
    assert "ne seront plus jamais affichés" in html and "orga-print.js" in html
    again = client.post(url, {"classe": "3A"}, follow=True).content.decode()
    assert "ont déjà un compte" in again and learner.user.username not in again


def test_generating_for_an_unknown_class_does_nothing(admin_client, school):
    OrganizationLearnerFactory(organization=school, division="3A")
    response = admin_client.post(
        reverse("orga:usernames", kwargs={"org_id": school.pk}), {"classe": "6Z"}, follow=True
    )
    assert "Choisissez une classe" in response.content.decode()
    assert not OrganizationLearner.objects.filter(user__isnull=False).exists()


def test_a_large_upload_goes_to_the_worker_and_the_page_follows_it(
    admin_client, school, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ORGA_IMPORT_INLINE_MAX_BYTES = 100
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ElevesSansAdresses.xml", siecle_file(two_classes()).getvalue())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(import_url(school), {"kind": "siecle", "file": upload})
        assert "Import en attente" in admin_client.get(response["Location"]).content.decode()
    assert len(callbacks) == 1  # the worker's task, sent once the job is committed
    job = ImportJob.objects.get()
    assert job.status == "done" and not job.file
    assert "Import réussi" in admin_client.get(response["Location"]).content.decode()
