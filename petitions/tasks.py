import time

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_verification_email_task(signature_id):
    """Send a signature's verification email, if it is still owed."""
    services.send_verification_email(signature_id=signature_id)


@shared_task
def send_owed_verification_emails():
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
    while time.monotonic() < deadline:
        sent = services.send_owed_verification_emails(
            older_than_seconds=older_than_seconds, limit=batch_size
        )
        if sent < batch_size:
            break


@shared_task
def check_milestones():
    """Notify the organizers of milestones reached since the last check (run by Celery beat)."""
    services.milestones_check()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_milestone_email_task(milestone_id):
    """Email the organizers that a milestone was reached, if nobody has yet."""
    services.send_milestone_email(milestone_id=milestone_id)


@shared_task
def export_signers_task(export_id):
    """Write a requested signer export to storage."""
    services.signer_export_run(export_id=export_id)
