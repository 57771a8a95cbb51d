from __future__ import annotations

from celery import shared_task


@shared_task(name="pix.echo")
def echo(value: str) -> str:
    """A task that proves the broker and a worker are wired: it returns what it was given."""
    return value
