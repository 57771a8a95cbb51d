"""Pix Orga campaigns through the pages: the list, creation, edition, archiving and deletion (§1.6), and
who may reach each address."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignParticipation, ExportJob, TargetProfile
from tests.campaigns.sharing import assessment_campaign, participant, target_profile_with_stages_and_badge
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(small_release):
    return target_profile_with_stages_and_badge()


@pytest.fixture
def campaign(school, admin, profile):
    return assessment_campaign(school, admin, profile=profile)


@pytest.fixture
def member(school):
    return MembershipFactory(organization=school, role="MEMBER").user


def url(name: str, campaign: Campaign, **kwargs) -> str:
    return reverse(
        f"orga:{name}", kwargs={"org_id": campaign.organization_id, "campaign_id": campaign.pk, **kwargs}
    )


def creation_data(profile: TargetProfile | None, owner, **overrides) -> dict:
    data = {
        "type": "ASSESSMENT",
        "name": "3e C – Recherche",
        "target_profile": str(profile.pk) if profile else "",
        "title": "La recherche d'information",
        "custom_landing_page_text": "Bienvenue !",
        "external_id_label": "",
        "external_id_type": "STRING",
        "multiple_sendings": "non",
        "owner": str(owner.pk),
    }
    data.update(overrides)
    return data


# -- Access ------------------------------------------------------------------------------------------


@pytest.fixture
def targets(school, admin, campaign, tmp_path, settings):
    """Every campaign address of the school, with a participation and a finished export."""
    settings.MEDIA_ROOT = tmp_path
    shared = participant(campaign, first_name="Lou", last_name="Martin", validated=["@alpha1"])
    collection = Campaign.objects.create(
        organization=school,
        name="Profils",
        code="PRFLSC234",
        type="PROFILES_COLLECTION",
        owner=admin,
        creator=admin,
    )
    (tmp_path / "campaign-exports").mkdir()
    (tmp_path / "campaign-exports" / "x.csv").write_text("\ufeffa\n", encoding="utf-8")
    job = ExportJob.objects.create(
        campaign=campaign, status="done", file_path="campaign-exports/x.csv", filename="Resultats.csv"
    )
    org = {"org_id": school.pk}
    return [
        ("GET", reverse("orga:campaigns", kwargs=org)),
        ("GET", reverse("orga:campaigns_all", kwargs=org)),
        ("GET", reverse("orga:campaign_new", kwargs=org)),
        ("POST", reverse("orga:campaign_new", kwargs=org)),
        ("GET", url("campaign", campaign)),
        ("GET", url("campaign_settings", campaign)),
        ("GET", url("campaign_edit", campaign)),
        ("POST", url("campaign_edit", campaign)),
        ("POST", url("campaign_archive", campaign)),
        ("POST", url("campaign_unarchive", campaign)),
        ("GET", url("campaign_delete", campaign)),
        ("POST", url("campaign_delete", campaign)),
        ("GET", url("campaign_results", campaign)),
        ("GET", url("participant_results", campaign, participation_id=shared.pk)),
        ("GET", url("campaign_analysis", campaign)),
        ("GET", url("campaign_profiles", collection)),
        ("POST", url("campaign_export_start", campaign)),
        ("GET", url("campaign_export", campaign, job_id=job.pk)),
        ("GET", url("campaign_export_status", campaign, job_id=job.pk)),
        ("GET", url("campaign_export_download", campaign, job_id=job.pk)),
    ]


def test_a_member_of_another_organization_gets_404_on_every_campaign_url_and_changes_nothing(
    client, targets, campaign
):
    outsider = MembershipFactory(organization=OrganizationFactory(), role="ADMIN").user
    client.force_login(outsider)
    for method, address in targets:
        response = client.get(address) if method == "GET" else client.post(address, {"name": "Piratée"})
        assert response.status_code == 404, (method, address)
    campaign.refresh_from_db()
    assert (
        campaign.name == "3e A – Recherche" and campaign.deleted_at is None and campaign.archived_at is None
    )
    assert ExportJob.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_campaign_url(client, targets):
    for method, address in targets:
        response = client.get(address) if method == "GET" else client.post(address)
        assert response.status_code == 302, (method, address)
        assert response["Location"].startswith(reverse("account_login")), (method, address)


def test_a_campaign_of_another_organization_is_not_found_even_under_ones_own_organization(
    client, admin, school, profile
):
    elsewhere = OrganizationFactory()
    owner = MembershipFactory(organization=elsewhere, role="ADMIN").user
    foreign = assessment_campaign(elsewhere, owner, profile=profile)
    client.force_login(admin)
    address = reverse("orga:campaign", kwargs={"org_id": school.pk, "campaign_id": foreign.pk})
    assert client.get(address).status_code == 404


# -- The list --------------------------------------------------------------------------------------


def test_my_campaigns_lists_the_ones_i_own_and_all_lists_every_live_campaign(
    client, school, admin, member, profile
):
    mine = assessment_campaign(school, admin, profile=profile, name="La mienne")
    theirs = assessment_campaign(school, member, profile=profile, name="Celle d'un collègue")
    gone = assessment_campaign(school, admin, profile=profile, name="Supprimée")
    gone.deleted_at = timezone.now()
    gone.save()
    client.force_login(admin)
    page = client.get(reverse("orga:campaigns", kwargs={"org_id": school.pk}))
    assert [c.pk for c in page.context["page"].object_list] == [mine.pk]
    page = client.get(reverse("orga:campaigns_all", kwargs={"org_id": school.pk}))
    assert [c.pk for c in page.context["page"].object_list] == [theirs.pk, mine.pk]
    assert "Supprimée" not in page.content.decode()


def test_the_list_searches_by_name_or_code_and_shows_archived_campaigns_apart(client, school, admin, profile):
    active = assessment_campaign(school, admin, profile=profile, name="Recherche documentaire")
    other = assessment_campaign(school, admin, profile=profile, name="Tableur")
    archived = assessment_campaign(school, admin, profile=profile, name="Recherche 2024")
    archived.archived_at = timezone.now()
    archived.save()
    client.force_login(admin)
    base = reverse("orga:campaigns_all", kwargs={"org_id": school.pk})
    found = client.get(base, {"recherche": "recherche"}).context["page"].object_list
    assert [c.pk for c in found] == [active.pk]
    found = client.get(base, {"recherche": other.code.lower()}).context["page"].object_list
    assert [c.pk for c in found] == [other.pk]
    found = client.get(base, {"statut": "archivees"}).context["page"].object_list
    assert [c.pk for c in found] == [archived.pk]


def test_the_list_counts_current_participants_and_shared_results_in_one_query(
    client, school, admin, profile, django_assert_num_queries
):
    campaign = assessment_campaign(school, admin, profile=profile)
    participant(campaign, first_name="A", last_name="A", validated=["@alpha1"])
    participant(campaign, first_name="B", last_name="B", share=False)
    gone = participant(campaign, first_name="C", last_name="C", validated=["@alpha1"])
    CampaignParticipation.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    client.force_login(admin)
    address = reverse("orga:campaigns", kwargs={"org_id": school.pk})
    response = client.get(address)
    row = response.context["page"].object_list[0]
    assert (row.participants_count, row.shared_count) == (2, 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    few = queries()
    for i in range(12):
        assessment_campaign(school, admin, profile=profile, name=f"Campagne {i}")
    assert queries() == few


# -- Creation ----------------------------------------------------------------------------------------


def test_a_member_creates_an_assessment_campaign_and_lands_on_its_code_and_direct_link(
    client, school, member, profile, settings
):
    settings.SITE_URL = "https://pix.example.org"
    client.force_login(member)
    page = client.get(reverse("orga:campaign_new", kwargs={"org_id": school.pk}))
    assert profile in page.context["profiles"]
    response = client.post(
        reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(profile, member)
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("campaign_settings", campaign)
    assert (campaign.type, campaign.target_profile, campaign.creator, campaign.owner) == (
        "ASSESSMENT",
        profile,
        member,
        member,
    )
    assert campaign.title == "La recherche d'information"
    assert campaign.campaign_skills.count() == 8
    page = client.get(response["Location"]).content.decode()
    assert campaign.code in page
    assert f'href="https://pix.example.org/campagnes/{campaign.code}"' in page
    assert "Modifier" in page and "Exporter résultats (.csv)" in page


def test_only_the_profiles_the_organization_may_use_are_offered_and_accepted(
    client, school, admin, small_release
):
    public = target_profile_with_stages_and_badge(name="Public")
    TargetProfile.objects.create(name="Le nôtre", owner_organization=school)
    shared = TargetProfile.objects.create(name="Partagé", owner_organization=OrganizationFactory())
    shared.shared_with.add(school)
    foreign = TargetProfile.objects.create(name="Étranger", owner_organization=OrganizationFactory())
    outdated = TargetProfile.objects.create(name="Périmé", outdated=True)
    client.force_login(admin)
    offered = client.get(reverse("orga:campaign_new", kwargs={"org_id": school.pk})).context["profiles"]
    assert {p.name for p in offered} == {"Public", "Le nôtre", "Partagé"}
    for refused in (foreign, outdated):
        response = client.post(
            reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(refused, admin)
        )
        assert response.status_code == 400
        assert response.context["form"].errors["target_profile"]
    assert not Campaign.objects.exists()
    assert public in offered


def test_an_assessment_without_a_profile_is_refused_with_the_message_on_that_field(
    client, school, admin, profile
):
    client.force_login(admin)
    response = client.post(
        reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(None, admin)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target_profile"] == [
        "Choisissez un profil cible pour une campagne d'évaluation."
    ]
    page = response.content.decode()
    assert 'id="id_target_profile-error" role="alert"' in page
    assert 'aria-invalid="true"' in page
    assert not Campaign.objects.exists()


def test_a_profiles_collection_has_no_profile_and_no_title(client, school, admin, profile):
    client.force_login(admin)
    data = creation_data(profile, admin, type="PROFILES_COLLECTION", name="Profils des 3e")
    response = client.post(reverse("orga:campaign_new", kwargs={"org_id": school.pk}), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.type, campaign.target_profile, campaign.title) == ("PROFILES_COLLECTION", None, "")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Le nom de la campagne est obligatoire."),
        ({"title": "x" * 51}, "title", None),
        ({"external_id_label": "Numéro", "external_id_type": ""}, "external_id_type", None),
        ({"custom_landing_page_text": "x" * 5001}, "custom_landing_page_text", None),
    ],
)
def test_creation_shows_each_refusal_on_its_field_and_creates_nothing(
    client, school, admin, profile, overrides, field, message
):
    client.force_login(admin)
    response = client.post(
        reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(profile, admin, **overrides)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert not Campaign.objects.exists()


def test_an_external_id_label_is_saved_with_its_type(client, school, admin, profile):
    client.force_login(admin)
    data = creation_data(profile, admin, external_id_label="Adresse académique", external_id_type="EMAIL")
    client.post(reverse("orga:campaign_new", kwargs={"org_id": school.pk}), data)
    campaign = Campaign.objects.get()
    assert (campaign.external_id_label, campaign.external_id_type) == ("Adresse académique", "EMAIL")


def test_the_owner_is_chosen_among_the_members_only(client, school, admin, member, profile):
    client.force_login(admin)
    outsider = UserFactory()
    response = client.post(
        reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(profile, outsider)
    )
    assert response.status_code == 400 and "owner" in response.context["form"].errors
    client.post(reverse("orga:campaign_new", kwargs={"org_id": school.pk}), creation_data(profile, member))
    assert Campaign.objects.get().owner == member


# -- Edition -----------------------------------------------------------------------------------------


def edit_data(campaign: Campaign, **overrides) -> dict:
    data = {
        "name": campaign.name,
        "title": campaign.title,
        "custom_landing_page_text": campaign.custom_landing_page_text,
        "owner": str(campaign.owner_id),
        "multiple_sendings": "oui" if campaign.multiple_sendings else "non",
    }
    data.update(overrides)
    return data


def test_the_owner_edits_name_title_text_owner_and_multiple_sendings(client, campaign, admin, member):
    client.force_login(admin)
    response = client.post(
        url("campaign_edit", campaign),
        edit_data(
            campaign,
            name="3e A – Recherche (2e trimestre)",
            title="Chercher sur le web",
            custom_landing_page_text="Prenez votre temps.",
            owner=str(member.pk),
            multiple_sendings="oui",
        ),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "3e A – Recherche (2e trimestre)"
    assert (campaign.title, campaign.custom_landing_page_text) == (
        "Chercher sur le web",
        "Prenez votre temps.",
    )
    assert (campaign.owner, campaign.multiple_sendings) == (member, True)


def test_a_title_over_50_characters_is_refused_and_nothing_changes(client, campaign, admin):
    client.force_login(admin)
    response = client.post(url("campaign_edit", campaign), edit_data(campaign, title="t" * 51, name="Autre"))
    assert response.status_code == 400 and "title" in response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.name == "3e A – Recherche"


def test_multiple_sendings_no_longer_changes_once_someone_took_part(client, campaign, admin):
    participant(campaign, validated=["@alpha1"], share=False)
    client.force_login(admin)
    page = client.get(url("campaign_edit", campaign))
    assert "multiple_sendings" not in page.context["form"].fields
    assert "ne peut plus changer" in page.content.decode()
    client.post(url("campaign_edit", campaign), edit_data(campaign, multiple_sendings="oui"))
    campaign.refresh_from_db()
    assert campaign.multiple_sendings is False


def test_a_member_who_does_not_own_the_campaign_cannot_edit_archive_or_delete_it(client, campaign, member):
    client.force_login(member)
    assert client.get(url("campaign_edit", campaign)).status_code == 403
    assert client.post(url("campaign_edit", campaign), edit_data(campaign, name="Non")).status_code == 403
    assert client.post(url("campaign_archive", campaign)).status_code == 403
    assert client.get(url("campaign_delete", campaign)).status_code == 403
    assert client.post(url("campaign_delete", campaign)).status_code == 403
    campaign.refresh_from_db()
    assert (campaign.name, campaign.archived_at, campaign.deleted_at) == ("3e A – Recherche", None, None)
    page = client.get(url("campaign_settings", campaign)).content.decode()
    assert "Supprimer la campagne" not in page and url("campaign_edit", campaign) not in page


# -- Archiving and deletion --------------------------------------------------------------------------


def test_archiving_closes_the_campaign_and_unarchiving_reopens_it(client, campaign, admin):
    client.force_login(admin)
    response = client.post(url("campaign_archive", campaign), follow=True)
    campaign.refresh_from_db()
    assert campaign.archived_at is not None and campaign.archived_by == admin
    assert "La campagne est archivée" in response.content.decode()
    again = client.post(url("campaign_archive", campaign), follow=True)
    assert "Cette campagne est déjà archivée." in again.content.decode()
    client.post(url("campaign_unarchive", campaign))
    campaign.refresh_from_db()
    assert campaign.archived_at is None and campaign.archived_by is None


def test_the_owner_who_is_only_a_member_may_archive_and_delete_their_campaign(
    client, school, member, profile
):
    campaign = assessment_campaign(school, member, profile=profile)
    client.force_login(member)
    client.post(url("campaign_archive", campaign))
    campaign.refresh_from_db()
    assert campaign.archived_at is not None
    assert client.get(url("campaign_delete", campaign)).status_code == 200
    client.post(url("campaign_delete", campaign))
    campaign.refresh_from_db()
    assert campaign.deleted_at is not None


def test_deleting_asks_for_confirmation_then_anonymises_the_participations(
    client, school, admin, member, profile
):
    campaign = assessment_campaign(school, member, profile=profile)
    shared = participant(campaign, validated=["@alpha1"], external_id="")
    client.force_login(admin)  # an administrator, not the owner
    page = client.get(url("campaign_delete", campaign))
    assert "Cette action est définitive." in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.deleted_at is None
    response = client.post(url("campaign_delete", campaign))
    assert response["Location"] == reverse("orga:campaigns", kwargs={"org_id": school.pk})
    shared.refresh_from_db()
    assert shared.deleted_at is not None and shared.user_id is None
    assert client.get(url("campaign", campaign)).status_code == 404


def test_the_demo_seed_gives_the_demo_school_its_campaign_and_prints_the_code(small_release):
    from pix.demo import seed_demo

    accounts = seed_demo()
    again = seed_demo()
    campaign = Campaign.objects.get()
    assert campaign.owner.email == "prof@example.org"
    assert campaign.target_profile.name.startswith("3e –")
    assert campaign.code in [account.login for account in accounts]
    assert [a.login for a in accounts] == [a.login for a in again]
