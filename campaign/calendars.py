"""Events as iCalendar files, for calendar apps to subscribe to."""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings

from .models import Event

ICAL_STATUS = {
    Event.Status.PLANNED: "CONFIRMED",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}


def events_calendar(*, events, name, url_for):
    """Return an iCalendar file of events in their local time; url_for(event) gives its page."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Campaign petitions//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # The UID stays the same for an event across downloads, so calendar apps update it in place.
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.starts_at.astimezone(event.zone))
        entry.add("dtend", event.ends_at.astimezone(event.zone))
        entry.add("summary", event.title)
        entry.add("location", event.location)
        entry.add("status", ICAL_STATUS[event.status])
        entry.add("categories", [event.get_kind_display()])
        url = url_for(event)
        entry.add("url", url)
        entry.add("description", "\n\n".join(filter(None, [event.description, url])))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
