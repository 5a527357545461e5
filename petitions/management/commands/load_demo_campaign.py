from django.core.management.base import BaseCommand

from campaign.demo import load_demo_events
from petitions.demo import load_demo_campaign


class Command(BaseCommand):
    help = (
        "Create (or bring up to date) the demo campaign, its declaration and its petition, "
        "its events in a dozen countries, media, recognitions and demo staff accounts."
    )

    def handle(self, *args, **options):
        campaign = load_demo_campaign()
        for petition in campaign.petitions.order_by("kind"):
            self.stdout.write(f"{petition.get_kind_display()}: /p/{petition.slug}/")
        events = load_demo_events(campaign=campaign)
        countries = {event.country.code for event in events.values()}
        self.stdout.write(f"Events: /events/ ({len(events)} in {len(countries)} countries)")
