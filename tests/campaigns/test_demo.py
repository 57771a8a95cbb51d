from __future__ import annotations

import pytest

from campaigns.demo import seed_demo_campaign, seed_target_profiles
from campaigns.models import Campaign, TargetProfile
from campaigns.selectors import campaign_engine_skills

pytestmark = pytest.mark.django_db


def test_without_content_no_profile_is_seeded():
    assert seed_target_profiles() == []


def test_the_seeded_profiles_are_created_once(small_release):
    first = seed_target_profiles()
    again = seed_target_profiles()
    assert [p.pk for p in first] == [p.pk for p in again]
    names = set(TargetProfile.objects.values_list("name", flat=True))
    assert "3e – Les compétences numériques essentielles" in names
    assert "Terminale – Vers la certification" in names
    assert sum(name.startswith("Collège – ") for name in names) == 16


def test_a_college_profile_caps_its_competence_at_level_four(small_release):
    seed_target_profiles()
    profile = TargetProfile.objects.get(name__startswith="Collège – 1.1")
    assert set(profile.tubes.values_list("level", flat=True)) == {4}
    assert {t.tube.competence.code for t in profile.tubes.select_related("tube__competence")} == {"1.1"}


def test_the_demo_campaign_uses_the_third_grade_profile_and_is_created_once(
    small_release, organization, teacher
):
    seed_target_profiles()
    campaign = seed_demo_campaign(organization=organization, owner=teacher)
    assert seed_demo_campaign(organization=organization, owner=teacher) == campaign
    assert Campaign.objects.count() == 1
    assert campaign.target_profile.name.startswith("3e")
    assert {skill.competence for skill in campaign_engine_skills(campaign=campaign)} <= {
        "1.1",
        "1.3",
        "2.1",
        "3.1",
        "4.1",
        "4.2",
    }
    assert campaign.target_profile.stages.count() == 4
