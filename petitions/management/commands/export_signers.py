from django.core.management.base import BaseCommand, CommandError

from petitions.management.petitions import petition_by_slug, requesting_user
from petitions.reporting.signer_exports import signer_export_write


class Command(BaseCommand):
    help = (
        "Write the verified signers of a petition who consented to updates as CSV, "
        "and log the export."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The petition's slug.")
        parser.add_argument("--output", required=True, help="The CSV file to write.")
        parser.add_argument(
            "--user", help="Username to log the export under (default: the system user's)."
        )

    def handle(self, *args, slug, output, user, **options):
        petition = petition_by_slug(slug)
        requested_by = requesting_user(user)
        try:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                export = signer_export_write(
                    petition=petition, stream=stream, requested_by=requested_by
                )
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stderr.write(f"{export.row_count} signers of {petition.slug} written to {output}")
