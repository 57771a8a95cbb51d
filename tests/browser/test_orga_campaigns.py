"""Pix Orga's campaigns in a real browser: the demo teacher creates a campaign on the "3e" profile, sees
its code and direct link; once a few students have sent their results, opens the results, one student's
page and the analysis, then exports the CSV and downloads it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teacher_page(page, live_server, small_release):
    from campaigns.demo import seed_target_profiles
    from organizations.models import Membership, Organization
    from tests.accounts.conftest import verify_email
    from tests.factories import UserFactory

    seed_target_profiles()
    teacher = UserFactory(
        email="prof@example.org", first_name="Nadia", last_name="Benali", cgu_accepted_at=timezone.now()
    )
    verify_email(teacher)
    school = Organization.objects.create(
        name="Collège Jules-Ferry (démo)", type="SCO", external_id="0750001A", is_managing_students=True
    )
    Membership.objects.create(user=teacher, organization=school, role="ADMIN")
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail ou identifiant").fill(teacher.email)
    page.locator("#id_password").fill("Motdepasse1")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state()
    page.school = school
    return page


def csp_errors(page) -> list[str]:
    return [e for e in page.console_errors if "Content Security Policy" in e]


STUDENTS = [
    # first name, last name, class, validated skills, invalidated skills
    (
        "Lucas",
        "Martin",
        "3A",
        ["@alpha1", "@alpha2", "@alpha3", "@beta1", "@beta2", "@delta1", "@gamma2"],
        ["@beta3"],
    ),
    ("Emma", "Leroy", "3A", ["@alpha1", "@alpha2", "@beta1", "@delta1"], ["@alpha3", "@gamma2"]),
    (
        "Hugo",
        "Nguyen",
        "3B",
        [
            "@alpha1",
            "@alpha2",
            "@alpha3",
            "@beta1",
            "@beta2",
            "@beta3",
            "@delta1",
            "@delta2",
            "@delta3",
            "@gamma2",
        ],
        [],
    ),
    ("Aïssata", "Diallo", "3B", ["@alpha1"], ["@alpha2", "@beta1", "@delta1"]),
]


def test_the_demo_teacher_creates_a_campaign_follows_the_results_and_exports_them(
    teacher_page, artifacts_dir
):
    from campaigns.models import Campaign
    from tests.campaigns.sharing import participant

    page = teacher_page
    school = page.school
    page.goto(f"/orga/{school.pk}/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Campagnes").click()
    page.wait_for_url(re.compile(r"/campagnes$"))
    assert page.get_by_text("Vous n'avez pas encore de campagne.").is_visible()
    page.get_by_role("link", name="Créer une campagne").first.click()
    page.wait_for_url(re.compile(r"/campagnes/creation$"))
    assert page.get_by_label("Évaluer les participants").is_checked()
    page.get_by_label("Profil cible").select_option(label="3e – Les compétences numériques essentielles")
    page.get_by_label("Titre du parcours").fill("Compétences numériques de 3e")
    page.get_by_label("Nom de la campagne").fill("3e B – Compétences essentielles")
    page.get_by_label("Texte de la page d'accueil").fill(
        "Ce parcours fait le point sur vos compétences numériques. Les questions s'adaptent à votre niveau."
    )
    page.screenshot(path=str(artifacts_dir / "orga-campaign-new.png"), full_page=True)
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_url(re.compile(r"/campagnes/\d+/parametres$"))
    campaign = Campaign.objects.get(name="3e B – Compétences essentielles")
    assert page.get_by_text(f"Communiquez son code {campaign.code}").is_visible()
    assert re.fullmatch(r"[A-HJKMNP-Z]{6}[2-9]{3}", campaign.code)
    header = page.locator(".campaign-header")
    assert header.get_by_text(campaign.code, exact=True).is_visible()
    assert header.locator(f"a.campaign-link[href$='/campagnes/{campaign.code}']").is_visible()
    assert page.get_by_text("3e – Les compétences numériques essentielles").first.is_visible()
    assert page.get_by_text("Ce parcours fait le point sur vos compétences numériques.").is_visible()
    assert page.get_by_role("link", name="Modifier").is_visible()
    assert page.get_by_role("button", name="Exporter résultats (.csv)").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-campaign.png"), full_page=True)

    started = timezone.now() - timedelta(days=3)
    for offset, (first, last, division, validated, invalidated) in enumerate(STUDENTS):
        participant(
            campaign,
            first_name=first,
            last_name=last,
            division=division,
            validated=validated,
            invalidated=invalidated,
            started_at=started + timedelta(days=offset % 3, hours=offset),
        )
    participant(
        campaign, first_name="Noël", last_name="Bernard", division="3A", validated=["@alpha1"], share=False
    )

    page.get_by_role("link", name="Activité").click()
    page.wait_for_url(re.compile(rf"/campagnes/{campaign.pk}$"))
    assert page.get_by_role("heading", name="Participants (5)").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-campaign-activity.png"), full_page=True)

    page.get_by_role("link", name="Résultats (4)").click()
    page.wait_for_url(re.compile(r"/resultats-evaluation$"))
    rows = page.locator("table.results-table tbody tr")
    assert rows.count() == 4  # Noël has not sent his results
    assert "BERNARD" not in page.locator("table.results-table").inner_text()
    assert rows.filter(has_text="NGUYEN").get_by_text("91 %").is_visible()  # 10 skills of 11
    page.get_by_label("Classe").select_option("3A")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"classe=3A"))
    assert page.locator("table.results-table tbody tr").count() == 2
    page.get_by_role("link", name="Tout afficher").click()
    page.screenshot(path=str(artifacts_dir / "orga-campaign-results.png"), full_page=True)

    page.get_by_role("link", name="MARTIN").click()
    page.wait_for_url(re.compile(r"/evaluations/\d+/resultats$"))
    assert page.get_by_role("heading", name="Lucas MARTIN").is_visible()
    figures = page.locator(".participant-card")
    assert figures.get_by_text("Acquis validés").is_visible()
    assert figures.locator(".figure", has_text="Acquis validés").get_by_text("7", exact=True).is_visible()
    assert figures.locator(".figure", has_text="Acquis évalués").get_by_text("11", exact=True).is_visible()
    assert figures.locator(".figure", has_text="Score").get_by_text("64 %").is_visible()
    assert figures.locator(".figure", has_text="Avancement").get_by_text("100 %").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-participant.png"), full_page=True)

    page.get_by_role("link", name=campaign.name).first.click()
    page.get_by_role("link", name="Analyse").click()
    page.wait_for_url(re.compile(r"/analyse$"))
    assert page.get_by_role("heading", name="Sujets à travailler").is_visible()
    assert page.locator("table.analysis-table tbody tr").count() == 4  # the four tubes of 1.1
    assert page.get_by_role("img", name=re.compile("recommandé")).first.is_visible()
    page.locator("details.tutorials summary").first.click()
    page.screenshot(path=str(artifacts_dir / "orga-analysis.png"), full_page=True)

    page.get_by_role("button", name="Exporter résultats (.csv)").click()
    page.wait_for_url(re.compile(r"/exports/\d+$"))
    assert page.get_by_text("Fichier prêt : 5 participants.").is_visible()
    page.screenshot(path=str(artifacts_dir / "orga-export.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le fichier").click()
    download = download_info.value
    assert re.fullmatch(
        rf"Resultats-3e B – Compétences essentielles-{campaign.pk}-\d{{4}}-\d\d-\d\d-\d{{4}}\.csv",
        download.suggested_filename,
    )
    content = download.path().read_text(encoding="utf-8")
    header = content.splitlines()[0]
    assert header.startswith(
        '\ufeff"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Parcours";'
    )
    assert (
        '"Classe";"% de progression";"Date de début";"Partage (O/N)";"Date du partage";"Palier obtenu (/3)"'
        in header
    )
    assert '"Vigilant en ligne obtenu (O/N)";"% maitrise de l\'ensemble des acquis du profil"' in header
    assert len(content.splitlines()) == 6
    assert not csp_errors(page)
