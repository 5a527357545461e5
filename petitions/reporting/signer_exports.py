"""Signer exports: CSV files of a petition's consenting signers, each logged as a SignerExport.

A long export in a web request would be cut at the worker's timeout while the client still got
a 200 and a truncated file; a job that records its row count when done cannot be. So the admin
and the API request one (and queue petitions.tasks.signer_export_run_task), and the command
writes one at once.
"""

import io
import logging
import tempfile

from django.core.files import File
from django.utils import timezone

from ..models import SignerExport
from .exports import write_signers_csv
from .selectors import consenting_signers

logger = logging.getLogger(__name__)


def signer_export_request(*, petition, requested_by, channel=SignerExport.Channel.ADMIN):
    """Log a request to export a petition's consenting signers; the caller queues the writing."""
    return SignerExport.objects.create(
        petition=petition, requested_by=requested_by, channel=channel
    )


def signer_export_run(*, export_id):
    """Write a requested signer export to storage; mark it finished with its row count."""
    claimed = SignerExport.objects.filter(pk=export_id, status=SignerExport.Status.PENDING).update(
        status=SignerExport.Status.RUNNING
    )
    if not claimed:
        return
    export = SignerExport.objects.select_related("petition").get(pk=export_id)
    try:
        # Rows go to a temporary file on disk, then to storage: memory stays constant.
        with tempfile.TemporaryFile("w+b") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            row_count = write_signers_csv(consenting_signers(petition=export.petition), text)
            text.flush()
            raw.seek(0)
            name = f"{export.petition.slug}-signers-{export.created_at:%Y%m%d-%H%M%S}.csv"
            export.file.save(name, File(raw), save=False)
            text.detach()
    except BaseException as error:
        _signer_export_end(export, error=error)
        raise
    _signer_export_end(export, row_count=row_count, also_saved=["file"])
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
        row_count = write_signers_csv(consenting_signers(petition=petition), stream)
    except BaseException as error:
        _signer_export_end(export, error=error)
        raise
    _signer_export_end(export, row_count=row_count)
    return export


def _signer_export_end(export, *, row_count=None, error=None, also_saved=()):
    """Record how an export ended: finished with its row count, or failed with its error.

    Callers catch BaseException, so an export cut short (a stopped worker, Ctrl-C on the
    command) is logged as failed rather than left looking unfinished or complete.
    """
    export.finished_at = timezone.now()
    if error is None:
        export.status, export.row_count = SignerExport.Status.FINISHED, row_count
        fields = ["status", "row_count", "finished_at", *also_saved]
    else:
        export.status, export.error = SignerExport.Status.FAILED, repr(error)
        fields = ["status", "error", "finished_at"]
    export.save(update_fields=fields)
