"""Media in the admin: a coordinator manages the media presented only at his or her events."""

import pytest

from campaign.models import MediaItem
from tests.factories import CountryCoordinatorFactory, EventFactory, MediaItemFactory, UserFactory

pytestmark = pytest.mark.django_db

MEDIA = "/admin/campaign/mediaitem/"
ADD_MEDIA = "/admin/campaign/mediaitem/add/"


def media_url(item):
    return f"/admin/campaign/mediaitem/{item.pk}/change/"


def event_url(event):
    return f"/admin/campaign/event/{event.pk}/change/"


def media_form(events, **fields):
    """The media item form as a browser posts it."""
    return {
        "title_en": "The vigil in photographs",
        "kind": "photo_album",
        "url": "https://example.org/vigil",
        "language": "en",
        "published_on": "2027-02-26",
        "events": [event.pk for event in events],
    } | fields


def event_form(event, links=()):
    """The event's change form as a browser posts it, with these (link id, media item) rows."""
    form = {
        "campaign": event.campaign.pk,
        "title_en": event.title,
        "kind": event.kind,
        "status": event.status,
        "is_published": "on",
        "country": event.country.code,
        "city_en": event.city,
        "venue_en": event.venue,
        "time_zone": event.time_zone,
        "starts_at_0": "2027-02-26",
        "starts_at_1": "18:00:00",
        "ends_at_0": "2027-02-26",
        "ends_at_1": "20:00:00",
        "MediaItem_events-TOTAL_FORMS": str(len(links)),
        "MediaItem_events-INITIAL_FORMS": str(sum(1 for link, _item in links if link)),
        "MediaItem_events-MIN_NUM_FORMS": "0",
        "MediaItem_events-MAX_NUM_FORMS": "1000",
    }
    for i, (link, item) in enumerate(links):
        form[f"MediaItem_events-{i}-id"] = link.pk if link else ""
        form[f"MediaItem_events-{i}-mediaitem"] = item.pk
        form[f"MediaItem_events-{i}-event"] = event.pk
    return form


@pytest.fixture
def french_coordinator(client):
    coordinator = CountryCoordinatorFactory(countries=["FR", "BE"])
    client.force_login(coordinator.user)
    return coordinator


@pytest.fixture
def events():
    return {
        "paris": EventFactory(title="Paris vigil", country="FR"),
        "brussels": EventFactory(title="Brussels concert", country="BE", city="Brussels"),
        "london": EventFactory(
            title="London vigil", country="GB", city="London", time_zone="Europe/London"
        ),
    }


def presented_at(*events, **fields):
    item = MediaItemFactory(**fields)
    item.events.set(events)
    return item


def titles_listed(client):
    response = client.get(MEDIA)
    assert response.status_code == 200
    return {item.title for item in response.context["cl"].result_list}


def test_coordinator_cannot_change_the_media_of_another_countrys_event(
    client, french_coordinator, events
):
    london = events["london"]
    photos = presented_at(london, title="The vigil in photographs")
    response = client.get(media_url(photos))
    assert response.status_code == 302  # "doesn't exist", back to the admin's index
    client.post(media_url(photos), media_form([london], url="https://hijacked.example/"))
    photos.refresh_from_db()
    assert photos.url != "https://hijacked.example/"
    assert "hijacked.example" not in client.get(f"/en/events/{london.pk}/").content.decode()


def test_coordinator_lists_only_the_media_presented_only_at_his_or_her_events(
    client, french_coordinator, events
):
    presented_at(events["paris"], title="Paris photos")
    presented_at(events["paris"], events["brussels"], title="Paris and Brussels film")
    presented_at(events["paris"], events["london"], title="Paris and London film")
    presented_at(events["london"], title="London photos")
    presented_at(title="Campaign-wide documentary")
    assert titles_listed(client) == {"Paris photos", "Paris and Brussels film"}


def test_coordinator_changes_the_media_of_his_or_her_events(client, french_coordinator, events):
    paris, brussels = events["paris"], events["brussels"]
    film = presented_at(paris, brussels)
    response = client.post(
        media_url(film), media_form([paris, brussels], url="https://new.example")
    )
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.url == "https://new.example"
    assert set(film.events.all()) == {paris, brussels}


def test_media_shared_with_another_countrys_event_or_campaign_wide_are_left_to_staff(
    client, french_coordinator, events
):
    paris, london = events["paris"], events["london"]
    shared = presented_at(paris, london, title="Shared film")
    campaign_wide = presented_at(title="Campaign-wide documentary")
    for item, presented in ((shared, [paris, london]), (campaign_wide, [])):
        assert client.get(media_url(item)).status_code == 302
        client.post(media_url(item), media_form(presented, url="https://hijacked.example/"))
        item.refresh_from_db()
        assert item.url != "https://hijacked.example/"

    client.force_login(UserFactory(groups=["Campaign staff"]))
    assert titles_listed(client) == {"Shared film", "Campaign-wide documentary"}
    response = client.post(media_url(shared), media_form([london], url="https://staff.example"))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.url, list(shared.events.all())) == ("https://staff.example", [london])


def test_coordinator_adds_media_to_his_or_her_events_only(client, french_coordinator, events):
    paris, london = events["paris"], events["london"]
    offered = client.get(ADD_MEDIA).context["adminform"].form.fields["events"].queryset
    assert set(offered) == {paris, events["brussels"]}
    search = {"app_label": "campaign", "model_name": "mediaitem", "field_name": "events"}
    found = client.get("/admin/autocomplete/", search | {"term": "vigil"}).json()["results"]
    assert [result["text"] for result in found] == ["Paris vigil"]

    response = client.post(ADD_MEDIA, media_form([paris, london]))
    assert response.status_code == 200
    assert "events" in response.context["adminform"].form.errors
    response = client.post(ADD_MEDIA, media_form([]))
    assert response.status_code == 200
    assert "events" in response.context["adminform"].form.errors
    assert not MediaItem.objects.exists()

    assert client.post(ADD_MEDIA, media_form([paris])).status_code == 302
    assert list(MediaItem.objects.get().events.all()) == [paris]


def test_coordinator_cannot_detach_his_or_her_media_from_every_event(
    client, french_coordinator, events
):
    paris = events["paris"]
    photos = presented_at(paris)
    response = client.post(media_url(photos), media_form([]))
    assert "events" in response.context["adminform"].form.errors
    assert list(photos.events.all()) == [paris]


def test_coordinator_cannot_link_to_his_or_her_event_media_he_or_she_may_not_change(
    client, french_coordinator, events
):
    paris = events["paris"]
    london_photos = presented_at(events["london"], title="London photos")
    campaign_wide = presented_at(title="Campaign-wide documentary")
    for item in (london_photos, campaign_wide):
        response = client.post(event_url(paris), event_form(paris, links=[(None, item)]))
        assert response.status_code == 200
        assert response.context["inline_admin_formsets"][0].formset.errors[0]["mediaitem"]
    assert not paris.media_items.exists()


def test_coordinator_changes_an_event_that_shows_media_shared_with_another_country(
    client, french_coordinator, events
):
    paris, london = events["paris"], events["london"]
    shared = presented_at(paris, london, title="Shared film")
    own = presented_at(events["brussels"], title="Brussels photos")
    link = MediaItem.events.through.objects.get(event=paris, mediaitem=shared)
    page = client.get(event_url(paris)).content.decode()
    assert "Shared film" in page and "Brussels photos" in page
    assert "London photos" not in page

    response = client.post(event_url(paris), event_form(paris, links=[(link, shared), (None, own)]))
    assert response.status_code == 302
    assert set(paris.media_items.all()) == {shared, own}
    assert set(london.media_items.all()) == {shared}


def test_a_link_typed_without_a_scheme_is_saved_as_https(client, french_coordinator, events):
    film = presented_at(events["paris"])
    response = client.post(media_url(film), media_form([events["paris"]], url="example.org/film"))
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.url == "https://example.org/film"
