from __future__ import annotations

from celery import shared_task

from campaigns.exports import export_job_run
from campaigns.models import ExportJob


@shared_task(name="campaigns.campaign_export")
def campaign_export_task(job_id: int) -> str:
    """Write a campaign's CSV export in the background; the export page polls the job."""
    job = ExportJob.objects.get(pk=job_id)
    if job.is_over:  # a redelivered message (acks late) after the file was written
        return job.status
    return export_job_run(job=job).status
