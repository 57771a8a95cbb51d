"""Pix Orga in a real browser: the demo teacher imports two classes, filters them, generates usernames;
a refused file shows its errors; the team page invites a colleague."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teacher_page(page, live_server):
    from organizations.models import Membership, Organization
    from tests.accounts.conftest import verify_email
    from tests.factories import UserFactory

    teacher = UserFactory(
        email="prof@example.org", first_name="Nadia", last_name="Benali", cgu_accepted_at=timezone.now()
    )
    verify_email(teacher)
    school = Organization.objects.create(
        name="Collège Jules-Ferry (démo)", type="SCO", external_id="0750001A", is_managing_students=True
    )
    Membership.objects.create(user=teacher, organization=school, role="ADMIN")
    colleague = UserFactory(email="paul.morel@example.org", first_name="Paul", last_name="Morel")
    Membership.objects.create(user=colleague, organization=school, role="MEMBER")
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill(teacher.email)
    page.locator("#id_password").fill("Motdepasse1")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state()
    page.school = school
    return page


def csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


def test_the_demo_teacher_imports_two_classes_filters_them_and_prints_usernames_for_3a(
    teacher_page, artifacts_dir
):
    from pix.demo import DEMO_SIECLE_FILE

    page = teacher_page
    page.goto(f"/orga/{page.school.pk}/")
    page.screenshot(path=str(artifacts_dir / "orga-home.png"), full_page=True)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Élèves").click()
    page.wait_for_url(re.compile(r"/eleves$"))
    assert page.get_by_text("Aucun élève importé pour l'instant.").is_visible()

    page.get_by_role("link", name="Importer", exact=True).click()
    page.wait_for_url(re.compile(r"/eleves/import$"))
    assert page.get_by_label("Export SIECLE (XML ou ZIP)").is_checked()
    page.get_by_label("Fichier", exact=True).set_input_files(str(DEMO_SIECLE_FILE))
    page.screenshot(path=str(artifacts_dir / "orga-import.png"), full_page=True)
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url(re.compile(r"/imports/\d+$"))
    assert page.get_by_text("Import réussi").is_visible()
    assert page.get_by_text("12 ajoutés").is_visible()
    assert page.get_by_text("2 élèves non importés").is_visible()  # one left the school, one is inactive

    page.get_by_role("link", name="Voir les élèves").click()
    page.wait_for_url(re.compile(r"/eleves$"))
    assert page.get_by_role("heading", name="12 résultats").is_visible()
    page.get_by_label("Classe").select_option("3A")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"classe=3A"))
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 6
    assert all(text == "3A" for text in rows.locator("td:nth-child(4)").all_inner_texts())
    assert page.get_by_role("heading", name="6 résultats").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-students.png"), full_page=True)

    page.get_by_role("link", name="Générer les identifiants").click()
    page.wait_for_url(re.compile(r"/eleves/identifiants\?classe=3A$"))
    page.get_by_role("button", name="Générer pour la 3A").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Identifiants de la 3A").is_visible()
    credentials = page.locator("table.credentials-table tbody tr")
    assert credentials.count() == 6
    assert credentials.get_by_text("lucas.martin1403").is_visible()
    assert page.get_by_role("button", name="Imprimer").is_visible()  # the script revealed it
    page.screenshot(path=str(artifacts_dir / "orga-usernames.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".slip").count() == 6 and page.locator(".slip").first.is_visible()
    assert not page.locator(".site-header").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-usernames-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(f"/orga/{page.school.pk}/eleves?classe=3A")
    assert page.locator("table.data-table tbody tr").filter(has_text="Identifiant").count() == 6
    assert not csp_errors(page)


def test_a_refused_file_lists_every_error_and_changes_nothing(teacher_page, artifacts_dir, tmp_path):
    from organizations.models import OrganizationLearner
    from tests.organizations.siecle import Student, siecle_text

    page = teacher_page
    students = [
        Student(eleve_id="1", last_name="MARTIN", first_name="Lucas"),
        Student(eleve_id="2", last_name="LEROY", first_name="Emma", ine=""),
        Student(eleve_id="3", last_name="NGUYEN", first_name="Hugo", birthdate="31/02/2011"),
        Student(eleve_id="4", last_name="DIALLO", first_name="Aïssata", city_code=""),
        Student(eleve_id="5", last_name="ROSSI", first_name="Matteo", sex=""),
        Student(eleve_id="6", last_name="BERNARD", first_name="Noël", ine="0000000001A"),
    ]
    path = tmp_path / "siecle-avec-erreurs.xml"
    path.write_bytes(siecle_text(students, encoding="ISO-8859-15").encode("iso-8859-15"))
    page.goto(f"/orga/{page.school.pk}/eleves/import")
    page.get_by_label("Fichier", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url(re.compile(r"/imports/\d+$"))
    assert page.get_by_role("alert").filter(has_text="Fichier refusé").is_visible()
    assert page.get_by_role("heading", name="5 erreurs").is_visible()
    table = page.locator("table.error-table")
    assert "L'identifiant national (INE) est obligatoire." in table.inner_text()
    assert "0000000001A figure plusieurs fois" in table.inner_text()
    assert "NGUYEN Hugo" in table.inner_text()
    page.screenshot(path=str(artifacts_dir / "orga-import-errors.png"), full_page=True)
    assert OrganizationLearner.objects.count() == 0


def test_the_admin_invites_a_colleague_from_the_team_page(teacher_page, artifacts_dir):
    from django.core import mail

    from organizations.models import Membership, Organization

    page = teacher_page
    lycee = Organization.objects.create(name="Lycée Marie-Curie", type="SCO", external_id="0690001B")
    Membership.objects.create(user=page.school.memberships.get(role="ADMIN").user, organization=lycee)
    page.goto(f"/orga/{page.school.pk}/equipe")
    page.get_by_label("Adresses e-mail").fill("claire.dupont@example.org")
    page.get_by_label("Rôle", exact=True).select_option("MEMBER")
    page.get_by_role("button", name="Inviter", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Invitation envoyée à claire.dupont@example.org.").is_visible()
    invitations = page.locator("section", has=page.get_by_role("heading", name="Invitations en attente"))
    assert invitations.get_by_role("rowheader", name="claire.dupont@example.org").is_visible()
    assert len(mail.outbox) == 1
    page.screenshot(path=str(artifacts_dir / "orga-team.png"), full_page=True)

    page.get_by_label("Rôle de Paul Morel").select_option("ADMIN")
    page.get_by_role("button", name="Enregistrer le rôle de Paul Morel").click()
    page.wait_for_load_state()
    assert page.get_by_text("Paul Morel est maintenant administrateur.").is_visible()

    page.locator(".orga-switch__summary").click()
    page.screenshot(path=str(artifacts_dir / "orga-switcher.png"))
    page.get_by_role("link", name="Lycée Marie-Curie").click()
    page.wait_for_url(re.compile(rf"/orga/{lycee.pk}/$"))
    assert "LYCÉE MARIE-CURIE" in page.locator(".orga-eyebrow").inner_text().upper()
    assert not csp_errors(page)


def test_an_invited_colleague_signs_in_from_the_invitation_and_joins(page, live_server, artifacts_dir):
    from organizations.models import Invitation, Membership, Organization
    from tests.accounts.conftest import verify_email
    from tests.factories import UserFactory

    school = Organization.objects.create(name="Lycée Marie-Curie", type="SCO", external_id="0690001B")
    invitation = Invitation.objects.create(organization=school, email="claire@example.org", code="K7M2P9Q4RT")
    claire = UserFactory(
        email="claire@example.org", first_name="Claire", last_name="Dupont", cgu_accepted_at=timezone.now()
    )
    verify_email(claire)
    page.goto(f"/orga/invitations/{invitation.pk}?code={invitation.code}")
    assert page.get_by_role("heading", name="Rejoindre Lycée Marie-Curie sur Pix Orga").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-invitation.png"), full_page=True)
    page.get_by_role("link", name="Se connecter").last.click()
    page.get_by_label("Adresse e-mail ou identifiant").fill(claire.email)
    page.locator("#id_password").fill("Motdepasse1")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url(re.compile(r"/orga/invitations/"))
    page.get_by_role("button", name="Accepter l'invitation").click()
    page.wait_for_url(re.compile(rf"/orga/{school.pk}/$"))
    assert page.get_by_text("Bienvenue dans l'équipe de Lycée Marie-Curie sur Pix Orga.").is_visible()
    assert Membership.objects.get(user=claire, organization=school).role == "ADMIN"  # the first member


def test_the_page_of_a_running_import_follows_it_until_done(teacher_page):
    from organizations.models import ImportJob

    page = teacher_page
    job = ImportJob.objects.create(
        organization=page.school, kind="siecle", filename="gros-lycee.zip", status="running", size=8_000_000
    )
    page.goto(f"/orga/{page.school.pk}/imports/{job.pk}")
    assert page.get_by_role("status").filter(has_text="Import en cours").is_visible()
    ImportJob.objects.filter(pk=job.pk).update(status="done", created_count=1200)
    page.get_by_text("Import réussi").wait_for(timeout=15_000)  # the script polled, then reloaded
    assert page.get_by_text("1200 ajoutés").is_visible()
    assert not csp_errors(page)
