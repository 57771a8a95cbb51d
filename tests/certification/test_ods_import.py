import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from certification import services
from certification.models import Candidate, CertificationCenter
from certification.ods import read_candidate_rows
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.certification.ods_helpers import BILLING_HEADERS, HEADERS, candidate_row, fill_template, make_ods
from tests.factories import CertificationCenterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory(center=CertificationCenterFactory(type=CertificationCenter.Type.SCO))


def run_import(session, raw: bytes):
    return services.candidates_import_ods(session=session, file=io.BytesIO(raw))


def test_a_good_file_imports_every_candidate_with_typed_cells_and_codes_that_lost_their_zero(session):
    raw = make_ods(
        [
            HEADERS,
            candidate_row(last_name="Dupont", first_name="Jeanne", insee="75115", extra_time="33%"),
            candidate_row(
                last_name="Martin",
                first_name="Paul",
                sex="M",
                birthdate=datetime.date(2007, 1, 2),
                postal=1000,  # typed as a number: 01000 became 1000
                city="Bourg-en-Bresse",
                extra_time=("percent", Decimal("0.5")),
                email="paul@example.org",
                external_id="E-2",
            ),
            [],  # an empty line in the middle is skipped
            candidate_row(
                last_name="García", first_name="Ana", country="Espagne", insee="99", city="Séville"
            ),
        ]
    )
    result = run_import(session, raw)
    assert result.ok, result.errors
    assert len(result.created) == 3
    dupont, garcia, martin = Candidate.objects.order_by("last_name")
    assert (dupont.birth_city, dupont.extra_time_percentage) == ("Paris 15e Arrondissement", Decimal("0.33"))
    assert (martin.birthdate, martin.birth_postal_code, martin.birth_city) == (
        datetime.date(2007, 1, 2),
        "01000",
        "Bourg-en-Bresse",
    )
    assert martin.extra_time_percentage == Decimal("0.50") and martin.email == "paul@example.org"
    assert (garcia.birth_country_code, garcia.birth_insee_code, garcia.birth_city) == (
        "99134",
        "99",
        "Séville",
    )


def test_a_file_with_errors_on_lines_3_and_5_changes_nothing_and_lists_both(session):
    CandidateFactory(session=session, last_name="Ancien")
    raw = make_ods(
        [
            HEADERS,
            candidate_row(last_name="Un", insee="75115"),
            candidate_row(last_name="Deux", insee="75115", birthdate="32/13/2008"),
            candidate_row(last_name="Trois", insee="75115"),
            candidate_row(last_name="Quatre", insee="", postal="95000", city="Lille"),
        ]
    )
    result = run_import(session, raw)
    assert not result.ok and result.created == []
    assert [(error.line, error.message) for error in result.errors] == [
        (3, "Date de naissance : La date de naissance n'est pas valide (format attendu : JJ/MM/AAAA)."),
        (
            5,
            "Commune de naissance : Le code postal « 95000 » ne correspond pas à la commune « Lille » "
            "(communes de ce code : Cergy, Pontoise).",
        ),
    ]
    assert list(Candidate.objects.values_list("last_name", flat=True)) == ["Ancien"]


def test_every_error_of_a_line_is_listed(session):
    result = run_import(session, make_ods([HEADERS, candidate_row(first_name="", sex="Z", insee="")]))
    assert [error.line for error in result.errors] == [2, 2, 2]
    assert {error.message.split(" : ")[0] for error in result.errors} == {"Prénom", "Sexe", "Code INSEE"}


def test_a_file_without_the_template_columns_is_refused_with_a_clear_message(session):
    result = run_import(
        session, make_ods([["Nom", "Prénom", "Naissance"], ["Dupont", "Jeanne", "14/03/2008"]])
    )
    assert [error.line for error in result.errors] == [None]
    assert result.errors[0].message.startswith("La ligne des en-têtes du modèle est introuvable")
    assert not Candidate.objects.exists()


def test_a_file_missing_some_columns_names_them(session):
    headers = [header for header in HEADERS if "Sexe" not in header and "Pays" not in header]
    result = run_import(session, make_ods([headers]))
    assert result.errors[0].message == (
        "Il manque des colonnes du modèle : « * Sexe (M ou F) », « * Pays de naissance ». "
        "Téléchargez le modèle de la session et utilisez-le tel quel."
    )


def test_a_non_school_centre_needs_the_billing_columns(session):
    pro = SessionFactory(center=CertificationCenterFactory(type=CertificationCenter.Type.PRO))
    result = run_import(pro, make_ods([HEADERS, candidate_row(insee="75115")]))
    assert "« * Tarification part Pix », « Code de prépaiement »" in result.errors[0].message
    good = make_ods(
        [
            HEADERS + BILLING_HEADERS,
            candidate_row(insee="75115", billing=["Prépayée", "12345678912345/FACT1"]),
        ]
    )
    result = run_import(pro, good)
    assert result.ok
    assert Candidate.objects.get().billing_mode == "PREPAID"


def test_a_file_that_is_not_an_ods_is_refused(session):
    result = run_import(session, b"Nom;Prenom\nDupont;Jeanne\n")
    assert result.errors[0].message == (
        "Ce fichier n'est pas un tableur au format ODS. Enregistrez la liste au format .ods et réessayez."
    )


def test_an_empty_template_is_refused(session):
    result = run_import(session, services.ods_template_for(session))
    assert [error.message for error in result.errors] == ["Le fichier ne contient aucun candidat."]


def test_duplicates_in_the_file_or_with_the_session_are_refused(session):
    CandidateFactory(
        session=session, first_name="Léa", last_name="Roux", birthdate=datetime.date(2008, 3, 14)
    )
    raw = make_ods(
        [
            HEADERS,
            candidate_row(first_name="Paul", last_name="Blanc", insee="75115"),
            candidate_row(first_name="PAUL", last_name="blanc", insee="75115"),
            candidate_row(first_name="Lea", last_name="ROUX", insee="75115"),
        ]
    )
    result = run_import(session, raw)
    assert [(error.line, error.message) for error in result.errors] == [
        (3, "Ce candidat figure déjà à la ligne 2 du fichier."),
        (4, "Ce candidat est déjà inscrit à la session (même prénom, nom et date de naissance)."),
    ]
    assert Candidate.objects.count() == 1


def test_the_import_is_refused_once_a_candidate_started(session):
    CandidateFactory(session=session, started_at=timezone.now())
    with pytest.raises(services.CertificationError):
        run_import(session, make_ods([HEADERS, candidate_row(insee="75115")]))


def test_the_downloaded_template_has_the_session_details_and_imports_once_filled():
    pro = SessionFactory(
        center=CertificationCenterFactory(type=CertificationCenter.Type.PRO, name="Centre Pro"),
        address="Site Nord",
        room="Salle 4",
    )
    template = services.ods_template_for(pro)
    assert template[:2] == b"PK"
    from odf import teletype
    from odf.opendocument import load
    from odf.table import ContentValidation

    document = load(io.BytesIO(template))
    text = teletype.extractText(document.spreadsheet)
    for expected in (
        "Centre Pro",
        str(pro.pk),
        "Site Nord",
        "Salle 4",
        pro.date.strftime("%d/%m/%Y"),
        "* Prénom",
    ):
        assert expected in text
    assert "* Tarification part Pix" in text
    conditions = [
        v.getAttribute("condition") for v in document.spreadsheet.getElementsByType(ContentValidation)
    ]
    assert 'of:cell-content-is-in-list("M";"F")' in conditions
    assert any("Prépayée" in condition for condition in conditions)

    filled = fill_template(
        template,
        [
            candidate_row(last_name="Noir", insee="75115", billing=["Gratuite", ""]),
            candidate_row(last_name="Vert", insee="69383", billing=["Payante", ""]),
        ],
    )
    assert [row.line for row in read_candidate_rows(io.BytesIO(filled), has_billing_mode=True)] == [13, 14]
    result = run_import(pro, filled)
    assert result.ok, result.errors
    assert sorted(Candidate.objects.values_list("last_name", "billing_mode")) == [
        ("Noir", "FREE"),
        ("Vert", "PAID"),
    ]


def test_a_school_template_has_no_billing_columns(session):
    from odf import teletype
    from odf.opendocument import load

    text = teletype.extractText(load(io.BytesIO(services.ods_template_for(session))).spreadsheet)
    assert "Tarification" not in text and "* Nom de naissance" in text
