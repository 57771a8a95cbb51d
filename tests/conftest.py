"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The small content release and a learner, for every test folder that plays assessments.
from tests.assessments.conftest import learner, small_release  # noqa: E402, F401

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def password() -> str:
    return "Motdepasse1"


@pytest.fixture
def user(db, password):
    from tests.factories import UserFactory

    return UserFactory(password=password)


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _fresh_referential_snapshot():
    """Each test loads its own content under the same release number: never reuse another test's snapshot."""
    from assessments.selectors import forget_referential_snapshot
    from campaigns.selectors import forget_campaign_skills

    forget_referential_snapshot()
    forget_campaign_skills()
    yield
    forget_referential_snapshot()
    forget_campaign_skills()
