"""The demo campaign's events, media, recognitions and staff accounts."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaign.models import CountryCoordinator, Event, MediaItem, Recognition
from campaign.selectors import events_editable_by, public_events

pytestmark = pytest.mark.django_db


def test_demo_has_published_events_in_a_dozen_countries_past_and_upcoming():
    call_command("load_demo_campaign")
    events = public_events()
    countries = set(events.values_list("country", flat=True))
    assert len(countries) >= 12
    assert {"FR", "MX", "ID", "TR", "CA", "RU"} <= countries
    now = timezone.now()
    assert events.filter(ends_at__lt=now, status=Event.Status.HELD).exists()
    assert events.filter(starts_at__gt=now, status=Event.Status.PLANNED).exists()
    assert MediaItem.objects.filter(events__isnull=False).exists()
    assert Recognition.objects.filter(is_published=True).count() >= 3


def test_demo_coordinators_manage_only_their_countries():
    call_command("load_demo_campaign")
    coordinator = CountryCoordinator.objects.get(user__username="demo-coordinator-fr")
    assert coordinator.user.is_staff and not coordinator.user.has_usable_password()
    assert set(events_editable_by(coordinator.user).values_list("country", flat=True)) == {
        "FR",
        "BE",
    }


def test_loading_the_demo_twice_adds_no_event_media_or_recognition():
    call_command("load_demo_campaign")
    before = (Event.objects.count(), MediaItem.objects.count(), Recognition.objects.count())
    call_command("load_demo_campaign")
    after = (Event.objects.count(), MediaItem.objects.count(), Recognition.objects.count())
    assert before == after
