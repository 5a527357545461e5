"""The public event pages, the countries list and the recognitions timeline."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone

from petitions.models import Petition
from tests.factories import EventFactory, MediaItemFactory, PetitionFactory, RecognitionFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def listed(response, section):
    return [event.title for event in response.context[section]]


def test_events_page_lists_upcoming_soonest_first_and_past_latest_first(client):
    EventFactory(title="Next month", starts_at=days(30))
    EventFactory(title="Next week", starts_at=days(7))
    EventFactory(title="Last year", starts_at=days(-365))
    EventFactory(title="Last week", starts_at=days(-7))
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert listed(response, "upcoming") == ["Next week", "Next month"]
    assert listed(response, "past") == ["Last week", "Last year"]


def test_unpublished_events_are_nowhere_public(client):
    hidden = EventFactory(title="Secret rehearsal", is_published=False, country="FR")
    EventFactory(title="Open vigil", country="FR")
    for url in (
        "/en/events/",
        "/en/events/FR/",
        "/en/events/countries/",
        "/en/events.ics",
        "/en/events/FR.ics",
    ):
        assert "Secret rehearsal" not in client.get(url).content.decode()
    assert client.get(f"/en/events/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/events/{hidden.pk}/").status_code == 404


def test_events_are_filtered_by_country_and_kind(client):
    EventFactory(title="Paris concert", country="FR", kind="concert")
    EventFactory(title="Paris vigil", country="FR", kind="commemoration")
    EventFactory(title="Berlin concert", country="DE", city="Berlin", kind="concert")
    response = client.get("/en/events/", {"country": "FR", "kind": "concert"})
    assert listed(response, "upcoming") == ["Paris concert"]
    assert listed(client.get("/en/events/", {"kind": "concert"}), "upcoming") == [
        "Paris concert",
        "Berlin concert",
    ]


def test_a_bad_filter_is_a_400_with_a_message(client):
    response = client.get("/en/events/", {"country": "ZZ", "kind": "picnic"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"country", "kind"}
    assert "Select a valid choice" in response.content.decode()


def test_country_page_shows_that_countrys_events_in_either_case(client):
    EventFactory(title="Jakarta exhibition", country="ID", city="Jakarta", time_zone="Asia/Jakarta")
    EventFactory(title="Paris vigil", country="FR")
    for url in ("/en/events/ID/", "/en/events/id/"):
        response = client.get(url)
        assert listed(response, "upcoming") == ["Jakarta exhibition"]
        assert "Events in Indonesia" in response.content.decode()
    assert client.get("/en/events/XX/").status_code == 404


def test_event_page_shows_local_time_place_and_media(client):
    event = EventFactory(
        title="Ottawa round table",
        country="CA",
        city="Ottawa",
        venue="City Hall",
        time_zone="America/Toronto",
        starts_at=datetime.datetime(2030, 2, 26, 23, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 2, 27, 1, 0, tzinfo=datetime.UTC),
    )
    event.media_items.add(MediaItemFactory(title="The round table, recorded"))
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Tuesday, 26 February 2030, 18:00" in page  # 23:00 UTC is 18:00 in Ottawa
    assert "20:00" in page and "EST" in page
    assert "City Hall, Ottawa, Canada" in page
    assert "The round table, recorded" in page


def test_countries_list_counts_published_events(client):
    EventFactory(country="FR")
    EventFactory(country="FR", starts_at=days(-30))
    EventFactory(country="MX", city="Mexico City", time_zone="America/Mexico_City")
    EventFactory(country="DE", is_published=False)
    counts = client.get("/en/events/countries/").context["countries"]
    assert [(c.code, c.event_count, c.upcoming_count) for c in counts] == [
        ("FR", 2, 1),
        ("MX", 1, 1),
    ]


def test_a_cancelled_event_is_not_counted_as_upcoming(client):
    EventFactory(country="FR", title="Paris vigil")
    EventFactory(country="FR", title="Lyon concert", city="Lyon", status="cancelled")
    EventFactory(country="RU", city="Moscow", time_zone="Europe/Moscow", status="cancelled")
    counts = client.get("/en/events/countries/").context["countries"]
    assert [(c.code, c.event_count, c.upcoming_count) for c in counts] == [
        ("FR", 2, 1),
        ("RU", 1, 0),
    ]
    # The country page still lists it, as cancelled, for those who meant to go.
    page = client.get("/en/events/FR/").content.decode()
    assert "Lyon concert" in page and "Cancelled" in page


def test_recognitions_timeline_is_latest_first_and_hides_drafts(client):
    RecognitionFactory(
        body="Parliament of Pakistan", country="PK", adopted_on=datetime.date(2012, 6, 1)
    )
    RecognitionFactory(
        body="Organisation of Islamic Cooperation",
        kind="international_organization",
        country="",
        adopted_on=datetime.date(2010, 5, 18),
    )
    RecognitionFactory(body="Draft body", is_published=False)
    response = client.get("/en/recognitions/")
    page = response.content.decode()
    assert [r.body for r in response.context["recognitions"]] == [
        "Parliament of Pakistan",
        "Organisation of Islamic Cooperation",
    ]
    assert "Draft body" not in page


def test_every_page_links_to_events_and_recognitions(client):
    page = client.get("/en/").content.decode()
    assert 'href="/en/events/"' in page and 'href="/en/recognitions/"' in page


def test_the_menu_marks_the_page_the_reader_is_on_and_no_other(client):
    # The menu is rendered once per kind of page: each still marks its own link.
    def marked(url):
        page = client.get(url).content.decode()
        return re.findall(r'<a href="([^"]+)" aria-current="page">', page)

    for _ in range(2):
        assert marked("/en/events/") == ["/en/events/"]
        assert marked("/en/recognitions/") == ["/en/recognitions/"]
        assert marked("/fr/recognitions/") == ["/fr/recognitions/"]
        assert marked("/en/") == []


def test_event_page_offers_to_sign_and_to_add_the_event_to_a_calendar(client):
    petition = PetitionFactory(slug="leaders", title="Recognize Khojaly")
    PetitionFactory(slug="closed", title="Closed one", state=Petition.State.CLOSED)
    event = EventFactory(title="Vigil in Ottawa", city="Ottawa", country="CA")
    EventFactory(title="Another event")
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert f'href="{petition.get_absolute_url()}#sign"' in page
    assert "Sign the petition" in page and "Closed one" not in page
    assert f'href="/en/events/{event.pk}.ics"' in page

    response = client.get(f"/en/events/{event.pk}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Vigil in Ottawa"
    assert str(entry["url"]).endswith(f"/en/events/{event.pk}/")


def test_an_unpublished_events_calendar_file_is_not_found(client):
    hidden = EventFactory(is_published=False)
    assert client.get(f"/en/events/{hidden.pk}.ics").status_code == 404
