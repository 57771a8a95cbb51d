"""A large lycée: 5 000 students imported in bulk, in batches, whatever the database."""

from __future__ import annotations

import math
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import OrganizationLearner
from organizations.services import BULK_BATCH, learners_import_siecle
from tests.organizations.siecle import siecle_file, two_classes, zipped

pytestmark = pytest.mark.django_db

SIZE = 5000


def batches(size: int) -> int:
    """How many INSERT statements a bulk_create of `size` learners takes on this database."""
    fields = [f for f in OrganizationLearner._meta.concrete_fields if not f.primary_key]
    per_batch = min(BULK_BATCH, connection.ops.bulk_batch_size(fields, [None] * size) or size)
    return math.ceil(size / per_batch)


def test_5000_students_are_imported_then_reimported_quickly_in_batches(school):
    students = two_classes(SIZE)
    file = zipped(siecle_file(students, encoding="ISO-8859-15").getvalue())
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = learners_import_siecle(organization=school, file=file)
    first = time.perf_counter() - started
    assert result.ok and result.created == SIZE
    assert OrganizationLearner.objects.filter(organization=school).count() == SIZE
    assert len(queries) <= batches(SIZE) + 10  # never one query per student

    for student in students[: SIZE // 2]:
        student.structures = [("2NDE1", "D")]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = learners_import_siecle(organization=school, file=siecle_file(students[:-100]))
    second = time.perf_counter() - started
    assert (result.created, result.updated, result.disabled) == (0, SIZE - 100, 100)
    assert OrganizationLearner.objects.filter(organization=school, division="2NDE1").count() == SIZE // 2
    # Only the 2 500 changed students are written (bulk_update, in batches), then the 100 gone.
    assert len(queries) <= 2 * batches(SIZE // 2) + 10
    assert first < 20 and second < 20, (first, second)


def test_the_number_of_queries_grows_with_batches_not_with_students(school):
    counts = []
    for size in (10, 1000):
        with CaptureQueriesContext(connection) as queries:
            assert learners_import_siecle(organization=school, file=siecle_file(two_classes(size))).ok
        counts.append(len(queries))
        OrganizationLearner.objects.all().delete()
    small, large = counts
    assert large - small <= batches(1000) - batches(10)
