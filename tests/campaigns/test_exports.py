"""The CSV exports of §1.9: columns in order, cell formats, file name, byte-order mark, NA, Oui/Non, Paris
dates; deleted participations left out; queries flat; the job, its file and who may download it."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import exports, services
from campaigns.models import CampaignParticipation, ExportJob
from campaigns.tasks import campaign_export_task
from tests.campaigns.sharing import assessment_campaign, many_participants, participant
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

WINTER = datetime(2026, 1, 15, 8, 5, tzinfo=UTC)  # 09:05 in Paris
SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00:30 the next day in Paris

C11 = "Mener une recherche et une veille d'information"
C12 = "Gérer des données"
AREA = "Information et données"


def competence_headers(*names: str) -> str:
    return ";".join(
        f'"% de maitrise des acquis de la compétence {n}";"Nombre d\'acquis du profil cible dans la compétence {n}";'
        f'"Acquis maitrisés dans la compétence {n}"'
        for n in names
    )


AREA_HEADERS = (
    f'"% de maitrise des acquis du domaine {AREA}";"Nombre d\'acquis du profil cible du domaine {AREA}";'
    f'"Acquis maitrisés du domaine {AREA}"'
)


def export_text(campaign, **kwargs) -> str:
    stream = io.StringIO()
    exports.campaign_export_write(campaign=campaign, stream=stream, **kwargs)
    return stream.getvalue()


def lines(campaign) -> list[str]:
    text = export_text(campaign)
    assert text.startswith("\ufeff")
    return text[1:].split("\n")[:-1]


@pytest.fixture
def school(db):
    return OrganizationFactory(name="Collège Jules-Ferry", type="SCO", is_managing_students=True)


@pytest.fixture
def university(db):
    return OrganizationFactory(name="Université de Lutèce", type="SUP", is_managing_students=True)


@pytest.fixture
def owner(school):
    return MembershipFactory(organization=school, role="ADMIN").user


@pytest.fixture
def campaign(school, owner, small_release):
    return assessment_campaign(
        school, owner, external_id_label="Numéro de candidat", external_id_type="STRING"
    )


def lou(campaign, **kwargs):
    return participant(
        campaign,
        first_name="Lou",
        last_name="Martin",
        validated=["@alpha1", "@alpha2", "@alpha3", "@beta1", "@epsilon1"],
        invalidated=["@beta2"],
        started_at=WINTER,
        shared_at=WINTER + timedelta(minutes=30),
        **kwargs,
    )


# -- Assessment campaigns ----------------------------------------------------------------------------


def test_the_sco_header_is_exactly_the_columns_of_the_reference_in_order(campaign):
    expected = (
        '"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Parcours";'
        '"Nom du Participant";"Prénom du Participant";"Classe";"Numéro de candidat";'
        '"% de progression";"Date de début";"Partage (O/N)";"Date du partage";"Palier obtenu (/2)";'
        '"Chercheur obtenu (O/N)";"La moitié obtenu (O/N)";"% maitrise de l\'ensemble des acquis du profil";'
        f"{competence_headers(C11, C12)};{AREA_HEADERS}"
    )
    assert lines(campaign)[0] == expected


def test_the_sup_header_has_the_group_and_student_number_instead_of_the_class(university, small_release):
    owner = MembershipFactory(organization=university, role="ADMIN").user
    campaign = assessment_campaign(university, owner)
    expected = (
        '"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Parcours";'
        '"Nom du Participant";"Prénom du Participant";"Groupe";"Numéro Étudiant";'
        '"% de progression";"Date de début";"Partage (O/N)";"Date du partage";"Palier obtenu (/2)";'
        '"Chercheur obtenu (O/N)";"La moitié obtenu (O/N)";"% maitrise de l\'ensemble des acquis du profil";'
        f"{competence_headers(C11, C12)};{AREA_HEADERS}"
    )
    assert lines(campaign)[0] == expected


def test_an_organization_that_does_not_manage_students_has_neither_class_nor_group_and_no_stage_column(
    small_release,
):
    from campaigns.models import TargetProfile, TargetProfileTube
    from referential.models import Tube

    company = OrganizationFactory(name="Entreprise", type="PRO")
    owner = MembershipFactory(organization=company, role="ADMIN").user
    profile = TargetProfile.objects.create(name="Sans palier")
    TargetProfileTube.objects.create(target_profile=profile, tube=Tube.objects.get(name="@alpha"), level=2)
    campaign = assessment_campaign(company, owner, profile=profile)
    assert lines(campaign)[0] == (
        '"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Parcours";'
        '"Nom du Participant";"Prénom du Participant";'
        '"% de progression";"Date de début";"Partage (O/N)";"Date du partage";'
        '"% maitrise de l\'ensemble des acquis du profil";'
        f"{competence_headers(C11)};{AREA_HEADERS}"
    )


def test_a_shared_line_has_progress_dates_in_paris_stage_badges_and_rates_per_competence_and_area(campaign):
    lou(campaign, division="3A", external_id="A12")
    assert lines(campaign)[1] == (
        f'"Collège Jules-Ferry";{campaign.pk};"{campaign.code}";"3e A – Recherche";'
        '"Recherche et données – niveaux 1 à 3";"Martin";"Lou";"3A";"A12";'
        '1;"15/01/2026 09:05";"Oui";"15/01/2026 09:35";2;"Oui";"Oui";0,63;'
        "0,8;5;4;0,33;3;1;0,63;8;5"
    )


def test_a_line_not_shared_says_na_for_every_result_and_shows_the_live_progress(campaign):
    participant(
        campaign,
        first_name="Max",
        last_name="Bernard",
        division="3A",
        external_id="A1",
        validated=["@alpha1", "@alpha2"],
        started_at=WINTER,
        share=False,
        complete=False,
    )
    na = ";".join(['"NA"'] * 14)
    assert lines(campaign)[1] == (
        f'"Collège Jules-Ferry";{campaign.pk};"{campaign.code}";"3e A – Recherche";'
        '"Recherche et données – niveaux 1 à 3";"Bernard";"Max";"3A";"A1";'
        f'0,25;"15/01/2026 09:05";"Non";{na}'
    )


def test_a_finished_test_not_yet_sent_is_at_100_percent_progress_and_still_na(campaign):
    participant(
        campaign, first_name="Max", last_name="Bernard", external_id="1", validated=["@alpha1"], share=False
    )
    cells = lines(campaign)[1].split(";")
    assert cells[9:12] == ["1", cells[10], '"Non"']
    assert cells[12:] == ['"NA"'] * 14


def test_badges_not_obtained_are_non_and_the_zero_stage_is_stage_0(campaign):
    participant(
        campaign,
        first_name="Léo",
        last_name="Petit",
        external_id="7",
        validated=["@alpha1"],
        started_at=SUMMER - timedelta(hours=1),
        shared_at=SUMMER,
    )
    cells = lines(campaign)[1].split(";")
    assert cells[12] == '"02/07/2026 00:30"'  # summer time: UTC+2
    assert cells[13:17] == ["0", '"Non"', '"Non"', "0,13"]


def test_texts_are_quoted_digits_are_not_and_a_formula_is_defused(campaign):
    participant(
        campaign, first_name='Jo "Joe"', last_name="=HYPERLINK(1)", external_id="0042", validated=["@alpha1"]
    )
    cells = lines(campaign)[1].split(";")
    assert cells[5:9] == ['"\'=HYPERLINK(1)"', '"Jo ""Joe"""', '""', "0042"]


def test_deleted_and_replaced_participations_are_not_exported(campaign):
    campaign.multiple_sendings = True
    campaign.save()
    kept = lou(campaign, external_id="A12")
    gone = participant(campaign, first_name="Léo", last_name="Petit", external_id="7", validated=["@alpha1"])
    CampaignParticipation.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    retry = services.participation_start(campaign=campaign, user=kept.user, now=timezone.now())
    exported = lines(campaign)
    assert len(exported) == 2
    assert '"Petit"' not in "\n".join(exported)
    assert exported[1].split(";")[11] == '"Non"'  # the retry, not the replaced shared participation
    assert CampaignParticipation.objects.get(pk=retry.participation.pk).is_improved is False


def test_the_export_runs_the_same_queries_for_10_and_300_participants(school, owner, small_release):
    small = assessment_campaign(school, owner, name="Petite")
    large = assessment_campaign(school, owner, name="Grande")
    many_participants(small, 10)
    many_participants(large, 300)

    def queries(campaign) -> int:
        with CaptureQueriesContext(connection) as captured:
            export_text(campaign)
        return len(captured)

    assert queries(large) == queries(small)
    assert export_text(large).count("\n") == 301


def test_rows_are_streamed_chunk_by_chunk(school, owner, small_release):
    campaign = assessment_campaign(school, owner)
    many_participants(campaign, 12)
    progress: list[int] = []
    text = export_text(campaign, chunk_size=5, on_progress=progress.append)
    assert progress == [5, 10, 12]
    assert text.count("\n") == 13


# -- Profiles collections ----------------------------------------------------------------------------


@pytest.fixture
def collection(school, owner, small_release):
    return services.campaign_create(
        organization=school, creator=owner, name="Profils des 3e", type="PROFILES_COLLECTION"
    )


def profile_competences() -> str:
    """The 16 competences of the framework (the small release loads them all, with skills in two)."""
    from referential.models import Competence

    names = list(Competence.objects.order_by("position").values_list("name_fr", flat=True))
    assert len(names) == 16 and names[:2] == [C11, C12]
    return ";".join(f'"Niveau pour la compétence {n}";"Nombre de pix pour la compétence {n}"' for n in names)


def test_the_profiles_collection_header_for_a_school_and_for_a_university(collection, university):
    assert lines(collection)[0] == (
        '"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Nom du Participant";'
        '"Prénom du Participant";"Classe";"Envoi (O/N)";"Date de l\'envoi";"Nombre de pix total";'
        f'"Certifiable (O/N)";"Nombre de compétences certifiables";{profile_competences()}'
    )
    owner = MembershipFactory(organization=university, role="ADMIN").user
    sup = services.campaign_create(
        organization=university,
        creator=owner,
        name="Profils L1",
        type="PROFILES_COLLECTION",
        external_id_label="Adresse",
        external_id_type="EMAIL",
    )
    assert lines(sup)[0] == (
        '"Nom de l\'organisation";"ID Campagne";"Code";"Nom de la campagne";"Nom du Participant";'
        '"Prénom du Participant";"Groupe";"Numéro Étudiant";"Adresse";"Envoi (O/N)";"Date de l\'envoi";'
        f'"Nombre de pix total";"Certifiable (O/N)";"Nombre de compétences certifiables";{profile_competences()}'
    )


def test_a_shared_profile_has_pix_certifiability_and_levels_and_an_unsent_one_na(collection):
    participant(
        collection,
        first_name="Lou",
        last_name="Martin",
        division="3A",
        validated=["@alpha1", "@beta1", "@delta1", "@alpha2", "@beta2", "@epsilon1"],
        started_at=WINTER,
        shared_at=WINTER + timedelta(minutes=30),
    )
    participant(
        collection, first_name="Max", last_name="Bernard", division="3B", validated=["@alpha1"], share=False
    )
    exported = lines(collection)
    prefix = f'"Collège Jules-Ferry";{collection.pk};"{collection.code}";"Profils des 3e"'
    # 1.1: level 1 (8/3 × 3) and two level-2 skills (2 × 2): 12 pix; 1.2: one level-1 skill of two: 4 pix
    assert exported[1] == f'{prefix};"Bernard";"Max";"3B";"Non";' + ";".join(['"NA"'] * (4 + 2 * 16))
    untouched = ";".join(["0"] * 2 * 14)
    assert (
        exported[2]
        == f'{prefix};"Martin";"Lou";"3A";"Oui";"15/01/2026 09:35";16;"Non";1;1;12;0;4;{untouched}'
    )


def test_five_certifiable_competences_make_a_profile_certifiable(collection):
    shared = participant(collection, first_name="Lou", last_name="Martin", validated=["@alpha1"])
    snapshot = {**shared.results_snapshot, "certifiable_competences": 5}
    CampaignParticipation.objects.filter(pk=shared.pk).update(results_snapshot=snapshot)
    cells = lines(collection)[1].split(";")
    assert cells[10:12] == ['"Oui"', "5"]


# -- File name, job, download ------------------------------------------------------------------------


def test_the_file_name_has_the_campaign_name_id_and_the_date_and_time_in_berlin(campaign):
    campaign.name = "3e A: Recherche/Tableur"
    assert (
        exports.export_file_name(campaign=campaign, now=datetime(2026, 3, 9, 14, 7, tzinfo=UTC))
        == f"Resultats-3e A_ Recherche_Tableur-{campaign.pk}-2026-03-09-1507.csv"
    )
    assert exports.export_file_name(campaign=campaign, now=SUMMER).endswith("-2026-07-02-0030.csv")


def test_a_member_starts_an_export_that_a_worker_writes_and_downloads_the_file(
    client, campaign, owner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    lou(campaign, external_id="A12")
    member = MembershipFactory(organization=campaign.organization).user
    client.force_login(member)
    start = reverse(
        "orga:campaign_export_start", kwargs={"org_id": campaign.organization_id, "campaign_id": campaign.pk}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(start)
    assert len(callbacks) == 1  # dispatched once the job row is committed
    job = ExportJob.objects.get()
    assert (job.status, job.rows_done, job.rows_total, job.requested_by) == ("done", 1, 1, member)
    assert job.file_path.startswith("campaign-exports/") and (tmp_path / job.file_path).is_file()
    page = client.get(response["Location"])
    assert "Fichier prêt : 1 participant." in page.content.decode()
    status = client.get(f"{response['Location']}/statut").json()
    assert (status["over"], status["progress"]) == (True, 100)
    download = client.get(f"{response['Location']}/telecharger")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(job.filename)}"
    assert download["Cache-Control"] == "private, no-store"
    body = b"".join(download.streaming_content).decode("utf-8")
    assert body.startswith('\ufeff"Nom de l\'organisation";"ID Campagne";"Code"')
    assert body == (tmp_path / job.file_path).read_text(encoding="utf-8")


def test_a_file_is_downloadable_only_once_ready(client, campaign, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(
        campaign=campaign, requested_by=owner, filename="x.csv", rows_total=10, rows_done=4
    )
    client.force_login(owner)
    base = reverse(
        "orga:campaign_export",
        kwargs={"org_id": campaign.organization_id, "campaign_id": campaign.pk, "job_id": job.pk},
    )
    assert client.get(f"{base}/telecharger").status_code == 404
    assert client.get(f"{base}/statut").json()["progress"] == 40
    page = client.get(base).content.decode()
    assert "data-export-pending" in page and "js/orga-export.js" in page


def test_a_failed_export_leaves_no_file_and_says_so(campaign, owner, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    lou(campaign, external_id="A12")
    job = ExportJob.objects.create(campaign=campaign, requested_by=owner, filename="x.csv")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "csv_line", broken)
    with pytest.raises(RuntimeError):
        exports.export_job_run(job=job)
    job.refresh_from_db()
    assert job.status == "failed" and job.file_path == ""
    assert list((tmp_path / "campaign-exports").iterdir()) == []


def test_a_redelivered_task_does_not_write_the_file_again(campaign, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(campaign=campaign, requested_by=owner, filename="x.csv")
    assert campaign_export_task(job.pk) == "done"
    first = ExportJob.objects.get(pk=job.pk).file_path
    assert campaign_export_task(job.pk) == "done"
    assert ExportJob.objects.get(pk=job.pk).file_path == first
    assert len(list((tmp_path / "campaign-exports").iterdir())) == 1
