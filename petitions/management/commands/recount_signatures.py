from django.core.management.base import BaseCommand

from petitions.management.petitions import petitions_by_slug
from petitions.models import Petition
from petitions.services import country_counts_recount


class Command(BaseCommand):
    help = "Rebuild petitions' per-country counts from their verified signatures; report drift."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Petitions to recount (all when omitted).")

    def handle(self, *args, slugs, **options):
        petitions = petitions_by_slug(slugs) if slugs else Petition.objects.order_by("pk")
        for petition in petitions:
            drifts = country_counts_recount(petition=petition)
            if not drifts:
                self.stdout.write(f"{petition.slug}: counts are exact")
                continue
            self.stdout.write(
                self.style.WARNING(f"{petition.slug}: corrected {len(drifts)} countries")
            )
            for drift in drifts:
                self.stdout.write(
                    f"  {drift.country}: counted {drift.counted}, actual {drift.actual}"
                )
