"""The certification engine is plain Python: these tests need neither Django nor a database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_referential_snapshot() -> Iterator[None]:
    """Overrides the suite-wide fixture, which imports Django models: no snapshot is used here."""
    yield
