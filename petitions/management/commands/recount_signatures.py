from django.core.management.base import BaseCommand, CommandError

from petitions.models import Petition
from petitions.services import recount_signatures


class Command(BaseCommand):
    help = "Rebuild petitions' per-country counts from their verified signatures; report drift."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Petitions to recount (all when omitted).")

    def handle(self, *args, slugs, **options):
        petitions = Petition.objects.order_by("pk")
        if slugs:
            petitions = petitions.filter(slug__in=slugs)
            missing = set(slugs) - set(petitions.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No petition with slug: {', '.join(sorted(missing))}")
        for petition in petitions:
            drifts = recount_signatures(petition=petition)
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
