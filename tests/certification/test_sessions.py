import datetime

import pytest
from django.utils import timezone

from certification import services
from certification.models import CertificationCenter, Session
from tests.certification.factories import CandidateFactory, SessionFactory
from tests.factories import CertificationCenterFactory, UserFactory

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()


def create(center, **overrides):
    values = {
        "address": "Lycée Victor-Hugo",
        "room": "Salle B12",
        "examiner": "M. Petit",
        "date": FUTURE,
        "time": "09:30",
        "description": "",
    }
    values.update(overrides)
    return services.session_create(center=center, created_by=None, **values)


def errors_of(call):
    with pytest.raises(services.SessionInvalid) as caught:
        call()
    return caught.value.errors


def test_a_session_is_created_with_codes_the_centre_name_and_the_centre_version():
    center = CertificationCenterFactory(certification_version=CertificationCenter.Version.V2)
    user = UserFactory()
    session = services.session_create(
        center=center,
        created_by=user,
        address=" Lycée ",
        room="B12",
        examiner="M. Petit",
        date=FUTURE,
        time="14:05",
        description="Prévoir des écouteurs",
    )
    session.refresh_from_db()
    assert session.address == "Lycée" and session.time == datetime.time(14, 5)
    assert session.center_name == center.name and session.created_by == user
    assert session.version == 2
    assert len(session.access_code) == 6 and len(session.invigilator_password) == 6
    assert session.status == Session.Status.CREATED


def test_a_v3_centre_creates_v3_sessions():
    assert create(CertificationCenterFactory()).version == 3


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("address", "Le nom du site est obligatoire."),
        ("room", "Le nom de la salle est obligatoire."),
        ("examiner", "Le nom du ou des surveillants est obligatoire."),
        ("date", "La date de la session est obligatoire."),
        ("time", "L'heure de début est obligatoire."),
    ],
)
def test_each_required_session_field_is_refused_when_blank(field, message):
    center = CertificationCenterFactory()
    assert errors_of(lambda: create(center, **{field: "  " if field not in ("date", "time") else ""})) == {
        field: [message]
    }
    assert not Session.objects.exists()


@pytest.mark.parametrize("value", ["31/02/2030", "2030-13-01", "demain"])
def test_an_invalid_date_is_refused(value):
    errors = errors_of(lambda: create(CertificationCenterFactory(), date=value))
    assert errors["date"] == ["La date de la session n'est pas valide (format attendu : JJ/MM/AAAA)."]


@pytest.mark.parametrize("value", ["24:00", "9:30", "09:60", "0930", "9h30"])
def test_a_time_not_in_24_hour_hh_mm_is_refused(value):
    errors = errors_of(lambda: create(CertificationCenterFactory(), time=value))
    assert errors["time"] == ["L'heure de début n'est pas valide (format attendu : HH:MM, de 00:00 à 23:59)."]


def test_the_french_date_format_is_accepted():
    future = timezone.localdate() + datetime.timedelta(days=3)
    session = create(CertificationCenterFactory(), date=future.strftime("%d/%m/%Y"), time="23:59")
    assert session.date == future and session.time == datetime.time(23, 59)


def test_a_session_in_the_past_is_refused():
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    errors = errors_of(lambda: create(CertificationCenterFactory(), date=yesterday))
    assert errors["date"] == ["La session ne peut pas être programmée dans le passé."]


def test_a_second_session_in_the_same_place_at_the_same_time_is_refused_whatever_the_case():
    center = CertificationCenterFactory()
    create(center)
    errors = errors_of(lambda: create(center, address="LYCÉE VICTOR-HUGO", room="salle b12"))
    assert errors == {
        "__all__": [
            "Une session existe déjà dans ce centre à cette date et à cette heure, sur ce site et dans cette salle."
        ]
    }
    assert create(center, room="Salle B13").pk  # another room is fine
    assert create(CertificationCenterFactory()).pk  # another centre too


def test_fields_longer_than_255_characters_are_refused():
    errors = errors_of(lambda: create(CertificationCenterFactory(), address="x" * 256))
    assert errors["address"] == ["Ce champ ne peut pas dépasser 255 caractères."]


def test_an_update_changes_the_details_and_keeps_the_codes():
    session = create(CertificationCenterFactory())
    code, password = session.access_code, session.invigilator_password
    services.session_update(
        session=session, address="Annexe", room="C1", examiner="Mme Roux", date=FUTURE, time="10:00"
    )
    session.refresh_from_db()
    assert (session.address, session.room, session.examiner) == ("Annexe", "C1", "Mme Roux")
    assert (session.access_code, session.invigilator_password) == (code, password)


def test_an_update_of_a_past_session_keeps_its_date_but_cannot_move_it_into_the_past():
    session = SessionFactory(date=timezone.localdate() - datetime.timedelta(days=2))
    services.session_update(
        session=session, address="Annexe", room="C1", examiner="X", date=session.date, time=session.time
    )
    errors = errors_of(
        lambda: services.session_update(
            session=session,
            address="Annexe",
            room="C1",
            examiner="X",
            date=timezone.localdate() - datetime.timedelta(days=5),
            time="10:00",
        )
    )
    assert errors["date"] == ["La session ne peut pas être programmée dans le passé."]


def test_a_finalized_session_can_no_longer_be_updated():
    session = SessionFactory(finalized_at=timezone.now())
    with pytest.raises(services.SessionNotEditable):
        services.session_update(
            session=session, address="A", room="B", examiner="C", date=FUTURE, time="10:00"
        )


def test_a_session_is_deleted_with_its_candidates_before_any_start():
    session = SessionFactory()
    CandidateFactory(session=session)
    services.session_delete(session=session)
    assert not Session.objects.exists()


def test_a_session_whose_candidate_started_cannot_be_deleted():
    session = SessionFactory()
    CandidateFactory(session=session, started_at=timezone.now())
    with pytest.raises(services.SessionStarted) as caught:
        services.session_delete(session=session)
    assert "commencé" in caught.value.detail
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize(
    ("fields", "status", "label"),
    [
        ({}, "created", "Créée"),
        ({"finalized_at": True}, "finalized", "Finalisée"),
        ({"finalized_at": True, "officer": True}, "in_process", "En cours de traitement"),
        (
            {"finalized_at": True, "officer": True, "published_at": True},
            "processed",
            "Résultats transmis par Pix",
        ),
        ({"published_at": True}, "processed", "Résultats transmis par Pix"),
        ({"officer": True}, "in_process", "En cours de traitement"),
    ],
)
def test_the_status_is_derived_in_the_order_of_the_spec(fields, status, label):
    now = timezone.now()
    session = SessionFactory(
        finalized_at=now if fields.get("finalized_at") else None,
        published_at=now if fields.get("published_at") else None,
        assigned_certification_officer=UserFactory() if fields.get("officer") else None,
    )
    assert session.status == status
    assert session.status_label == label
    assert session.is_accessible is (status == "created")
