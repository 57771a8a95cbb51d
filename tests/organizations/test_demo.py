from __future__ import annotations

import pytest

from organizations.models import OrganizationLearner
from pix.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_two_imported_classes_and_seeding_again_changes_nothing():
    seed_demo()
    learners = OrganizationLearner.objects.filter(organization__external_id="0750001A")
    first = sorted(learners.values_list("national_student_id", "division"))
    assert len(first) == 12
    assert {division for _, division in first} == {"3A", "3B"}
    seed_demo()
    assert sorted(learners.values_list("national_student_id", "division")) == first
    assert not learners.filter(is_disabled=True).exists()
