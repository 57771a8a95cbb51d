"""Factories of sessions and candidates (the centres and members are in tests/factories.py)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from certification.codes import generate_access_code, generate_invigilator_password
from certification.models import Candidate, Session
from tests.factories import CertificationCenterFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    center = factory.SubFactory(CertificationCenterFactory)
    center_name = factory.LazyAttribute(lambda o: o.center.name)
    address = "Bâtiment A"
    room = factory.Sequence(lambda n: f"Salle {n}")
    examiner = "Mme Durand"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    time = datetime.time(9, 0)
    access_code = factory.LazyFunction(generate_access_code)
    invigilator_password = factory.LazyFunction(generate_invigilator_password)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    session = factory.SubFactory(SessionFactory)
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    birthdate = datetime.date(2008, 3, 14)
    sex = "F"
    birth_country = "France"
    birth_country_code = "99100"
    birth_insee_code = "75115"
    birth_city = "Paris 15e Arrondissement"
