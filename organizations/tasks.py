from __future__ import annotations

from celery import shared_task

from organizations.models import ImportJob
from organizations.services import import_job_run


@shared_task(name="organizations.import_job_run")
def import_job_run_task(job_id: int) -> str:
    """Import a large students file in the background; the import page polls the job's status."""
    job = ImportJob.objects.select_related("organization").get(pk=job_id)
    if job.is_over:  # a redelivered message (acks late) after the import was recorded
        return job.status
    return import_job_run(job=job).status
