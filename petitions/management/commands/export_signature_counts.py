from django.core.management.base import BaseCommand, CommandError

from petitions.management.petitions import petition_by_slug
from petitions.reporting.exports import COUNTS_FORMATS
from petitions.reporting.selectors import signature_counts_by_country


class Command(BaseCommand):
    help = "Export a petition's verified and pending signatures per country, with a total row."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The petition's slug.")
        parser.add_argument("--format", choices=sorted(COUNTS_FORMATS), default="csv")
        parser.add_argument("--output", help="File to write (standard output by default).")

    def handle(self, *args, slug, format, output, **options):
        petition = petition_by_slug(slug)
        content = COUNTS_FORMATS[format].write(signature_counts_by_country(petition=petition))
        if output:
            try:
                with open(output, "wb") as file:
                    file.write(content)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}") from error
            return
        binary_stdout = getattr(self.stdout, "buffer", None)
        if binary_stdout is not None:
            binary_stdout.write(content)
            binary_stdout.flush()
        elif format == "xlsx":
            raise CommandError("XLSX is binary: give --output FILE or redirect standard output.")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
