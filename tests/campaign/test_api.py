"""The events API: published events only, filters, pagination, clear 400s."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.pagination import PageNumberPagination

from tests.factories import EventFactory, MediaItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events/"


def titles(response):
    assert response.status_code == 200, response.content
    return [event["title"] for event in response.json()["results"]]


def on(day, hour=12):
    return datetime.datetime.fromisoformat(f"{day}T{hour:02}:00:00+00:00")


@pytest.fixture
def events():
    return [
        EventFactory(title="Paris vigil", country="FR", starts_at=on("2030-02-20")),
        EventFactory(
            title="Mexico concert",
            country="MX",
            city="Mexico City",
            time_zone="America/Mexico_City",
            kind="concert",
            starts_at=on("2030-02-26"),
        ),
        EventFactory(
            title="Paris concert", country="FR", kind="concert", starts_at=on("2030-03-05")
        ),
        EventFactory(
            title="Unpublished", country="FR", is_published=False, starts_at=on("2030-02-26")
        ),
    ]


def test_lists_published_events_earliest_first(client, events):
    assert titles(client.get(URL)) == ["Paris vigil", "Mexico concert", "Paris concert"]


def test_filters_by_country_and_kind(client, events):
    assert titles(client.get(URL, {"country": "FR"})) == ["Paris vigil", "Paris concert"]
    assert titles(client.get(URL, {"kind": "concert"})) == ["Mexico concert", "Paris concert"]
    assert titles(client.get(URL, {"country": "FR", "kind": "concert"})) == ["Paris concert"]


def test_filters_by_dates_including_both_days(client, events):
    assert titles(client.get(URL, {"from": "2030-02-26"})) == ["Mexico concert", "Paris concert"]
    assert titles(client.get(URL, {"to": "2030-02-26"})) == ["Paris vigil", "Mexico concert"]
    assert titles(client.get(URL, {"from": "2030-02-21", "to": "2030-03-04"})) == ["Mexico concert"]


def test_the_first_and_last_days_of_the_calendar_are_valid_bounds(client, events):
    everything = ["Paris vigil", "Mexico concert", "Paris concert"]
    assert titles(client.get(URL, {"from": "0001-01-01", "to": "9999-12-31"})) == everything


def test_an_event_under_way_is_within_dates_it_overlaps(client):
    EventFactory(title="Week-long exhibition", starts_at=on("2030-04-01"), ends_at=on("2030-04-08"))
    assert titles(client.get(URL, {"from": "2030-04-05", "to": "2030-04-06"})) == [
        "Week-long exhibition"
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"kind": "picnic"}, "kind"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2030-13-01"}, "to"),
        ({"from": "2030-03-01", "to": "2030-02-01"}, "to"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_is_paginated(client, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for n in range(3):
        EventFactory(title=f"Event {n}", starts_at=timezone.now() + datetime.timedelta(days=n + 1))
    first = client.get(URL).json()
    assert (first["count"], len(first["results"])) == (3, 2)
    assert titles(client.get(first["next"])) == ["Event 2"]


def test_detail_has_description_and_media(client):
    event = EventFactory(
        title="Ankara conference",
        country="TR",
        time_zone="Europe/Istanbul",
        description="Speakers from ten countries.",
    )
    event.media_items.add(MediaItemFactory(title="Opening speech", kind="video"))
    body = client.get(f"{URL}{event.pk}/").json()
    assert body["country"] == {"code": "TR", "name": "Türkiye"}
    assert body["description"] == "Speakers from ten countries."
    assert body["media_items"][0]["title"] == "Opening speech"
    assert body["url"] == f"http://testserver/en/events/{event.pk}/"
    assert body["time_zone"] == "Europe/Istanbul"


def test_events_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/events/" in schema["paths"]
    assert "/api/v1/events/{id}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"country", "kind", "from", "to", "page"} <= parameters
