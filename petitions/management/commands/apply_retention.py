from django.core.management.base import BaseCommand

from petitions.models import RetentionRun
from petitions.services import retention_apply, retention_preview


class Command(BaseCommand):
    help = (
        "Delete unverified signatures and anonymize those of long-closed petitions, as the "
        "retention settings say; the run is recorded (Admin → Retention runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            run, done = retention_preview(), "to be "
        else:
            run, done = retention_apply(trigger=RetentionRun.Trigger.COMMAND), ""
        self.stdout.write(
            f"Unverified signatures older than {run.unverified_retention_days} days "
            f"{done}deleted: {run.unverified_deleted}"
        )
        self.stdout.write(
            f"Signatures of petitions closed over {run.closed_petition_retention_days} days ago "
            f"{done}anonymized: {run.signatures_anonymized}"
        )
        for slug, count in run.petitions_anonymized.items():
            self.stdout.write(f"  {slug}: {count}")
        self.stdout.write(
            f"Signer export files of those petitions {done}deleted: "
            f"{run.signer_export_files_deleted}"
        )
        self.stdout.write(
            f"Delivery documents naming signers of those petitions {done}deleted: "
            f"{run.delivery_document_files_deleted}"
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
