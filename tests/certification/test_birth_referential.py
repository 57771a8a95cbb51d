import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certification import services
from certification.birth_referential import BirthReferential, normalize_place
from certification.models import BirthCommune, BirthCountry, CertificationCenter
from tests.certification.factories import SessionFactory
from tests.factories import CertificationCenterFactory

pytestmark = pytest.mark.django_db

LA_POSTE = (
    "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5\n"
    "01001;L ABERGEMENT CLEMENCIAT;01400;L ABERGEMENT CLEMENCIAT;\n"
    "01002;L ABERGEMENT DE VAREY;01640;L ABERGEMENT DE VAREY;\n"
    "42218;ST ETIENNE;42100;ST ETIENNE;\n"
    "42218;ST ETIENNE;42100;ST ETIENNE;ST VICTOR SUR LOIRE\n"
)


def test_place_names_are_compared_without_case_accents_hyphens_or_saint_abbreviations():
    assert normalize_place("Saint-Étienne") == normalize_place("ST ETIENNE") == "SAINTETIENNE"
    assert normalize_place("L'Haÿ-les-Roses") == normalize_place("L HAY LES ROSES")


def test_the_shipped_sample_is_used_while_the_database_holds_no_referential():
    referential = BirthReferential.for_codes(insee_codes=["75115"])
    assert referential.is_sample
    assert referential.commune_by_insee("75115").name == "Paris 15e Arrondissement"
    assert referential.country("france").code == "99100"


def test_load_communes_replaces_the_sample_with_the_official_la_poste_file(tmp_path):
    path = tmp_path / "laposte_hexasmal.csv"
    path.write_bytes(LA_POSTE.encode("latin-1"))
    out = io.StringIO()
    call_command("load_communes", str(path), stdout=out)
    assert "4 communes loaded" in out.getvalue()
    assert (
        BirthCommune.objects.filter(insee_code="42218", is_actual_name=False).get().name
        == "ST VICTOR SUR LOIRE"
    )
    referential = BirthReferential.for_codes(insee_codes=["01001", "75115"], postal_codes=["42100"])
    assert not referential.is_sample
    assert referential.commune_by_insee("01001").name == "L ABERGEMENT CLEMENCIAT"
    assert referential.commune_by_insee("75115") is None  # the sample is no longer used
    assert referential.commune_by_postal_code_and_name("42100", "Saint-Étienne").insee_code == "42218"

    session = SessionFactory(center=CertificationCenterFactory(type=CertificationCenter.Type.SCO))
    candidate = services.candidate_add(
        session=session,
        first_name="Jean",
        last_name="Roux",
        birthdate="01/02/2003",
        sex="M",
        birth_country="FRANCE",
        birth_postal_code="42100",
        birth_city="Saint-Étienne",
    )
    assert candidate.birth_city == "ST ETIENNE"
    with pytest.raises(services.CandidateInvalid) as caught:
        services.candidate_add(
            session=session,
            first_name="A",
            last_name="B",
            birthdate="01/02/2003",
            sex="M",
            birth_country="99100",
            birth_insee_code="75115",
        )
    message = caught.value.errors["birth_insee_code"][0]
    assert (
        message == "Le code INSEE « 75115 » ne correspond à aucune commune connue."
    )  # no sample note any more


def test_load_countries_reads_the_insee_country_file(tmp_path):
    path = tmp_path / "pays.csv"
    path.write_text(
        "COG,ACTUAL,CRPAY,ANI,LIBCOG,LIBENR,ANCNOM,CODEISO2,CODEISO3,CODENUM3\n"
        "99100,1,,,France,République française,,FR,FRA,250\n"
        "99134,1,,,Espagne,Royaume d'Espagne,,ES,ESP,724\n"
        "99115,2,,1993,Tchécoslovaquie,Tchécoslovaquie,,,,\n",
        encoding="utf-8",
    )
    call_command("load_countries", str(path), stdout=io.StringIO())
    assert BirthCountry.objects.count() == 3
    referential = BirthReferential.for_codes()
    assert referential.country("TCHECOSLOVAQUIE").code == "99115"
    assert referential.country("Allemagne") is None


def test_a_file_in_another_format_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("code;nom\n75115;Paris\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Code_commune_INSEE"):
        call_command("load_communes", str(path))
    assert not BirthCommune.objects.exists()


def test_the_sample_files_are_well_formed():
    from certification.birth_referential import _sample_communes, _sample_countries

    communes, countries = _sample_communes(), _sample_countries()
    assert len(communes) >= 300 and len(countries) >= 190
    assert all(len(c.insee_code) == 5 and len(c.postal_code) == 5 and c.name for c in communes)
    assert len({c.code for c in countries}) == len(countries)
