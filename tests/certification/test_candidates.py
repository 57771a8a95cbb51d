import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certification import services
from certification.models import Candidate, CertificationCenter
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.factories import CertificationCenterFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE_NOTE = "Ce serveur n'a qu'un extrait du référentiel des communes"


@pytest.fixture
def sco_session():
    return SessionFactory(center=CertificationCenterFactory(type=CertificationCenter.Type.SCO))


@pytest.fixture
def pro_session():
    return SessionFactory(center=CertificationCenterFactory(type=CertificationCenter.Type.PRO))


def add(session, **overrides):
    values = {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "birthdate": "14/03/2008",
        "sex": "F",
        "birth_country": "99100",
        "birth_insee_code": "75115",
    }
    values.update(overrides)
    return services.candidate_add(session=session, **values)


def errors_of(call):
    with pytest.raises(services.CandidateInvalid) as caught:
        call()
    assert not Candidate.objects.exists() or caught.value.errors
    return caught.value.errors


# -- identity -------------------------------------------------------------------------------------------


def test_a_candidate_born_in_a_commune_given_by_its_insee_code_is_enrolled_with_the_commune_name(sco_session):
    candidate = add(sco_session, first_name="  Jeanne  Marie ", last_name=" Dupont ")
    candidate.refresh_from_db()
    assert (candidate.first_name, candidate.last_name) == ("Jeanne Marie", "Dupont")
    assert candidate.birthdate == datetime.date(2008, 3, 14)
    assert (candidate.birth_country, candidate.birth_country_code) == ("France", "99100")
    assert (candidate.birth_insee_code, candidate.birth_postal_code) == ("75115", "")
    assert candidate.birth_city == "Paris 15e Arrondissement"
    assert candidate.billing_mode == "" and candidate.extra_time_percentage is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", " ", "Le prénom est obligatoire."),
        ("last_name", "", "Le nom de naissance est obligatoire."),
        ("sex", "", "Le sexe est obligatoire (M ou F)."),
        ("sex", "X", "Le sexe doit être M ou F."),
        ("birthdate", "", "La date de naissance est obligatoire."),
        ("birthdate", "31/02/2008", "La date de naissance n'est pas valide (format attendu : JJ/MM/AAAA)."),
        ("birthdate", "01/01/1900", "La date de naissance doit être postérieure au 01/01/1900."),
        ("email", "pas-un-mail", "L'e-mail de convocation n'est pas valide."),
        ("result_recipient_email", "prof@", "L'e-mail du destinataire des résultats n'est pas valide."),
    ],
)
def test_each_identity_rule_refuses_with_a_french_message(sco_session, field, value, message):
    assert errors_of(lambda: add(sco_session, **{field: value})) == {field: [message]}
    assert not Candidate.objects.exists()


def test_a_birthdate_in_the_future_is_refused(sco_session):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert errors_of(lambda: add(sco_session, birthdate=tomorrow)) == {
        "birthdate": ["La date de naissance ne peut pas être dans le futur."]
    }


def test_sex_is_accepted_in_lower_case(sco_session):
    assert add(sco_session, sex="m").sex == "M"


# -- birth place ----------------------------------------------------------------------------------------


def test_the_birth_country_is_required(sco_session):
    assert errors_of(lambda: add(sco_session, birth_country="")) == {
        "birth_country": ["Le pays de naissance est obligatoire."]
    }


def test_an_unknown_birth_country_is_refused(sco_session):
    assert errors_of(lambda: add(sco_session, birth_country="Atlantide")) == {
        "birth_country": ["Le pays de naissance « Atlantide » est introuvable dans la liste des pays."]
    }


def test_the_birth_country_may_be_given_by_name_in_any_case_and_without_accents(sco_session):
    candidate = add(sco_session, birth_country="ALLEMAGNE", birth_insee_code="", birth_city="Berlin")
    assert (candidate.birth_country, candidate.birth_country_code) == ("Allemagne", "99109")


def test_born_in_france_without_insee_code_nor_postal_code_is_refused(sco_session):
    assert errors_of(lambda: add(sco_session, birth_insee_code="")) == {
        "birth_insee_code": [
            "Indiquez le code INSEE de la commune de naissance, ou bien son code postal et son nom."
        ]
    }


def test_born_in_france_with_both_insee_and_postal_codes_is_refused(sco_session):
    errors = errors_of(lambda: add(sco_session, birth_postal_code="75015", birth_city="Paris"))
    assert errors == {
        "birth_insee_code": [
            "Indiquez soit le code INSEE, soit le code postal et la commune de naissance, mais pas les deux."
        ]
    }


def test_an_insee_code_of_a_wrong_shape_is_refused(sco_session):
    assert errors_of(lambda: add(sco_session, birth_insee_code="7511")) == {
        "birth_insee_code": [
            "Le code INSEE « 7511 » n'est pas valide : il compte 5 caractères, par exemple 75115 ou 2A004."
        ]
    }


def test_an_unknown_insee_code_is_refused_saying_the_server_has_only_a_sample(sco_session):
    errors = errors_of(lambda: add(sco_session, birth_insee_code="75199"))
    message = errors["birth_insee_code"][0]
    assert message.startswith("Le code INSEE « 75199 » ne correspond à aucune commune connue.")
    assert SAMPLE_NOTE in message


def test_a_corsican_insee_code_is_accepted(sco_session):
    assert add(sco_session, birth_insee_code="2a004").birth_city == "Ajaccio"


def test_born_in_france_by_postal_code_and_city_keeps_the_postal_code_and_the_referential_name(sco_session):
    candidate = add(sco_session, birth_insee_code="", birth_postal_code="42100", birth_city="st etienne")
    assert (candidate.birth_insee_code, candidate.birth_postal_code) == ("", "42100")
    assert candidate.birth_city == "Saint-Étienne"


def test_a_postal_code_shared_by_several_communes_takes_the_one_named(sco_session):
    candidate = add(sco_session, birth_insee_code="", birth_postal_code="95000", birth_city="Cergy")
    assert candidate.birth_city == "Cergy"


def test_a_postal_code_that_does_not_match_the_city_is_refused_naming_its_communes(sco_session):
    errors = errors_of(
        lambda: add(sco_session, birth_insee_code="", birth_postal_code="95000", birth_city="Lille")
    )
    assert errors == {
        "birth_city": [
            "Le code postal « 95000 » ne correspond pas à la commune « Lille » (communes de ce code : Cergy, Pontoise)."
        ]
    }


def test_a_postal_code_without_a_city_is_refused(sco_session):
    assert errors_of(lambda: add(sco_session, birth_insee_code="", birth_postal_code="42100")) == {
        "birth_city": ["Indiquez le nom de la commune de naissance avec son code postal."]
    }


def test_a_city_without_a_postal_code_is_refused(sco_session):
    assert errors_of(lambda: add(sco_session, birth_insee_code="", birth_city="Lyon")) == {
        "birth_postal_code": ["Indiquez le code postal de la commune de naissance (ou son code INSEE)."]
    }


def test_an_unknown_postal_code_is_refused_saying_the_server_has_only_a_sample(sco_session):
    errors = errors_of(
        lambda: add(sco_session, birth_insee_code="", birth_postal_code="99999", birth_city="Nulle")
    )
    assert errors["birth_postal_code"][0].startswith(
        "Le code postal « 99999 » ne correspond à aucune commune connue."
    )
    assert SAMPLE_NOTE in errors["birth_postal_code"][0]


def test_born_abroad_is_stored_with_insee_99_and_the_city_typed(sco_session):
    candidate = add(sco_session, birth_country="99134", birth_insee_code="", birth_city="Madrid")
    assert (candidate.birth_country, candidate.birth_country_code) == ("Espagne", "99134")
    assert (candidate.birth_insee_code, candidate.birth_postal_code, candidate.birth_city) == (
        "99",
        "",
        "Madrid",
    )
    assert candidate.birth_place == "Madrid (Espagne)"


def test_born_abroad_accepts_insee_99(sco_session):
    assert (
        add(sco_session, birth_country="99350", birth_insee_code="99", birth_city="Rabat").birth_insee_code
        == "99"
    )


def test_born_abroad_with_another_insee_code_is_refused(sco_session):
    errors = errors_of(
        lambda: add(sco_session, birth_country="99134", birth_insee_code="75115", birth_city="Madrid")
    )
    assert errors == {
        "birth_insee_code": ["Pour une naissance à l'étranger, le code INSEE doit être 99 (ou rester vide)."]
    }


def test_born_abroad_with_a_postal_code_is_refused(sco_session):
    errors = errors_of(
        lambda: add(
            sco_session,
            birth_country="99134",
            birth_insee_code="",
            birth_postal_code="28001",
            birth_city="Madrid",
        )
    )
    assert errors == {
        "birth_postal_code": ["Pour une naissance à l'étranger, le code postal doit rester vide."]
    }


def test_born_abroad_without_a_city_is_refused(sco_session):
    errors = errors_of(lambda: add(sco_session, birth_country="99134", birth_insee_code=""))
    assert errors == {"birth_city": ["Pour une naissance à l'étranger, indiquez la ville de naissance."]}


# -- extra time -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("33", Decimal("0.33")),
        ("33 %", Decimal("0.33")),
        ("100", Decimal("1.00")),
        ("999", Decimal("9.99")),
        (25, Decimal("0.25")),
    ],
)
def test_extra_time_is_typed_as_a_percentage_and_stored_as_a_fraction(sco_session, typed, stored):
    candidate = add(sco_session, extra_time_percentage=typed)
    candidate.refresh_from_db()
    assert candidate.extra_time_percentage == stored
    assert candidate.extra_time_percent == int(stored * 100)


@pytest.mark.parametrize("typed", ["", "0", None])
def test_no_extra_time_or_zero_means_none(sco_session, typed):
    assert add(sco_session, extra_time_percentage=typed).extra_time_percentage is None


@pytest.mark.parametrize("typed", ["-10", "1000", "33.5", "un tiers", "NaN"])
def test_an_extra_time_that_is_not_a_whole_percentage_below_1000_is_refused(sco_session, typed):
    assert errors_of(lambda: add(sco_session, extra_time_percentage=typed)) == {
        "extra_time_percentage": [
            "Le temps majoré doit être un pourcentage entier entre 0 et 999, par exemple 33."
        ]
    }


# -- billing --------------------------------------------------------------------------------------------


def test_a_non_school_centre_must_give_a_billing_mode(pro_session):
    assert errors_of(lambda: add(pro_session)) == {
        "billing_mode": ["La tarification part Pix est obligatoire : Gratuite, Payante ou Prépayée."]
    }


@pytest.mark.parametrize(
    ("typed", "stored"), [("FREE", "FREE"), ("Gratuite", "FREE"), ("payante", "PAID"), ("PAID", "PAID")]
)
def test_a_non_school_centre_enrols_with_a_billing_mode_by_code_or_french_label(pro_session, typed, stored):
    assert add(pro_session, billing_mode=typed).billing_mode == stored


def test_an_unknown_billing_mode_is_refused(pro_session):
    assert errors_of(lambda: add(pro_session, billing_mode="Offerte")) == {
        "billing_mode": ["La tarification part Pix doit être Gratuite, Payante ou Prépayée."]
    }


def test_a_prepaid_billing_requires_a_prepayment_code(pro_session):
    assert errors_of(lambda: add(pro_session, billing_mode="Prépayée")) == {
        "prepayment_code": ["Le code de prépaiement est obligatoire pour une tarification prépayée."]
    }
    candidate = add(pro_session, billing_mode="PREPAID", prepayment_code=" 12345678912345/FACT12345 ")
    assert (candidate.billing_mode, candidate.prepayment_code) == ("PREPAID", "12345678912345/FACT12345")


def test_a_prepayment_code_without_a_prepaid_billing_is_refused(pro_session):
    assert errors_of(lambda: add(pro_session, billing_mode="FREE", prepayment_code="X")) == {
        "prepayment_code": ["Le code de prépaiement ne se renseigne que pour une tarification prépayée."]
    }


def test_a_school_centre_cannot_give_a_billing_mode_nor_a_prepayment_code(sco_session):
    errors = errors_of(lambda: add(sco_session, billing_mode="FREE", prepayment_code="X"))
    assert errors == {
        "billing_mode": ["Les centres scolaires n'ont pas de tarification part Pix : laissez ce champ vide."],
        "prepayment_code": [
            "Les centres scolaires n'ont pas de code de prépaiement : laissez ce champ vide."
        ],
    }


# -- duplicates, session state, removal --------------------------------------------------------------------


def test_the_same_person_twice_in_a_session_is_refused_whatever_the_accents_and_case(sco_session):
    add(sco_session, first_name="Éloïse", last_name="Le Gall")
    with pytest.raises(services.CandidateInvalid) as caught:
        add(sco_session, first_name="eloise", last_name="LE-GALL")
    assert (
        caught.value.detail
        == "Ce candidat est déjà inscrit à la session (même prénom, nom et date de naissance)."
    )
    assert Candidate.objects.count() == 1
    assert add(
        sco_session, first_name="Éloïse", last_name="Le Gall", birthdate="15/03/2008"
    ).pk  # not the same person
    assert add(SessionFactory(center=sco_session.center), first_name="Éloïse", last_name="Le Gall").pk


def test_a_finalized_session_takes_no_new_candidate():
    session = SessionFactory(finalized_at=timezone.now())
    with pytest.raises(services.CandidateEnrolmentClosed):
        add(session)


def test_a_candidate_who_has_not_joined_is_removed(sco_session):
    candidate = add(sco_session)
    services.candidate_remove(candidate=candidate)
    assert not Candidate.objects.exists()


def test_a_candidate_who_joined_or_started_cannot_be_removed():
    joined = CandidateFactory(user=UserFactory(), reconciled_at=timezone.now())
    started = CandidateFactory(started_at=timezone.now())
    for candidate in (joined, started):
        with pytest.raises(services.CandidateForbiddenDeletion):
            services.candidate_remove(candidate=candidate)
    assert Candidate.objects.count() == 2
