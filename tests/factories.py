"""factory-boy factories for the models every portal shares."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from certification.models import CenterMembership, CertificationCenter
from organizations.models import Membership, Organization


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    password = factory.PostGenerationMethodCall("set_password", "Motdepasse1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory-boy's signature
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Collège n°{n}")
    type = Organization.Type.SCO
    external_id = factory.Sequence(lambda n: f"{n:07d}X")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


class CertificationCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationCenter

    name = factory.Sequence(lambda n: f"Centre n°{n}")
    type = CertificationCenter.Type.SCO


class CenterMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CenterMembership

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(CertificationCenterFactory)
