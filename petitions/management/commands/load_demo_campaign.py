from django.core.management.base import BaseCommand

from petitions.demo import load_demo_campaign


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo campaign, its declaration and its petition."

    def handle(self, *args, **options):
        campaign = load_demo_campaign()
        for petition in campaign.petitions.order_by("kind"):
            self.stdout.write(f"{petition.get_kind_display()}: /p/{petition.slug}/")
