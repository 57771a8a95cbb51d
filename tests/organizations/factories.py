from __future__ import annotations

import datetime

import factory

from organizations.models import Invitation, OrganizationLearner
from tests.factories import OrganizationFactory


class OrganizationLearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationLearner

    organization = factory.SubFactory(OrganizationFactory, is_managing_students=True)
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"ÉLÈVE{n:05d}")
    birthdate = datetime.date(2011, 3, 14)
    national_student_id = factory.Sequence(lambda n: f"{n:010d}Z")
    division = "3A"
    sex = "F"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invite{n}@example.org")
    code = "ABCDEFGH23"
