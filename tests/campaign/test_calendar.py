"""The iCalendar feeds, read back with a real iCalendar parser."""

import datetime
import zoneinfo

import icalendar
import pytest

from campaign.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def parsed_events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}


def test_feed_has_each_published_event_in_its_local_time(client):
    event = EventFactory(
        title="Jakarta exhibition",
        country="ID",
        city="Jakarta",
        venue="National Gallery",
        time_zone="Asia/Jakarta",
        starts_at=datetime.datetime(2030, 2, 26, 3, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 2, 26, 9, 0, tzinfo=datetime.UTC),
        description="Photographs and testimonies.",
    )
    EventFactory(title="Not yet public", is_published=False)
    entries = parsed_events(client.get("/en/events.ics"))
    assert set(entries) == {"Jakarta exhibition"}
    entry = entries["Jakarta exhibition"]
    start = entry.decoded("dtstart")
    assert start == datetime.datetime(2030, 2, 26, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert start.tzinfo.key == "Asia/Jakarta"
    assert entry.decoded("dtend") == event.ends_at
    assert str(entry["location"]) == "National Gallery, Jakarta, Indonesia"
    assert str(entry["url"]) == f"http://testserver/en/events/{event.pk}/"
    assert "Photographs and testimonies." in str(entry["description"])
    assert str(entry["uid"]) == f"event-{event.pk}@127.0.0.1"


def test_feed_carries_the_time_zones_it_uses(client):
    EventFactory(time_zone="Europe/Paris")
    calendar = icalendar.Calendar.from_ical(client.get("/en/events.ics").content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(client):
    EventFactory(title="Rained off", status=Event.Status.CANCELLED)
    assert str(parsed_events(client.get("/en/events.ics"))["Rained off"]["status"]) == "CANCELLED"


def test_country_feed_has_only_that_countrys_events(client):
    EventFactory(
        title="Ankara conference", country="TR", city="Ankara", time_zone="Europe/Istanbul"
    )
    EventFactory(title="Paris vigil", country="FR")
    assert set(parsed_events(client.get("/en/events/TR.ics"))) == {"Ankara conference"}
    assert set(parsed_events(client.get("/en/events/tr.ics"))) == {"Ankara conference"}
    assert client.get("/en/events/QQ.ics").status_code == 404


def test_an_event_keeps_its_uid_when_it_changes(client):
    event = EventFactory(title="Vigil")
    before = parsed_events(client.get("/en/events.ics"))["Vigil"]["uid"]
    event.title = "Candlelight vigil"
    event.save()
    assert parsed_events(client.get("/en/events.ics"))["Candlelight vigil"]["uid"] == before
