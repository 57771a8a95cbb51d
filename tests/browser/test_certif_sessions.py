"""Pix Certif in a real browser: the demo referent prepares a session from start to finish."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.certification.ods_helpers import HEADERS, candidate_row, make_ods

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    from certification.models import Candidate, CenterMembership
    from pix.demo import seed_demo

    seed_demo()
    # The seed enrols the demo learner in the demo session; these tests start from an empty session.
    Candidate.objects.all().delete()
    # The seed accepts the terms for the referent; start from a first visit instead.
    CenterMembership.objects.filter(user__email="referent@example.org").update(terms_accepted_at=None)


def csp_errors(page) -> list[str]:
    return [error for error in page.console_errors if "Content Security Policy" in error]


def test_the_demo_referent_accepts_the_terms_creates_a_session_enrols_candidates_and_prints(
    page, demo, artifacts_dir, tmp_path
):
    page.goto("/certif/")
    page.locator("main").get_by_role("link", name="Se connecter").click()
    page.wait_for_url("**/connexion?next=/certif/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("referent@example.org")
    page.locator("#id_password").fill("Pixdemo2026")
    page.get_by_role("button", name="Se connecter", exact=True).click()

    # First visit: the terms of use.
    page.wait_for_url("**/cgu?next=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Conditions d'utilisation de Pix Certif"
    page.get_by_role("button", name="Accepter et continuer").click()
    assert (
        page.get_by_role("alert").inner_text() == "Cochez la case pour accepter les conditions d'utilisation."
    )
    page.get_by_label(
        "J'ai lu et j'accepte les conditions d'utilisation de Pix Certif pour ce centre."
    ).check()
    page.get_by_role("button", name="Accepter et continuer").click()

    # The sessions list, with the demo session ahead.
    page.wait_for_url("**/certif/centres/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sessions de certification"
    assert page.locator("#a-venir + .table-wrap tbody tr").count() == 1

    # A new session.
    page.get_by_role("link", name="Créer une session").first.click()
    page.get_by_role("button", name="Créer la session").click()
    assert "Le nom du site est obligatoire." in page.locator(".alert--error").inner_text()
    assert page.get_by_label("Nom du site").get_attribute("aria-invalid") == "true"
    page.get_by_label("Nom du site").fill("Collège Jules-Ferry, bâtiment A")
    page.get_by_label("Nom de la salle").fill("Salle 104")
    page.get_by_label("Date de début").fill("2099-06-15")
    page.get_by_label("Heure de début (heure locale)").fill("14:00")
    page.get_by_label("Surveillant(s)").fill("M. Garnier")
    page.get_by_role("button", name="Créer la session").click()
    page.wait_for_url("**/certif/sessions/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Session n°")
    assert "Collège Jules-Ferry, bâtiment A" in page.locator(".session-header").inner_text()

    # One candidate by the form: first refused, with each error next to its field.
    page.locator("#ajout summary").click()
    page.locator("form.candidate-form").get_by_label("Nom de naissance").fill("Fontaine")
    page.get_by_role("button", name="Inscrire le candidat").click()
    form = page.locator("form.candidate-form")
    assert form.is_visible()
    assert "Le prénom est obligatoire." in form.locator(".alert--error").inner_text()
    assert form.get_by_label("Prénom").get_attribute("aria-invalid") == "true"
    assert form.get_by_label("Nom de naissance").input_value() == "Fontaine"
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "certif-candidate-form.png"), full_page=True)
    form.get_by_label("Nom de naissance").fill("Fontaine")
    form.get_by_label("Prénom").fill("Inès")
    form.get_by_label("Date de naissance").fill("2011-02-03")
    form.get_by_label("Femme").check()
    form.get_by_label("Code INSEE").fill("75111")
    form.get_by_label("Temps majoré (%)").fill("33")
    form.get_by_role("button", name="Inscrire le candidat").click()
    page.wait_for_url("**#candidats")
    rows = page.locator("#candidats tbody tr")
    assert rows.count() == 1
    assert "Paris 11e Arrondissement" in rows.first.inner_text() and "33 %" in rows.first.inner_text()

    # Two candidates by the ODS template.
    ods = tmp_path / "candidats.ods"
    ods.write_bytes(
        make_ods(
            [
                HEADERS,
                candidate_row(
                    last_name="Bernard",
                    first_name="Hugo",
                    sex="M",
                    postal="69003",
                    city="Lyon 3e Arrondissement",
                ),
                candidate_row(last_name="Nguyen", first_name="Linh", country="Viêt Nam", city="Hanoï"),
            ]
        )
    )
    page.get_by_label("Fichier ODS de la liste des candidats").set_input_files(str(ods))
    page.get_by_role("button", name="Importer la liste").click()
    page.wait_for_url("**#candidats")
    assert "2 candidats importés." in page.locator(".messages").inner_text()
    assert page.locator("#candidats tbody tr").count() == 3
    assert page.locator("#candidats-titre .count").inner_text() == "3"

    # The attendance sheet, with the three names.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Feuille d'émargement (PDF)").click()
    path = tmp_path / "feuille.pdf"
    download_info.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    for name in ("FONTAINE", "Inès", "BERNARD", "Hugo", "NGUYEN", "Linh"):
        assert name in text

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts_dir / "certif-session.png"), full_page=True)
    page.get_by_role("link", name="Sessions", exact=True).first.click()
    page.wait_for_url("**/certif/centres/*/")
    assert page.locator("#a-venir + .table-wrap tbody tr").count() == 2
    page.screenshot(path=str(artifacts_dir / "certif-sessions.png"), full_page=True)
    assert csp_errors(page) == []


def test_the_session_page_shows_the_import_errors_with_their_lines(page, demo, artifacts_dir, tmp_path):
    from django.utils import timezone

    from certification.models import CenterMembership, Session

    membership = CenterMembership.objects.get(user__email="referent@example.org")
    membership.terms_accepted_at = timezone.now()
    membership.save()
    session = Session.objects.get(center=membership.center)
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill("referent@example.org")
    page.locator("#id_password").fill("Pixdemo2026")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"/certif/sessions/{session.pk}/")
    ods = tmp_path / "faux.ods"
    ods.write_bytes(
        make_ods(
            [
                HEADERS,
                candidate_row(last_name="Bon", insee="75115"),
                candidate_row(last_name="Faux", insee="75115", birthdate="30/02/2010"),
                candidate_row(last_name="Autre", insee="12345"),
            ]
        )
    )
    page.get_by_label("Fichier ODS de la liste des candidats").set_input_files(str(ods))
    page.get_by_role("button", name="Importer la liste").click()
    errors = page.locator(".import-errors")
    assert "2 erreurs" in errors.inner_text()
    assert "Ligne 3" in errors.inner_text() and "Ligne 4" in errors.inner_text()
    assert page.locator("#candidats tbody tr").count() == 0
    page.screenshot(path=str(artifacts_dir / "certif-import-errors.png"), full_page=False)


def test_the_referent_enrols_students_of_a_division(page, demo, artifacts_dir):
    from django.utils import timezone

    from certification.models import Candidate, CenterMembership, Session

    membership = CenterMembership.objects.get(user__email="referent@example.org")
    membership.terms_accepted_at = timezone.now()
    membership.save()
    session = Session.objects.get(center=membership.center)
    page.goto(f"/connexion?next=/certif/sessions/{session.pk}/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("referent@example.org")
    page.locator("#id_password").fill("Pixdemo2026")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_url(f"**/certif/sessions/{session.pk}/")
    page.get_by_role("link", name="Inscrire des élèves").click()
    page.get_by_label("Classe").select_option("3A")
    page.get_by_role("button", name="Afficher les élèves").click()
    boxes = page.locator("input[name=learners]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.screenshot(path=str(artifacts_dir / "certif-students.png"), full_page=True)
    page.get_by_role("button", name="Inscrire les élèves cochés").click()
    page.wait_for_url("**#candidats")
    assert "2 élèves inscrits." in page.locator(".messages").inner_text()
    assert Candidate.objects.filter(session=session, organization_learner__isnull=False).count() == 2
    assert page.locator("#candidats tbody tr").count() == 2
