from celery import shared_task

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
    """Send the verification emails whose enqueue or delivery was lost (run by Celery beat)."""
    for signature_id in services.owed_verification_email_ids():
        send_verification_email_task.delay(signature_id)


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
