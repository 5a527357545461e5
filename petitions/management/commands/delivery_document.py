from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from petitions.management.petitions import petition_by_slug
from petitions.reporting.delivery import delivery_document_filename, delivery_document_pdf


class Command(BaseCommand):
    help = "Write a petition's delivery document (PDF) for each addressee, or for one."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The petition's slug.")
        parser.add_argument("--addressee", type=int, help="Only this addressee's id.")
        parser.add_argument("--output", required=True, help="Directory to write the PDFs to.")
        parser.add_argument(
            "--with-signers",
            action="store_true",
            help="Append the names, cities and countries of verified signers who agreed to show them.",
        )

    def handle(self, *args, slug, addressee, output, with_signers, **options):
        petition = petition_by_slug(slug)
        addressees = petition.addressees.all()
        if addressee is not None:
            addressees = addressees.filter(pk=addressee)
        if not addressees:
            raise CommandError(
                f"No addressee {addressee} on {slug}" if addressee else f"{slug} has no addressees"
            )
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        for each in addressees:
            path = directory / delivery_document_filename(petition=petition, addressee=each)
            path.write_bytes(
                delivery_document_pdf(petition=petition, addressee=each, with_signers=with_signers)
            )
            self.stdout.write(str(path))
