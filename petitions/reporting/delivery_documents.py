"""Delivery documents written in the background, each logged as a DeliveryDocument.

With its appendix of signers, a campaign's document takes longer than a web request may (40,000
signers: a 500 at the worker timeout). So the admin requests one (and queues
petitions.tasks.delivery_document_run_task), and offers the file once it is written; the
delivery_document command writes them at once, and logs them too: those with signers' names
are personal data (services.personal_data lists them).
"""

import logging
import tempfile

from django.core.files import File

from ..models import DeliveryDocument
from .jobs import report_job_claim, report_job_fail, report_job_finish, report_job_progress
from .selectors import signers_shown_by_name

logger = logging.getLogger(__name__)


def delivery_document_request(*, addressee, with_signers, requested_by):
    """Log a request for an addressee's delivery document; the caller queues the writing."""
    return DeliveryDocument.objects.create(
        petition_id=addressee.petition_id,
        addressee=addressee,
        with_signers=with_signers,
        requested_by=requested_by,
    )


def delivery_document_run(*, document_id):
    """Write a requested delivery document to storage; mark it finished."""
    jobs = DeliveryDocument.objects.select_related("petition__campaign", "addressee")
    document = report_job_claim(jobs=jobs, job_id=document_id)
    if document is None:
        return
    if document.addressee is None:
        report_job_fail(document, error="The addressee was removed from the petition.")
        return
    # Imported here: reportlab (.delivery) takes a tenth of a second to import, which every
    # process would pay at start, not only the few that write a document.
    from .delivery import delivery_document_filenames, delivery_document_write

    petition = document.petition
    signers = None
    if document.with_signers:
        signers = report_job_progress(document, signers_shown_by_name(petition=petition))
    try:
        # Written to a temporary file on disk, then to storage.
        with tempfile.TemporaryFile("w+b") as raw:
            signer_count = delivery_document_write(
                raw, petition=petition, addressee=document.addressee, signers=signers
            )
            raw.seek(0)
            stem = delivery_document_filenames(petition=petition)[document.addressee_id]
            suffix = "-signers" if document.with_signers else ""
            name = f"{stem.removesuffix('.pdf')}-{document.created_at:%Y%m%d-%H%M%S}{suffix}.pdf"
            document.file.save(name, File(raw), save=False)
    except BaseException as error:
        # Even a stopped worker (SystemExit, KeyboardInterrupt) records that it failed.
        report_job_fail(document, error=error)
        raise
    report_job_finish(document, file=document.file, signer_count=signer_count)
    logger.info(
        "Delivery document %s of %s by %s: %s signers",
        document.pk,
        petition.slug,
        document.requested_by,
        signer_count,
    )


def delivery_document_write_logged(stream, *, addressee, with_signers, requested_by):
    """Write an addressee's delivery document to a binary stream now, and log it."""
    from .delivery import delivery_document_write  # imported here: see delivery_document_run

    petition = addressee.petition
    document = DeliveryDocument.objects.create(
        petition=petition,
        addressee=addressee,
        with_signers=with_signers,
        requested_by=requested_by,
        status=DeliveryDocument.Status.RUNNING,
    )
    signers = None
    if with_signers:
        signers = report_job_progress(document, signers_shown_by_name(petition=petition))
    try:
        signer_count = delivery_document_write(
            stream, petition=petition, addressee=addressee, signers=signers
        )
    except BaseException as error:
        report_job_fail(document, error=error)
        raise
    report_job_finish(document, signer_count=signer_count)
    return document
