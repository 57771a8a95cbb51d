"""The collective analysis of §1.8: the per-tube recommendation score (with a worked example), the relevance
dots it maps to, and the averages over the SHARED participations only."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import timezone

from assessments.engine.types import Skill
from campaigns.models import CampaignParticipation
from campaigns.selectors import Relevance, campaign_analysis, tube_recommendation_score
from tests.campaigns.sharing import assessment_campaign, participant
from tests.factories import MembershipFactory, OrganizationFactory


def tube(*levels: int, name: str = "@recherche") -> list[Skill]:
    return [
        Skill(
            id=f"{name}{level}",
            name=f"{name}{level}",
            tube=name,
            level=level,
            competence="1.1",
            pix_value=Fraction(8),
        )
        for level in levels
    ]


def test_the_worked_example_of_the_recommendation_score():
    """A tube with skills of levels 1 to 4, in a profile whose hardest skill is level 5; levels 1 and 2
    validated, so the reached level is 2 and the next level to reach is 3:

        reached level   40 × 2 / 4 = 20
        difficulty      30 × 4 / 5 = 24
        progress        20 × 2 / 4 = 10
        next step       10 × 2 / 3 = 6 ⅔
        total                        60 ⅔   → "Recommandé" (2 dots: above 50, at most 75)
    """
    score = tube_recommendation_score(
        tube_skills=tube(1, 2, 3, 4), max_skill_level=5, validated_skill_ids={"@recherche1", "@recherche2"}
    )
    assert score == Fraction(182, 3)
    assert Relevance.of(score) == Relevance.RECOMMENDED and Relevance.of(score).label == "Recommandé"


def test_nothing_validated_scores_only_the_difficulty_and_is_the_most_recommended():
    score = tube_recommendation_score(
        tube_skills=tube(1, 2, 3, 4), max_skill_level=5, validated_skill_ids=set()
    )
    assert score == 24  # 30 × 4 / 5, and no next-step part when nothing is validated
    assert Relevance.of(score) == Relevance.VERY_STRONGLY


def test_everything_validated_scores_the_most_and_is_the_least_recommended():
    everything = {f"@recherche{level}" for level in (1, 2, 3, 4)}
    score = tube_recommendation_score(
        tube_skills=tube(1, 2, 3, 4), max_skill_level=5, validated_skill_ids=everything
    )
    assert score == 40 + 24 + 20 + 10  # the next level to reach is then the tube's highest
    assert Relevance.of(score) == Relevance.MODERATELY


def test_the_next_level_to_reach_is_the_lowest_skill_not_validated():
    # levels 1 and 3 validated: reached 3, next to reach 2 → 40×3/4 + 30×4/5 + 20×2/4 + 10×3/2
    score = tube_recommendation_score(
        tube_skills=tube(1, 2, 3, 4), max_skill_level=5, validated_skill_ids={"@recherche1", "@recherche3"}
    )
    assert score == 30 + 24 + 10 + 15


@pytest.mark.parametrize(
    ("score", "relevance", "dots"),
    [
        (0, Relevance.VERY_STRONGLY, 4),
        (25, Relevance.VERY_STRONGLY, 4),
        (Fraction(2501, 100), Relevance.STRONGLY, 3),
        (50, Relevance.STRONGLY, 3),
        (75, Relevance.RECOMMENDED, 2),
        (Fraction(7501, 100), Relevance.MODERATELY, 1),
    ],
)
def test_relevance_dots_follow_the_thresholds_25_50_75(score, relevance, dots):
    assert Relevance.of(Fraction(score)) == relevance
    assert int(relevance) == dots


@pytest.mark.django_db
def test_the_campaign_analysis_averages_the_scores_of_the_shared_participants_only(small_release):
    school = OrganizationFactory(type="SCO", is_managing_students=True)
    owner = MembershipFactory(organization=school, role="ADMIN").user
    campaign = assessment_campaign(school, owner)  # @alpha ≤ 3, @beta ≤ 2, @epsilon ≤ 3: the hardest is 3
    participant(campaign, first_name="A", last_name="A", validated=["@alpha1", "@alpha2"])
    participant(campaign, first_name="B", last_name="B", validated=[])
    participant(
        campaign, first_name="C", last_name="C", validated=["@alpha1", "@alpha2", "@alpha3"], share=False
    )
    gone = participant(campaign, first_name="D", last_name="D", validated=["@alpha1", "@alpha2", "@alpha3"])
    CampaignParticipation.objects.filter(pk=gone.pk).update(deleted_at=timezone.now())

    analysis = campaign_analysis(campaign=campaign)
    assert analysis.participants == 2
    alpha = next(t for t in analysis.tubes if t.tube == "@alpha")
    # A: 40×2/3 + 30×3/3 + 20×2/3 + 10×2/3 = 230/3; B: 30×3/3 = 30; mean 160/3 ≈ 53.3
    assert alpha.average_score == Fraction(160, 3)
    assert alpha.relevance == Relevance.RECOMMENDED
    assert alpha.reached_level == 1 and alpha.max_level == 3  # (2 + 0) / 2
    beta = next(t for t in analysis.tubes if t.tube == "@beta")
    assert beta.average_score == 20  # nothing validated by anyone: 30 × 2 / 3
    assert [(t.tube, t.average_score) for t in analysis.tubes] == [
        ("@beta", 20),
        ("@epsilon", 30),
        ("@alpha", Fraction(160, 3)),
    ]
    assert {(c.code, c.validated, c.total) for c in analysis.competences} == {("1.1", 2, 10), ("1.2", 0, 6)}
    assert all(t.tutorials and t.tutorials[0].title.startswith("Tutoriel") for t in analysis.tubes)


@pytest.mark.django_db
def test_an_analysis_without_shared_results_has_no_tube_and_zero_rates(small_release):
    school = OrganizationFactory(type="PRO")
    owner = MembershipFactory(organization=school, role="ADMIN").user
    campaign = assessment_campaign(school, owner)
    participant(campaign, validated=["@alpha1"], share=False)
    analysis = campaign_analysis(campaign=campaign)
    assert (analysis.participants, analysis.tubes) == (0, ())
    assert all(c.percentage == 0 for c in analysis.competences)
