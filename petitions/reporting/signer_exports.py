"""Signer exports: CSV files of a petition's consenting signers, each logged as a SignerExport.

A long export in a web request would be cut at the worker's timeout while the client still got
a 200 and a truncated file; a job that records its row count when done cannot be. So the admin
and the API request one (and queue petitions.tasks.signer_export_run_task), and the command
writes one at once. Both record their progress (see .jobs).
"""

import io
import logging
import tempfile

from django.core.files import File

from ..models import SignerExport
from .exports import write_signers_csv
from .jobs import report_job_claim, report_job_fail, report_job_finish, report_job_progress
from .selectors import consenting_signers

logger = logging.getLogger(__name__)


def signer_export_request(*, petition, requested_by, channel=SignerExport.Channel.ADMIN):
    """Log a request to export a petition's consenting signers; the caller queues the writing."""
    return SignerExport.objects.create(
        petition=petition, requested_by=requested_by, channel=channel
    )


def signer_export_run(*, export_id):
    """Write a requested signer export to storage; mark it finished with its row count."""
    export = report_job_claim(
        jobs=SignerExport.objects.select_related("petition"), job_id=export_id
    )
    if export is None:
        return
    try:
        # Rows go to a temporary file on disk, then to storage: memory stays constant.
        with tempfile.TemporaryFile("w+b") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            rows = report_job_progress(export, consenting_signers(petition=export.petition))
            row_count = write_signers_csv(rows, text)
            text.flush()
            raw.seek(0)
            name = f"{export.petition.slug}-signers-{export.created_at:%Y%m%d-%H%M%S}.csv"
            export.file.save(name, File(raw), save=False)
            text.detach()
    except BaseException as error:
        # Even a stopped worker (SystemExit, KeyboardInterrupt) records that the export failed.
        report_job_fail(export, error=error)
        raise
    report_job_finish(export, row_count=row_count, file=export.file)
    logger.info(
        "Signer export %s of %s by %s: %s rows",
        export.pk,
        export.petition.slug,
        export.requested_by or export.channel,
        row_count,
    )


def signer_export_write(
    *, petition, stream, requested_by=None, channel=SignerExport.Channel.COMMAND
):
    """Write a petition's consenting signers to a text stream now, and log the export."""
    export = SignerExport.objects.create(
        petition=petition,
        requested_by=requested_by,
        channel=channel,
        status=SignerExport.Status.RUNNING,
    )
    try:
        rows = report_job_progress(export, consenting_signers(petition=petition))
        row_count = write_signers_csv(rows, stream)
    except BaseException as error:
        report_job_fail(export, error=error)
        raise
    report_job_finish(export, row_count=row_count)
    return export
