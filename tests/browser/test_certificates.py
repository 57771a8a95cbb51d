"""After the exam, in a real browser: the centre finalises, Pix publishes, anyone verifies the certificate,
the candidate downloads it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exam(tmp_path):
    """A v3 session of the small release: two complete tests and one the candidate left early."""
    from referential.services import release_load
    from tests.assessments.conftest import write_small_release
    from tests.certification.factories import SessionFactory, make_course
    from tests.certification.results_helpers import challenge_ids
    from tests.factories import CenterMembershipFactory, CertificationCenterFactory, UserFactory

    release_load(root=write_small_release(tmp_path / "content", timed={"@delta2"}))
    center = CertificationCenterFactory(name="Lycée Marie-Curie", type="SCO")
    session = SessionFactory(center=center, center_name=center.name, address="Bâtiment B", room="Salle 12")
    referent = CenterMembershipFactory(center=center, terms_accepted_at=timezone.now()).user
    ids = challenge_ids("1.1", 38) + challenge_ids("1.2", 14)
    ada = make_course(
        session=session,
        answers=[(cid, "ok" if n % 4 else "ko") for n, cid in enumerate(ids[:32])],
        first_name="Ada",
        last_name="Lovelace",
        birthplace="Londres",
        candidate__first_name="Ada",
        candidate__last_name="Lovelace",
        candidate__result_recipient_email="professeur@example.org",
    )
    grace = make_course(
        session=session,
        answers=[(cid, "ok" if n % 3 else "ko") for n, cid in enumerate(ids[10:42])],
        first_name="Grace",
        last_name="Hopper",
        candidate__first_name="Grace",
        candidate__last_name="Hopper",
        candidate__result_recipient_email="professeur@example.org",
    )
    alan = make_course(
        session=session,
        answers=[(cid, "ok") for cid in ids[:12]],
        state="started",
        first_name="Alan",
        last_name="Turing",
        candidate__first_name="Alan",
        candidate__last_name="Turing",
    )
    admin = UserFactory(is_staff=True, is_superuser=True)
    return {
        "session": session,
        "referent": referent,
        "admin": admin,
        "ada": ada,
        "grace": grace,
        "alan": alan,
    }


def test_finalise_publish_verify_and_download_a_certificate(
    page, exam, client, live_server, artifacts_dir, tmp_path
):
    from certification.models import AssessmentResult, Session

    session = exam["session"]

    # 1. The centre finalises the session.
    sign_in_as(page, client=client, live_server=live_server, user=exam["referent"])
    page.goto(f"/certif/sessions/{session.pk}/")
    page.get_by_role("link", name="Finaliser la session").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Finaliser la session n°{session.pk}"

    page.get_by_role("link", name="Ajouter un signalement pour Grace Hopper").click()
    page.get_by_label("Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne").check()
    page.get_by_role("button", name="Enregistrer le signalement").click()
    assert page.get_by_role("alert").first.inner_text().startswith("Le signalement n'a pas été enregistré")
    assert page.get_by_label("Description").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts_dir / "certif-issue-report.png"), full_page=True)
    page.get_by_label("Description").fill("A signé sur la ligne de son voisin.")
    page.get_by_role("button", name="Enregistrer le signalement").click()
    assert "C4 – Était présent(e)" in page.locator(f"#candidat-{exam['grace'].pk}").inner_text()

    page.get_by_role("button", name="Finaliser la session").click()
    alert = page.locator(".alert--error")
    assert "motif d'abandon de chaque test non terminé" in alert.inner_text()
    fieldset = page.locator("fieldset.abort-card")
    assert "Choisissez le motif d'abandon" in fieldset.inner_text()

    fieldset.get_by_label("Abandon du candidat").check()
    page.get_by_label("Un ou plusieurs incidents ont eu lieu pendant la session").check()
    page.screenshot(path=str(artifacts_dir / "certif-finalisation.png"), full_page=True)
    page.get_by_role("button", name="Finaliser la session").click()
    page.wait_for_url(f"**/certif/sessions/{session.pk}/")
    expect(page.locator(".messages")).to_contain_text("La session est finalisée")
    expect(page.locator("#resultats")).to_contain_text("Pix vérifie les signalements")
    statuses = dict(AssessmentResult.objects.values_list("course_id", "status"))
    assert statuses == {
        exam["ada"].pk: "validated",
        exam["grace"].pk: "validated",
        exam["alan"].pk: "rejected",
    }

    # 2. Pix publishes it from the admin.
    sign_in_as(page, client=client, live_server=live_server, user=exam["admin"])
    page.goto("/admin/certification/session/?jury=a-publier")
    page.get_by_role("link", name=str(session.pk), exact=True).click()
    expect(page.locator("body")).to_contain_text("Prête à être publiée.")
    page.get_by_role("button", name="Publier la session").click()
    expect(page.locator(".messagelist")).to_contain_text("publiée")
    assert Session.objects.get(pk=session.pk).published_at is not None
    assert [message.to for message in mail.outbox] == [["professeur@example.org"]]
    page.goto(f"/admin/certification/certificationcourse/{exam['alan'].pk}/jury/")
    expect(page.locator("#content")).to_contain_text("La session est publiée")
    page.screenshot(path=str(artifacts_dir / "admin-jury.png"), full_page=True)

    # The centre sees the results.
    sign_in_as(page, client=client, live_server=live_server, user=exam["referent"])
    page.goto(f"/certif/sessions/{session.pk}/")
    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.locator("tbody")).to_contain_text("Lovelace")
    page.screenshot(path=str(artifacts_dir / "certif-results.png"), full_page=True)

    # 3. Anyone verifies the certificate with its code.
    page.context.clear_cookies()
    page.goto("/verification-certificat")
    page.get_by_label("Code de vérification").fill("P-23468BCD")
    page.get_by_role("button", name="Vérifier").click()
    assert page.get_by_role("alert").inner_text() == "Aucun certificat ne correspond à ce code."
    assert page.get_by_label("Code de vérification").get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(artifacts_dir / "certificate-verification-form.png"), full_page=True)
    page.get_by_label("Code de vérification").fill(exam["ada"].verification_code.lower())
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url(f"**/partage-certificat/{exam['ada'].verification_code}")
    assert page.get_by_role("heading", level=1).inner_text() == "Certificat authentique"
    expect(page.locator(".certificate")).to_contain_text("Ada LOVELACE")
    page.screenshot(path=str(artifacts_dir / "certificate-verification.png"), full_page=True)

    # 4. The candidate finds it in "Mes certifications" and downloads the attestation.
    sign_in_as(page, client=client, live_server=live_server, user=exam["ada"].user)
    page.goto("/mes-certifications")
    assert page.get_by_role("heading", level=1).inner_text() == "Mes certifications"
    expect(page.locator("tbody")).to_contain_text("Obtenue")
    page.screenshot(path=str(artifacts_dir / "my-certifications.png"), full_page=True)
    page.get_by_role("link", name=f"Voir la certification n°{exam['ada'].pk}").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger l'attestation (PDF)").click()
    pdf_path = tmp_path / "certificat.pdf"
    download_info.value.save_as(pdf_path)
    text = PdfReader(io.BytesIO(pdf_path.read_bytes())).pages[0].extract_text()
    assert "Ada LOVELACE" in text and exam["ada"].verification_code in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf_path),
                str(artifacts_dir / "certificate-pdf"),
            ],
            check=True,
        )
    page.screenshot(path=str(artifacts_dir / "my-certificate.png"), full_page=True)
    assert not [error for error in page.console_errors if "Content Security Policy" in error]


def test_the_pages_after_the_exam_have_no_wcag_violation(
    audited_page, client, live_server, small_release, artifacts_dir
):
    from organizations.models import OrganizationLearner
    from tests.browser.conftest import axe_violations
    from tests.certification.factories import (
        CandidateFactory,
        IssueReportFactory,
        SessionFactory,
        make_course,
    )
    from tests.certification.results_helpers import published_certification
    from tests.factories import CenterMembershipFactory, MembershipFactory, OrganizationFactory, UserFactory

    def assert_accessible(url: str) -> None:
        audited_page.goto(url)
        audited_page.wait_for_load_state()
        assert axe_violations(audited_page) == [], url

    school = OrganizationFactory(type="SCO", is_managing_students=True, name="Collège Voltaire")
    pupil = UserFactory(first_name="Léa", last_name="Martin")
    learner = OrganizationLearner.objects.create(
        organization=school, user=pupil, first_name="Léa", last_name="Martin", division="3B"
    )
    published = SessionFactory(finalized_at=timezone.now(), published_at=timezone.now())
    course = published_certification(
        session=published,
        candidate=CandidateFactory(session=published, user=pupil, organization_learner=learner),
        user=pupil,
    )
    published_certification(
        session=published, status="rejected", jury_comment_key="REJECTED_DUE_TO_LACK_OF_ANSWERS"
    )
    open_session = SessionFactory(center=published.center)
    started = make_course(session=open_session, answers=[("ch-1-1-alpha1-a", "ko")], state="started")
    IssueReportFactory(course=started, subcategory="WEBSITE_BLOCKED")

    assert_accessible("/verification-certificat")
    assert_accessible(f"/partage-certificat/{course.verification_code}")

    sign_in_as(audited_page, client=client, live_server=live_server, user=pupil)
    assert_accessible("/mes-certifications")
    assert_accessible(f"/mes-certifications/{course.pk}")

    referent = CenterMembershipFactory(center=published.center, terms_accepted_at=timezone.now()).user
    sign_in_as(audited_page, client=client, live_server=live_server, user=referent)
    assert_accessible(f"/certif/sessions/{open_session.pk}/finalisation")
    assert_accessible(f"/certif/sessions/{open_session.pk}/finalisation/candidats/{started.pk}/signalement")
    assert_accessible(f"/certif/sessions/{published.pk}/resultats")
    assert_accessible(f"/certif/sessions/{published.pk}/")

    teacher = MembershipFactory(organization=school).user
    sign_in_as(audited_page, client=client, live_server=live_server, user=teacher)
    assert_accessible(f"/orga/{school.pk}/certifications")
    audited_page.screenshot(path=str(artifacts_dir / "orga-class-attestations.png"), full_page=True)
    with audited_page.expect_download() as download_info:
        audited_page.get_by_role("button", name="Télécharger les attestations (PDF)").click()
    assert download_info.value.suggested_filename == "attestations-certification-3b.pdf"
