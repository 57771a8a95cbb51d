"""What the learner's pages show: scorecards, certifiability, recommended tutorials."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import KnowledgeElement
from assessments.selectors import scorecard_of
from learners import selectors
from learners.models import SavedTutorial
from referential.models import Competence, Skill, Tutorial
from tests.factories import UserFactory
from tests.learners.conftest import RIGHT, WRONG, give_level

pytestmark = pytest.mark.django_db


def element(user, skill_name: str, status: str, *, source: str = "direct", when=None) -> KnowledgeElement:
    skill = Skill.objects.select_related("competence").get(name=skill_name)
    validated = status == "validated"
    return KnowledgeElement.objects.create(
        user=user,
        skill=skill,
        competence=skill.competence,
        status=status,
        source=source,
        earned_pix_numerator=skill.pix_numerator if validated else 0,
        earned_pix_denominator=skill.pix_denominator if validated else 1,
        created_at=when or timezone.now() - timedelta(days=1),
    )


def answer(assessment, *, count: int, value: str, now=None) -> None:
    for _ in range(count):
        challenge = assessment_services.assessment_next_challenge(assessment=assessment, now=now)
        assert challenge is not None
        assessment_services.answer_save(
            assessment=assessment, challenge_id=challenge.id, value=value, now=now
        )


def play_to_the_end(assessment, *, true_level: int, now=None) -> None:
    while (
        challenge := assessment_services.assessment_next_challenge(assessment=assessment, now=now)
    ) is not None:
        value = RIGHT if challenge.skill.level <= true_level else WRONG
        assessment_services.answer_save(
            assessment=assessment, challenge_id=challenge.id, value=value, now=now
        )


def card_of(profile: selectors.Profile, code: str) -> selectors.CompetenceCard:
    return next(card for card in profile.cards if card.code == code)


# -- Scorecards on the profile -------------------------------------------------------------------


def test_a_learner_without_history_sees_sixteen_competences_not_started_at_level_0(small_release, learner):
    profile = selectors.profile_for(user=learner)
    assert len(profile.cards) == 16
    assert [area.code for area in profile.areas] == ["1", "2", "3", "4", "5"]
    assert [len(area.cards) for area in profile.areas] == [3, 4, 4, 3, 2]
    assert {(card.level, card.pix, card.status_label, card.progress_class) for card in profile.cards} == {
        (0, 0, "Non commencé", "w-0")
    }
    assert profile.total_pix == 0
    assert profile.max_pix == 896


def test_the_maximum_profile_follows_the_maximum_reachable_level(small_release, learner, settings):
    settings.MAX_REACHABLE_LEVEL = 5
    profile = selectors.profile_for(user=learner)
    assert profile.max_pix == 5 * 8 * 16
    assert len(profile.chart.rings) == 5


def test_a_started_competence_shows_its_level_pix_and_progress_to_the_next_level(small_release, learner):
    # Level 1 of 1.1 has three skills (8/3 pix each), level 2 four skills (2 pix each).
    for name in ("@alpha1", "@beta1", "@delta1", "@alpha2", "@beta2"):
        element(learner, name, "validated")
    card = card_of(selectors.profile_for(user=learner), "1.1")
    assert (card.level, card.pix, card.pix_ahead) == (1, 12, 4)
    assert card.status_label == "En cours"
    assert card.progress_class == "w-50"
    assert card.pix_to_next_level == 4


def test_three_eighths_of_a_level_fill_the_bar_to_the_nearest_five_percent(small_release, learner):
    for name in ("@alpha1", "@alpha2"):  # 8/3 + 2 = 4.67 pix: 4 pix, 50 %
        element(learner, name, "validated")
    assert card_of(selectors.profile_for(user=learner), "1.1").progress_class == "w-50"
    assert selectors.width_class(12.5) == "w-15"
    assert selectors.width_class(37.5) == "w-40"
    assert selectors.width_class(87.5) == "w-90"
    assert selectors.width_class(100) == "w-100"


def test_a_competence_played_through_the_player_is_completed_with_the_level_of_its_scorecard(
    small_release, learner
):
    assessment = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    play_to_the_end(assessment, true_level=2)
    card = card_of(selectors.profile_for(user=learner), "1.1")
    scorecard = scorecard_of(user=learner, competence_code="1.1")
    assert card.status_label == "Terminé"
    assert (card.level, card.pix) == (scorecard.level, scorecard.earned_pix) == (2, 16)


def test_a_competence_at_the_maximum_level_shows_a_full_bar(small_release, learner, settings):
    settings.MAX_REACHABLE_LEVEL = 2
    assessment = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.1"
    )
    play_to_the_end(assessment, true_level=4)
    card = card_of(selectors.profile_for(user=learner), "1.1")
    assert card.level == 2
    assert card.scorecard.is_max_level
    assert card.progress_class == "w-100"


def test_the_chart_has_one_petal_per_competence_and_fills_only_those_with_pix(small_release, learner):
    element(learner, "@epsilon1", "validated")
    chart = selectors.profile_for(user=learner).chart
    assert len(chart.petals) == 16
    assert [petal.card.code for petal in chart.petals if petal.fill_path] == ["1.2"]
    assert all("," not in petal.label_x for petal in chart.petals)


# -- Certifiability ------------------------------------------------------------------------------


def test_certifiability_counts_the_competences_at_level_1_or_more(profile_release, learner):
    assert selectors.profile_for(user=learner).certifiability.missing == 5
    for code in ("1.1", "2.1", "3.1", "4.1"):
        give_level(learner, code, 1)
    give_level(learner, "5.1", 0, partial=True)  # some pix, but not level 1
    certifiability = selectors.home_for(user=learner).certifiability
    assert (certifiability.certifiable_competences, certifiability.missing) == (4, 1)
    assert not certifiability.is_certifiable
    give_level(learner, "5.2", 3)
    certifiability = selectors.profile_for(user=learner).certifiability
    assert certifiability.is_certifiable
    assert certifiability.missing == 0


# -- Recommended tutorials -----------------------------------------------------------------------


def test_only_failed_skills_bring_tutorials(small_release, learner):
    element(learner, "@alpha1", "validated")
    assert selectors.recommended_tutorials_for(user=learner) == ()
    element(learner, "@alpha3", "invalidated")
    assert [t.title for t in selectors.recommended_tutorials_for(user=learner)] == ["Tutoriel 1.1"]


def test_an_inferred_failure_alone_brings_no_tutorial(small_release, learner):
    element(learner, "@alpha4", "invalidated", source="inferred")
    assert selectors.recommended_tutorials_for(user=learner) == ()


def test_a_later_success_on_the_skill_removes_its_tutorials(small_release, learner):
    now = timezone.now()
    element(learner, "@epsilon2", "invalidated", when=now - timedelta(days=6))
    assert len(selectors.recommended_tutorials_for(user=learner)) == 1
    element(learner, "@epsilon2", "validated", when=now - timedelta(days=1))
    assert selectors.recommended_tutorials_for(user=learner) == ()


def test_a_reset_removes_the_tutorials_of_the_competence(small_release, learner):
    now = timezone.now()
    element(learner, "@epsilon2", "invalidated", when=now - timedelta(days=8))
    assessment_services.scorecard_reset(user=learner, competence_code="1.2", now=now)
    assert selectors.recommended_tutorials_for(user=learner) == ()


def test_recommended_tutorials_are_deduplicated_and_ordered_by_competence(small_release, learner):
    element(learner, "@zeta3", "invalidated")  # 1.2
    element(learner, "@alpha3", "invalidated")  # 1.1
    element(learner, "@beta4", "invalidated")  # 1.1 again, same tutorial
    titles = [t.title for t in selectors.recommended_tutorials_for(user=learner)]
    assert titles == ["Tutoriel 1.1", "Tutoriel 1.2"]
    only_12 = selectors.recommended_tutorials_for(user=learner, competence="1.2")
    assert [t.title for t in only_12] == ["Tutoriel 1.2"]
    assert only_12[0].competence.code == "1.2"


def test_the_failures_of_the_player_bring_the_tutorials_of_the_competence(small_release, learner):
    assessment = assessment_services.competence_evaluation_start_or_resume(
        user=learner, competence_code="1.2"
    )
    answer(assessment, count=1, value=WRONG)
    assert [t.title for t in selectors.recommended_tutorials_for(user=learner)] == ["Tutoriel 1.2"]


def test_recommended_tutorials_say_which_ones_the_learner_saved_and_only_theirs(small_release, learner):
    element(learner, "@alpha3", "invalidated")
    tutorial = Tutorial.objects.get(title="Tutoriel 1.1")
    other = UserFactory()
    SavedTutorial.objects.create(user=other, tutorial=tutorial)
    assert [t.is_saved for t in selectors.recommended_tutorials_for(user=learner)] == [False]
    SavedTutorial.objects.create(user=learner, tutorial=tutorial)
    assert [t.is_saved for t in selectors.recommended_tutorials_for(user=learner)] == [True]


def test_the_home_page_shows_three_tutorials_at_most_and_counts_them_all(profile_release, learner):
    for code in ("1.1", "1.2", "2.1", "2.2"):
        give_level(learner, code, 2)  # direct failures at level 3, in both tubes: two tutorials each
    home = selectors.home_for(user=learner)
    assert home.recommended_count == 8
    assert [t.title for t in home.tutorials] == ["Tutoriel 1.1 X", "Tutoriel 1.1 Y", "Tutoriel 1.2 X"]


def test_saved_tutorials_come_latest_first_with_their_competence(small_release, learner):
    now = timezone.now()
    first, second = Tutorial.objects.order_by("slug")
    SavedTutorial.objects.create(user=learner, tutorial=first, created_at=now - timedelta(hours=2))
    SavedTutorial.objects.create(user=learner, tutorial=second, created_at=now)
    SavedTutorial.objects.create(user=UserFactory(), tutorial=first)
    saved = selectors.saved_tutorials_for(user=learner)
    assert [t.id for t in saved] == [second.pk, first.pk]
    assert [t.competence.code for t in saved] == ["1.2", "1.1"]


# -- Home ----------------------------------------------------------------------------------------


def test_the_home_page_offers_to_resume_started_competences_only_the_latest_first(profile_release, learner):
    give_level(learner, "1.1", 2, completed=True, days_ago=1)
    give_level(learner, "2.1", 1, completed=False, days_ago=5)
    give_level(learner, "3.1", 1, completed=False, days_ago=2)
    home = selectors.home_for(user=learner)
    assert [card.code for card in home.to_resume] == ["3.1", "2.1"]
    assert home.total_pix == 16 + 8 + 8
    assert home.started_count == 3 and home.completed_count == 1


def test_the_home_page_suggests_competences_not_started_from_different_areas(profile_release, learner):
    give_level(learner, "1.1", 1)
    suggestions = selectors.home_for(user=learner).to_start
    assert [card.code for card in suggestions] == ["1.2", "2.1", "3.1"]
    assert all(card.scorecard.is_not_started for card in suggestions)


def test_details_of_an_unknown_competence_are_none(small_release, learner):
    assert selectors.competence_details_for(user=learner, code="9.9") is None
    assert Competence.objects.filter(code="1.1").exists()
