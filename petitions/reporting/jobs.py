"""What the background jobs of organizers' files share: claiming one, its signs of life, its end.

A worker killed mid-way (SIGKILL, out of memory, a machine lost) can record nothing: its job
would stay "running" forever. So a running writer records progress every so often, and
report_jobs_check (beat, every minute) fails a job without any for PETITIONS_JOB_STALE_SECONDS;
staff run it again. A pending job never taken up (its message lost with the broker) is queued
again after as long.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def report_job_claim(*, jobs, job_id):
    """Mark a pending job of the queryset running and return it; None if it was not pending."""
    status = jobs.model.Status
    claimed = jobs.filter(pk=job_id, status=status.PENDING).update(
        status=status.RUNNING, progress_at=timezone.now()
    )
    return jobs.get(pk=job_id) if claimed else None


def report_job_progress(job, rows):
    """Yield the rows, recording on the job that it makes progress every so often."""
    interval = settings.PETITIONS_JOB_STALE_SECONDS / 10
    recorded = time.monotonic()
    for row in rows:
        if time.monotonic() - recorded >= interval:
            type(job).objects.filter(pk=job.pk).update(progress_at=timezone.now())
            recorded = time.monotonic()
        yield row


def report_job_finish(job, **results):
    """Mark a job finished, with its results (fields of the job, such as its file)."""
    job.status, job.error = job.Status.FINISHED, ""
    job.finished_at = job.progress_at = timezone.now()
    for name, value in results.items():
        setattr(job, name, value)
    job.save(update_fields=["status", "error", "finished_at", "progress_at", *results])


def report_job_fail(job, *, error):
    """Mark a job failed with its error (an exception, or a sentence for staff)."""
    job.status = job.Status.FAILED
    job.error = error if isinstance(error, str) else repr(error)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def report_job_files_delete(*, jobs):
    """Delete the files of the jobs of a queryset, keeping their log entries; return how many."""
    deleted = 0
    for job in jobs.exclude(file=""):
        job.file.delete(save=False)
        jobs.model.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    return deleted


def stopped_jobs_fail(*, running, failure):
    """Mark failed the jobs of a queryset without progress for PETITIONS_JOB_STALE_SECONDS.

    failure(progress_at) returns the fields that mark one failed. Each is failed only if it made
    no progress meanwhile. Return the ids of those failed.
    """
    failed = []
    for job_id, progress_at in running.filter(
        progress_at__lt=_stale_before(timezone.now())
    ).values_list("pk", "progress_at"):
        if running.filter(pk=job_id, progress_at=progress_at).update(**failure(progress_at)):
            failed.append(job_id)
    return failed


def report_jobs_check(*, model):
    """Fail running jobs without recent progress; return the ids of pending ones to queue again."""
    now = timezone.now()
    failed = stopped_jobs_fail(
        running=model.objects.filter(status=model.Status.RUNNING),
        failure=lambda progress_at: {
            "status": model.Status.FAILED,
            "finished_at": now,
            "error": f"Stopped: no progress since {progress_at:%Y-%m-%d %H:%M:%S} UTC "
            "(the worker was stopped?). Run it again.",
        },
    )
    if failed:
        logger.warning("%s %s stopped: no progress", model.__name__, failed)
    # Each is queued again at most once per PETITIONS_JOB_STALE_SECONDS: while the queue is
    # merely long, the copies are few, and the claim lets only one of them write.
    lost = model.objects.filter(status=model.Status.PENDING, progress_at__lt=_stale_before(now))
    lost_ids = list(lost.values_list("pk", flat=True))
    if lost_ids:
        model.objects.filter(pk__in=lost_ids, status=model.Status.PENDING).update(progress_at=now)
        logger.warning("%s %s never taken up: queued again", model.__name__, lost_ids)
    return lost_ids


def _stale_before(now):
    return now - timedelta(seconds=settings.PETITIONS_JOB_STALE_SECONDS)
