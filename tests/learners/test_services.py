from __future__ import annotations

import pytest

from learners import services
from learners.models import SavedTutorial
from referential.models import Tutorial
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutorial(small_release) -> Tutorial:
    return Tutorial.objects.order_by("slug").first()


def test_saving_a_tutorial_twice_keeps_one_saved_tutorial(learner, tutorial):
    first = services.tutorial_save(user=learner, tutorial_id=tutorial.pk)
    again = services.tutorial_save(user=learner, tutorial_id=tutorial.pk)
    assert first == again
    assert SavedTutorial.objects.filter(user=learner).count() == 1


def test_removing_a_tutorial_twice_is_harmless(learner, tutorial):
    services.tutorial_save(user=learner, tutorial_id=tutorial.pk)
    assert services.tutorial_unsave(user=learner, tutorial_id=tutorial.pk) is True
    assert services.tutorial_unsave(user=learner, tutorial_id=tutorial.pk) is False
    assert not SavedTutorial.objects.exists()


def test_an_unknown_tutorial_can_be_neither_saved_nor_removed(learner, tutorial):
    with pytest.raises(services.UnknownTutorial):
        services.tutorial_save(user=learner, tutorial_id=tutorial.pk + 1000)
    with pytest.raises(services.UnknownTutorial):
        services.tutorial_unsave(user=learner, tutorial_id=tutorial.pk + 1000)
    assert not SavedTutorial.objects.exists()


def test_removing_a_tutorial_leaves_the_other_learners_one(learner, tutorial):
    other = UserFactory()
    services.tutorial_save(user=other, tutorial_id=tutorial.pk)
    services.tutorial_save(user=learner, tutorial_id=tutorial.pk)
    services.tutorial_unsave(user=learner, tutorial_id=tutorial.pk)
    assert list(SavedTutorial.objects.values_list("user_id", flat=True)) == [other.pk]


def test_the_database_refuses_a_second_copy_of_a_saved_tutorial(learner, tutorial):
    from django.db import IntegrityError, transaction

    SavedTutorial.objects.create(user=learner, tutorial=tutorial)
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedTutorial.objects.create(user=learner, tutorial=tutorial)
