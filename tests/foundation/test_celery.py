from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from pix.celery import app
from pix.tasks import echo

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_broker_tasks_run_inline():
    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert echo.delay("bonjour").get(timeout=5) == "bonjour"


@pytest.mark.django_db(transaction=True)
def test_tasks_dispatched_on_commit_run_only_after_the_commit():
    from django.db import transaction

    calls: list[str] = []
    with transaction.atomic():
        transaction.on_commit(lambda: calls.append("committed"))
        echo.delay_on_commit("x")
        assert calls == []
    assert calls == ["committed"]


def _reachable_broker() -> str | None:
    url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/15"
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - unreachable, whatever the reason
        return None
    return url


@pytest.mark.integration
def test_a_real_worker_runs_a_task_through_redis():
    url = _reachable_broker()
    if url is None:
        if os.environ.get("REQUIRE_BROKER_TESTS"):
            pytest.fail("REQUIRE_BROKER_TESTS is set but no broker is reachable")
        pytest.skip("no broker reachable (CI sets REQUIRE_BROKER_TESTS and always runs this)")
    env = {
        **os.environ,
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "DJANGO_SETTINGS_MODULE": "pix.settings",
        "SECRET_KEY": "worker-test-key",
        "DJANGO_DEBUG": "1",
    }
    queue = f"test-{os.getpid()}-{time.time_ns()}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pix",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # A client of its own, like a web node talking to a worker node: only the broker is shared.
    client = Celery("pix-test-client", broker=url, backend=url)
    try:
        result = client.send_task("pix.echo", args=["à travers Redis"], queue=queue)
        assert result.get(timeout=60) == "à travers Redis"
    finally:
        client.close()
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
