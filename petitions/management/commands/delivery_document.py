from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from petitions.management.petitions import petition_by_slug, requesting_user
from petitions.reporting.delivery import delivery_document_filenames
from petitions.reporting.delivery_documents import delivery_document_write_logged


class Command(BaseCommand):
    help = (
        "Write a petition's delivery document (PDF) for each addressee, or for one, and log "
        "each (Admin → Delivery documents)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The petition's slug.")
        parser.add_argument("--addressee", type=int, help="Only this addressee's id.")
        parser.add_argument("--output", required=True, help="Directory to write the PDFs to.")
        parser.add_argument(
            "--with-signers",
            action="store_true",
            help="Append the names, cities and countries of verified signers who agreed to show them.",
        )
        parser.add_argument(
            "--user", help="Username to log the documents under (default: the system user's)."
        )

    def handle(self, *args, slug, addressee, output, with_signers, user, **options):
        petition = petition_by_slug(slug)
        requested_by = requesting_user(user)
        addressees = petition.addressees.all()
        if addressee is not None:
            addressees = addressees.filter(pk=addressee)
        if not addressees:
            raise CommandError(
                f"No addressee {addressee} on {slug}" if addressee else f"{slug} has no addressees"
            )
        directory = Path(output)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {directory}: {error.strerror}") from error
        filenames = delivery_document_filenames(petition=petition)
        for each in addressees:
            path = directory / filenames[each.pk]
            try:
                with path.open("wb") as stream:
                    delivery_document_write_logged(
                        stream, addressee=each, with_signers=with_signers, requested_by=requested_by
                    )
            except OSError as error:
                raise CommandError(f"Cannot write {path}: {error.strerror}") from error
            self.stdout.write(str(path))
