"""Celery tasks, each wrapping one service (`<service>_task`), and the helpers that queue them.

Tasks import services, never the reverse: whoever starts the work (a view, the admin, the API,
beat) queues what follows with the helpers at the end of this module.
"""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction

from . import selectors, services
from .models import DeliveryDocument, RetentionRun, SignerExport
from .reporting import delivery_documents, jobs, signer_exports

logger = logging.getLogger(__name__)


# Acknowledged once done, and given back to the queue if its worker dies (SIGKILL, out of
# memory): the email is claimed in the database, so the copy run again sends it at most once.
# An SMTP error (OSError) is retried with backoff.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def verification_email_send_task(signature_id):
    """Send a signature's verification email, if it is still owed."""
    services.verification_email_send(signature_id=signature_id)


@shared_task
def verification_emails_send_owed_task():
    """Send the verification emails owed, in batches (run by Celery beat).

    With the outbox it sends every email owed; otherwise each email has its own task, and this
    sweep sends only those whose enqueue or delivery was lost a while ago.
    """
    outbox = settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH == "outbox"
    older_than_seconds = 0 if outbox else 60
    batch_size = settings.PETITIONS_OUTBOX_BATCH_SIZE
    # Stop when the next run is due, so that runs seldom overlap (when they do, SKIP LOCKED
    # keeps them from sending the same email).
    deadline = time.monotonic() + settings.PETITIONS_OUTBOX_INTERVAL
    handled = 0
    while time.monotonic() < deadline:
        claimed = services.verification_emails_send_owed(
            older_than_seconds=older_than_seconds, limit=batch_size
        )
        handled += claimed
        if claimed < batch_size:
            break
    # Every few seconds, all day: a line only when there was something to send.
    if handled:
        logger.info("Outbox: %d verification emails sent or put off", handled)


@shared_task
def milestones_check_task():
    """Mark the milestones reached since the last check and email the organizers (beat)."""
    for milestone in services.milestones_check():
        milestone_email_send_task.delay(milestone.pk)
    # An email whose enqueue was lost (broker down) is sent on a later check.
    for milestone_id in selectors.milestones_unannounced(older_than_seconds=60):
        milestone_email_send_task.delay(milestone_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def milestone_email_send_task(milestone_id):
    """Email the organizers that a milestone was reached, if nobody has yet."""
    services.milestone_email_send(milestone_id=milestone_id)


# Run again if its worker dies: every batch checks its conditions again, so what was done is
# not done twice, and the rest is done.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def retention_apply_task():
    """Delete and anonymize what the retention periods no longer allow (beat, hourly)."""
    services.retention_apply(trigger=RetentionRun.Trigger.SCHEDULE)


@shared_task
def signer_export_run_task(export_id):
    """Write a requested signer export to storage."""
    signer_exports.signer_export_run(export_id=export_id)


@shared_task
def delivery_document_run_task(document_id):
    """Write a requested delivery document to storage."""
    delivery_documents.delivery_document_run(document_id=document_id)


@shared_task
def report_jobs_check_task():
    """Fail the exports, documents and retention runs whose worker stopped; queue again the
    exports and documents never taken up."""
    services.retention_runs_fail_stopped()
    for export_id in jobs.report_jobs_check(model=SignerExport):
        _enqueue(signer_export_run_task, export_id)
    for document_id in jobs.report_jobs_check(model=DeliveryDocument):
        _enqueue(delivery_document_run_task, document_id)


# Queueing --------------------------------------------------------------------------------------


def verification_email_enqueue(signature_id):
    """Queue a signature's owed email when the transaction commits, unless the outbox sends it.

    With the outbox (PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox") the signer's request does
    not talk to the broker at all: the owed email is already in the database, and beat's
    verification_emails_send_owed_task sends it within PETITIONS_OUTBOX_INTERVAL seconds.
    """
    if settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH == "task":
        transaction.on_commit(lambda: _enqueue(verification_email_send_task, signature_id))


def signer_export_enqueue(export):
    """Queue the writing of a requested signer export when the transaction commits."""
    transaction.on_commit(lambda: _enqueue(signer_export_run_task, export.pk))


def delivery_document_enqueue(document):
    """Queue the writing of a requested delivery document when the transaction commits."""
    transaction.on_commit(lambda: _enqueue(delivery_document_run_task, document.pk))


def _enqueue(task, object_id):
    """Hand a task to the broker; if the broker is down, log it and answer the request anyway.

    The work owed stays recorded in the database (an owed email, a pending export or document),
    and a beat task queues it again.
    """
    try:
        task.delay(object_id)
    except Exception:
        logger.exception("Could not enqueue %s(%s)", task.name, object_id)
