"""The learner's side of campaigns: code, landing page, reconciliation, external id, refusals, oups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment
from campaigns import services
from campaigns.models import CampaignParticipation
from organizations.models import Organization, OrganizationLearner
from tests.factories import OrganizationFactory, UserFactory
from tests.learners.campaign_helpers import BIRTHDATE, TITLE, make_campaign, reconcile_data
from tests.organizations.factories import OrganizationLearnerFactory

pytestmark = pytest.mark.django_db


def nothing_was_created() -> bool:
    return (
        not CampaignParticipation.objects.exists() and not Assessment.objects.filter(type="CAMPAIGN").exists()
    )


# -- The code ------------------------------------------------------------------------------------


def test_the_code_page_asks_to_sign_in_first(client):
    response = client.get("/campagnes")
    assert response.status_code == 302 and response["Location"].startswith("/connexion?next=/campagnes")


def test_a_code_is_found_whatever_its_case_and_spaces(client, learner, open_campaign):
    client.force_login(learner)
    typed = f"  {open_campaign.code[:3].lower()} {open_campaign.code[3:]} "
    response = client.get("/campagnes", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/campagnes/{open_campaign.code}"


def test_an_unknown_code_gets_a_clear_message(client, learner, open_campaign):
    client.force_login(learner)
    response = client.get("/campagnes", {"code": "ZZZZZZ999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nous ne trouvons aucun parcours avec ce code" in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert 'value="ZZZZZZ999"' in html


def test_an_empty_code_is_asked_again(client, learner):
    client.force_login(learner)
    assert "Saisissez le code du parcours." in client.get("/campagnes", {"code": "  "}).content.decode()


def test_the_code_page_shows_an_empty_form_without_a_code(client, learner):
    client.force_login(learner)
    html = client.get("/campagnes").content.decode()
    assert "J'ai un code" in html and 'role="alert"' not in html


# -- The landing page ----------------------------------------------------------------------------


def test_a_visitor_sees_the_campaign_and_is_asked_to_sign_in_then_comes_back(client, school_campaign):
    response = client.get(f"/campagnes/{school_campaign.code}")
    html = response.content.decode()
    assert response.status_code == 200
    assert TITLE in html and "Collège Jules-Ferry" in html
    assert "<strong>la recherche d'information</strong>" in html  # the organization's Markdown
    assert f'href="/connexion?next=/campagnes/{school_campaign.code}"' in html
    assert f'href="/inscription?next=/campagnes/{school_campaign.code}"' in html
    assert "Je commence" not in html


def test_a_visitor_who_presses_start_is_sent_to_sign_in(client, open_campaign):
    response = client.post(f"/campagnes/{open_campaign.code}")
    assert response["Location"] == f"/connexion?next=/campagnes/{open_campaign.code}"
    assert nothing_was_created()


def test_the_landing_page_address_takes_the_code_in_any_case(client, open_campaign):
    response = client.get(f"/campagnes/{open_campaign.code.lower()}")
    assert response["Location"] == f"/campagnes/{open_campaign.code}"


def test_an_unknown_code_in_the_address_is_not_found(client):
    assert client.get("/campagnes/ZZZZZZ999").status_code == 404


def test_a_learner_sees_what_will_happen_and_the_start_button(client, learner, school_campaign):
    client.force_login(learner)
    html = client.get(f"/campagnes/{school_campaign.code}").content.decode()
    assert "Je commence" in html
    assert "Vous indiquez qui vous êtes" in html  # restricted: the first step
    assert "réservé aux élèves de Collège Jules-Ferry" in html
    assert nothing_was_created()


def test_starting_an_open_campaign_goes_to_the_first_question(client, learner, open_campaign):
    client.force_login(learner)
    response = client.post(f"/campagnes/{open_campaign.code}")
    assert response["Location"] == f"/campagnes/{open_campaign.code}/evaluation"
    response = client.get(response["Location"])
    participation = CampaignParticipation.objects.get(user=learner)
    assessment = participation.assessments.get()
    assert response["Location"] == f"/assessments/{assessment.pk}/resume"
    assert client.get(response["Location"])["Location"] == f"/assessments/{assessment.pk}/challenges/1"
    assert participation.organization_learner.user_id == learner.pk


def test_an_archived_campaign_leads_to_the_oups_page(client, learner, open_campaign):
    services.campaign_archive(campaign=open_campaign, by=open_campaign.owner)
    client.force_login(learner)
    for path in ("", "/evaluation", "/evaluation/resultats", "/rejoindre/identification"):
        response = client.get(f"/campagnes/{open_campaign.code}{path}")
        assert response["Location"] == f"/campagnes/{open_campaign.code}/oups", path
    response = client.post(f"/campagnes/{open_campaign.code}")
    assert response["Location"] == f"/campagnes/{open_campaign.code}/oups"
    html = client.get(f"/campagnes/{open_campaign.code}/oups").content.decode()
    assert "Oups, ce parcours n'est plus accessible" in html
    assert nothing_was_created()


def test_a_deleted_campaign_leads_to_the_oups_page_even_for_a_visitor(client, open_campaign):
    services.campaign_delete(campaign=open_campaign, by=open_campaign.owner)
    assert client.get(f"/campagnes/{open_campaign.code}")["Location"].endswith("/oups")
    assert client.get(f"/campagnes/{open_campaign.code}/oups").status_code == 200


def test_the_oups_page_of_an_open_campaign_leads_back_to_it(client, open_campaign):
    assert (
        client.get(f"/campagnes/{open_campaign.code}/oups")["Location"] == f"/campagnes/{open_campaign.code}"
    )


# -- Refusals (§1.7), as the pages show them --------------------------------------------------------


def test_a_second_click_on_start_leads_to_the_participation_without_a_second_one(
    client, learner, open_campaign
):
    client.force_login(learner)
    client.post(f"/campagnes/{open_campaign.code}")
    before = CampaignParticipation.objects.count(), Assessment.objects.count()
    response = client.post(f"/campagnes/{open_campaign.code}")
    assert response["Location"] == f"/campagnes/{open_campaign.code}/evaluation"
    assert (CampaignParticipation.objects.count(), Assessment.objects.count()) == before


def test_a_deleted_participation_is_explained_on_the_landing_page(client, learner, open_campaign):
    services.participation_start(campaign=open_campaign, user=learner)
    CampaignParticipation.objects.update(deleted_at=timezone.now())
    client.force_login(learner)
    html = client.get(f"/campagnes/{open_campaign.code}").content.decode()
    assert "Votre participation à ce parcours a été supprimée." in html
    assert "Je commence" not in html
    response = client.post(f"/campagnes/{open_campaign.code}")
    assert "a été supprimée" in response.content.decode()
    assert CampaignParticipation.objects.count() == 1


def test_a_disabled_student_is_told_on_the_landing_page(client, learner, school_campaign, student):
    OrganizationLearner.objects.filter(pk=student.pk).update(user=learner, is_disabled=True)
    client.force_login(learner)
    html = client.get(f"/campagnes/{school_campaign.code}").content.decode()
    assert "Vous ne figurez plus dans la liste des élèves de Collège Jules-Ferry" in html
    assert "Je commence" not in html
    assert "ne figurez plus" in client.post(f"/campagnes/{school_campaign.code}").content.decode()
    assert nothing_was_created()


def test_a_student_who_took_part_with_another_account_is_told_so(client, school_campaign, student):
    first_account, second_account = UserFactory(), UserFactory()
    OrganizationLearner.objects.filter(pk=student.pk).update(user=first_account)
    services.participation_start(campaign=school_campaign, user=first_account)
    OrganizationLearner.objects.filter(pk=student.pk).update(user=None)
    client.force_login(second_account)
    response = client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", reconcile_data())
    html = response.content.decode()
    assert "Léa Martin a déjà participé à ce parcours avec un autre compte Pix" in html
    assert 'role="alert"' in html
    assert not CampaignParticipation.objects.filter(user=second_account).exists()


def test_an_unfinished_participation_is_resumed_not_started_again(client, learner, open_campaign):
    open_campaign.multiple_sendings = True
    open_campaign.save()
    client.force_login(learner)
    client.post(f"/campagnes/{open_campaign.code}")
    assert client.get(f"/campagnes/{open_campaign.code}")["Location"].endswith("/evaluation")
    response = client.post(f"/campagnes/{open_campaign.code}/evaluation/resultats", {"action": "retry"})
    assert response["Location"].endswith("/evaluation")  # the test is not over: back to it
    assert CampaignParticipation.objects.count() == 1


# -- Reconciliation (restricted campaigns) ----------------------------------------------------------


def test_starting_a_restricted_campaign_asks_who_you_are_first(client, learner, school_campaign, student):
    client.force_login(learner)
    response = client.post(f"/campagnes/{school_campaign.code}")
    assert response["Location"] == f"/campagnes/{school_campaign.code}/rejoindre/identification"
    html = client.get(response["Location"]).content.decode()
    assert "Qui êtes-vous ?" in html
    assert f'value="{learner.first_name}"' in html  # the account's names, to correct if needed
    assert "Numéro étudiant" not in html
    assert nothing_was_created()


def test_the_student_found_strictly_starts_the_campaign(client, learner, school_campaign, student):
    client.force_login(learner)
    response = client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", reconcile_data())
    assert response["Location"] == f"/campagnes/{school_campaign.code}/evaluation"
    student.refresh_from_db()
    assert student.user_id == learner.pk
    assert CampaignParticipation.objects.get(user=learner).organization_learner_id == student.pk


def test_a_few_typos_and_accents_are_tolerated(client, learner, school_campaign, student):
    client.force_login(learner)
    data = reconcile_data(first_name="lea", last_name="MARTINE")  # 1 typo in 7 letters
    response = client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", data)
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.user_id == learner.pk


def test_a_student_not_in_the_list_gets_the_service_message_and_nothing_changes(
    client, learner, school_campaign, student
):
    client.force_login(learner)
    data = reconcile_data(day="15")
    response = client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nous ne trouvons pas d&#x27;élève avec ce prénom, ce nom et cette date de naissance" in html
    assert 'role="alert"' in html and 'value="15"' in html
    student.refresh_from_db()
    assert student.user_id is None and nothing_was_created()


def test_a_student_already_linked_to_another_account_is_told_which_one(
    client, learner, school_campaign, student
):
    other = UserFactory(email="lea.martin@example.org")
    OrganizationLearner.objects.filter(pk=student.pk).update(user=other)
    client.force_login(learner)
    html = client.post(
        f"/campagnes/{school_campaign.code}/rejoindre/identification", reconcile_data()
    ).content.decode()
    assert "Un compte Pix est déjà relié à cet élève" in html
    assert "lea.martin@example.org" not in html  # half-hidden
    assert nothing_was_created()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (reconcile_data(first_name=""), "Saisissez votre prénom."),
        (reconcile_data(year=""), "Saisissez votre date de naissance : jour, mois et année."),
        (reconcile_data(day="31", month="2"), "La date de naissance n&#x27;est pas valide."),
        (reconcile_data(month="13"), "La date de naissance n&#x27;est pas valide."),
        (reconcile_data(year="1850"), "La date de naissance n&#x27;est pas valide."),
    ],
)
def test_what_is_typed_is_checked_before_looking(client, learner, school_campaign, student, data, message):
    client.force_login(learner)
    response = client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", data)
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    student.refresh_from_db()
    assert student.user_id is None


def test_once_linked_the_student_is_never_asked_again(client, learner, school_campaign, student, profile):
    client.force_login(learner)
    client.post(f"/campagnes/{school_campaign.code}/rejoindre/identification", reconcile_data())
    other = make_campaign(school_campaign.organization, profile, name="3e B", title="Tableur")
    response = client.post(f"/campagnes/{other.code}")
    assert response["Location"] == f"/campagnes/{other.code}/evaluation"
    assert (
        client.get(f"/campagnes/{other.code}/rejoindre/identification")["Location"]
        == f"/campagnes/{other.code}"
    )
    html = client.get(
        f"/campagnes/{make_campaign(other.organization, profile, name='4e').code}"
    ).content.decode()
    assert "vous participez en tant que Léa Martin" in html


def test_an_open_campaign_never_asks_who_you_are(client, learner, open_campaign):
    client.force_login(learner)
    response = client.get(f"/campagnes/{open_campaign.code}/rejoindre/identification")
    assert response["Location"] == f"/campagnes/{open_campaign.code}"


def test_a_university_student_also_gives_a_student_number(client, learner, profile):
    university = OrganizationFactory(
        name="Université de Lille", type=Organization.Type.SUP, is_managing_students=True
    )
    campaign = make_campaign(university, profile)
    record = OrganizationLearnerFactory(
        organization=university,
        first_name="Léa",
        last_name="Martin",
        birthdate=BIRTHDATE,
        student_number="E2024",
    )
    client.force_login(learner)
    url = f"/campagnes/{campaign.code}/rejoindre/identification"
    assert "Numéro étudiant" in client.get(url).content.decode()
    assert "Saisissez votre numéro étudiant." in client.post(url, reconcile_data()).content.decode()
    assert "Nous ne trouvons pas" in client.post(url, reconcile_data(student_number="E9999")).content.decode()
    assert client.post(url, reconcile_data(student_number="E2024")).status_code == 302
    record.refresh_from_db()
    assert record.user_id == learner.pk


# -- External id ---------------------------------------------------------------------------------


@pytest.fixture
def email_campaign(company, profile):
    return make_campaign(
        company,
        profile,
        name="Salariés",
        external_id_label="adresse e-mail professionnelle",
        external_id_type="EMAIL",
    )


def test_the_external_id_is_asked_before_starting(client, learner, email_campaign):
    client.force_login(learner)
    response = client.post(f"/campagnes/{email_campaign.code}")
    assert response["Location"] == f"/campagnes/{email_campaign.code}/prescrit/identifiant"
    html = client.get(response["Location"]).content.decode()
    assert "Votre adresse e-mail professionnelle" in html and 'type="email"' in html
    assert nothing_was_created()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Merci d&#x27;indiquer votre adresse e-mail professionnelle."),
        ("pas-un-email", "n&#x27;est pas valide"),
    ],
)
def test_a_missing_or_invalid_external_id_is_shown_and_nothing_starts(
    client, learner, email_campaign, value, message
):
    client.force_login(learner)
    response = client.post(f"/campagnes/{email_campaign.code}/prescrit/identifiant", {"external_id": value})
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html and 'role="alert"' in html
    assert nothing_was_created()


def test_a_valid_external_id_starts_the_campaign_and_is_kept(client, learner, email_campaign):
    client.force_login(learner)
    response = client.post(
        f"/campagnes/{email_campaign.code}/prescrit/identifiant", {"external_id": " camille@entreprise.fr "}
    )
    assert response["Location"] == f"/campagnes/{email_campaign.code}/evaluation"
    assert CampaignParticipation.objects.get().participant_external_id == "camille@entreprise.fr"
    # Once started, the page leads to the test.
    assert client.get(f"/campagnes/{email_campaign.code}/prescrit/identifiant")["Location"].endswith(
        "/evaluation"
    )


def test_a_restricted_campaign_asks_who_you_are_then_the_external_id(
    client, learner, school, profile, student
):
    campaign = make_campaign(
        school, profile, name="Avec INE", external_id_label="numéro INE", external_id_type="STRING"
    )
    client.force_login(learner)
    response = client.post(f"/campagnes/{campaign.code}/rejoindre/identification", reconcile_data())
    assert response["Location"] == f"/campagnes/{campaign.code}/prescrit/identifiant"
    response = client.post(response["Location"], {"external_id": "123456789AB"})
    assert response["Location"] == f"/campagnes/{campaign.code}/evaluation"


# -- Profiles collection ---------------------------------------------------------------------------


def test_a_profiles_collection_shows_the_profile_then_sends_it(client, learner, company, small_release):
    collection = make_campaign(company, None, name="Profils")
    client.force_login(learner)
    response = client.post(f"/campagnes/{collection.code}")
    assert response["Location"] == f"/campagnes/{collection.code}/collecte/envoi-profil"
    html = client.get(response["Location"]).content.decode()
    assert "Le profil que vous allez envoyer" in html and "J'envoie mon profil" in html
    assert html.count('class="profile-competence"') == 16
    response = client.post(f"/campagnes/{collection.code}/collecte/envoi-profil")
    assert response["Location"] == f"/campagnes/{collection.code}/collecte/deja-envoye"
    html = client.get(response["Location"]).content.decode()
    assert "Votre profil a été envoyé" in html
    assert "Envoyer à nouveau mon profil" not in html  # no multiple sendings
    assert CampaignParticipation.objects.get().is_shared
    # Already sent: the sending page leads to the confirmation, the landing page too.
    assert client.get(f"/campagnes/{collection.code}/collecte/envoi-profil")["Location"].endswith(
        "/deja-envoye"
    )
    assert client.get(f"/campagnes/{collection.code}")["Location"].endswith("/deja-envoye")


def test_a_profile_can_be_sent_again_when_the_campaign_allows_it(client, learner, company):
    collection = make_campaign(company, None, name="Profils", multiple_sendings=True)
    services.participation_share(
        participation=services.participation_start(campaign=collection, user=learner).participation,
        now=timezone.now() - timedelta(days=1),
    )
    client.force_login(learner)
    url = f"/campagnes/{collection.code}/collecte/deja-envoye"
    assert "Envoyer à nouveau mon profil" in client.get(url).content.decode()
    assert client.post(url)["Location"].endswith("/envoi-profil")
    assert CampaignParticipation.objects.filter(is_improved=False, status="STARTED").count() == 1
