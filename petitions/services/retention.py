"""Retention: personal data are kept only as long as the privacy notice says.

- an unverified signature is deleted PETITIONS_UNVERIFIED_RETENTION_DAYS after signing, once
  the last link emailed to it has expired too (it never counted, so no count changes);
- PETITIONS_CLOSED_PETITION_RETENTION_DAYS after a petition closed, its signatures are
  anonymized (name, email, city, IP hash, user agent and consents cleared; country and dates
  kept, so they still count) and the files of its signer exports and of its delivery documents
  naming signers deleted (their log entries stay); other apps delete what they hold about
  signers from before then (signals.retention_applied: the news emails of sendings finished).

Work is done PETITIONS_RETENTION_BATCH_SIZE signatures per statement, each its own short
transaction, so signing and verifying go on meanwhile; each statement checks its conditions
again, so a signature verified between the choice of a batch and its deletion is kept.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from ..models import DeliveryDocument, Petition, RetentionRun, Signature, SignerExport
from ..reporting.jobs import report_job_files_delete, stopped_jobs_fail
from ..signals import retention_applied


def retention_apply(*, trigger):
    """Delete and anonymize what the retention periods no longer allow; record and return it."""
    run = _run(trigger)
    run.save()

    def progress():
        # In memory too: the run's later save() writes it back.
        run.progress_at = timezone.now()
        RetentionRun.objects.filter(pk=run.pk).update(progress_at=run.progress_at)

    run.unverified_deleted, run.batches = _in_batches(
        _unverified_expired(), lambda batch: batch.delete()[0], progress
    )
    for petition in _petitions_expired():
        anonymized, batches = _in_batches(_not_anonymized(petition), _anonymize, progress)
        run.signatures_anonymized += anonymized
        run.batches += batches
        if anonymized:
            run.petitions_anonymized[petition.slug] = anonymized
        run.signer_export_files_deleted += report_job_files_delete(jobs=_signer_exports(petition))
        run.delivery_document_files_deleted += report_job_files_delete(
            jobs=_delivery_documents_naming_signers(petition)
        )
        Petition.objects.filter(pk=petition.pk).update(signatures_anonymized_at=timezone.now())
        run.save()
    # What other apps hold about signers (news emails), by the closed petitions' period.
    retention_applied.send(sender=None, before=_closed_petition_cutoff())
    run.finished_at = run.progress_at = timezone.now()
    run.save()
    return run


def retention_runs_fail_stopped():
    """Mark failed the runs without progress for PETITIONS_JOB_STALE_SECONDS; return them.

    Their worker was killed mid-way: what they did stays done (each batch is its own
    transaction), and the next run does the rest.
    """
    return stopped_jobs_fail(
        running=RetentionRun.objects.filter(finished_at__isnull=True, error=""),
        failure=lambda progress_at: {
            "error": f"Stopped: no progress since {progress_at:%Y-%m-%d %H:%M:%S} UTC (the "
            "worker was stopped?). What it did is kept; the next run does the rest."
        },
    )


def retention_preview():
    """Return what retention_apply would do now, as an unsaved run, changing nothing."""
    run = _run(RetentionRun.Trigger.COMMAND)
    run.unverified_deleted = _unverified_expired().count()
    for petition in _petitions_expired():
        anonymized = _not_anonymized(petition).count()
        run.signatures_anonymized += anonymized
        if anonymized:
            run.petitions_anonymized[petition.slug] = anonymized
        run.signer_export_files_deleted += _signer_exports(petition).exclude(file="").count()
        run.delivery_document_files_deleted += (
            _delivery_documents_naming_signers(petition).exclude(file="").count()
        )
    return run


def _run(trigger):
    return RetentionRun(
        trigger=trigger,
        unverified_retention_days=settings.PETITIONS_UNVERIFIED_RETENTION_DAYS,
        closed_petition_retention_days=settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS,
    )


def _unverified_expired():
    """Unverified signatures older than the period whose last link, if any, has expired too.

    A supporter who asked for a new link near the period's end keeps the signature until that
    link expires: the email requested but not sent yet will carry a fresh one.
    """
    now = timezone.now()
    cutoff = now - timedelta(days=settings.PETITIONS_UNVERIFIED_RETENTION_DAYS)
    links_expired = now - timedelta(seconds=settings.PETITIONS_VERIFICATION_MAX_AGE)
    return Signature.objects.filter(
        Q(verification_email_requested_at__isnull=True)
        | Q(verification_email_requested_at__lt=links_expired),
        Q(verification_email_sent_at__isnull=True)
        | Q(verification_email_sent_at__lt=links_expired),
        verified_at__isnull=True,
        created_at__lt=cutoff,
    )


def _petitions_expired():
    """Petitions closed (by date or by hand) longer ago than the retention, not yet anonymized."""
    cutoff = _closed_petition_cutoff()
    return Petition.objects.filter(
        Q(closes_at__lt=cutoff) | Q(state=Petition.State.CLOSED, closed_at__lt=cutoff),
        signatures_anonymized_at__isnull=True,
    ).order_by("pk")


def _closed_petition_cutoff():
    return timezone.now() - timedelta(days=settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS)


def _not_anonymized(petition):
    return Signature.objects.filter(petition=petition, anonymized_at__isnull=True)


def _anonymize(batch):
    return batch.update(
        name="",
        email="",
        # Unique per petition (one signature per mailbox), and no mailbox ever normalizes to it.
        email_normalized=Concat(Value("erased:"), Cast("pk", CharField())),
        city="",
        ip_hash="",
        user_agent="",
        # A relay's refusal may quote the address.
        verification_email_failure="",
        consent_to_updates=False,
        consent_to_show_name=False,
        anonymized_at=timezone.now(),
    )


def _in_batches(candidates, apply, progress):
    """Apply a change to candidates, a batch of primary keys at a time; return (rows, batches).

    Each batch is chosen by key order after the last, and changed by one statement that
    checks the candidates' conditions again; progress() is called after each.
    """
    size = settings.PETITIONS_RETENTION_BATCH_SIZE
    changed = batches = last = 0
    while True:
        keys = list(
            candidates.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if keys:
            changed += apply(candidates.filter(pk__in=keys))
            progress()
            batches += 1
            last = keys[-1]
        if len(keys) < size:
            return changed, batches


def _signer_exports(petition):
    return SignerExport.objects.filter(petition=petition)


def _delivery_documents_naming_signers(petition):
    return DeliveryDocument.objects.filter(petition=petition, with_signers=True)
