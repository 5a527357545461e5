"""Events in the admin: coordinators manage their own countries' events, staff manage all."""

import datetime

import pytest
from django.utils import timezone

from campaign.models import CountryCoordinator, Event
from tests.factories import (
    CampaignFactory,
    CountryCoordinatorFactory,
    EventFactory,
    MediaItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/campaign/event/"
ADD = "/admin/campaign/event/add/"


def change_url(event):
    return f"/admin/campaign/event/{event.pk}/change/"


def event_form(campaign, **fields):
    """The add/change form as a browser posts it, with the media inline left empty."""
    return {
        "campaign": campaign.pk,
        # The texts are entered per language: English is required, the others optional.
        "title_en": "Vigil of remembrance",
        "kind": "commemoration",
        "status": "planned",
        "is_published": "on",
        "country": "FR",
        "city_en": "Lyon",
        "venue_en": "Place Bellecour",
        "time_zone": "Europe/Paris",
        "starts_at_0": "2027-02-26",
        "starts_at_1": "18:00:00",
        "ends_at_0": "2027-02-26",
        "ends_at_1": "20:00:00",
        "description_en": "",
        "info_url": "",
        "organizer": "",
        "attendance": "",
        "MediaItem_events-TOTAL_FORMS": "0",
        "MediaItem_events-INITIAL_FORMS": "0",
        "MediaItem_events-MIN_NUM_FORMS": "0",
        "MediaItem_events-MAX_NUM_FORMS": "1000",
    } | fields


@pytest.fixture
def french_coordinator(client):
    coordinator = CountryCoordinatorFactory(user__username="camille", countries=["FR", "BE"])
    client.force_login(coordinator.user)
    return coordinator


@pytest.fixture
def events():
    return {
        "paris": EventFactory(title="Paris vigil", country="FR"),
        "brussels": EventFactory(title="Brussels concert", country="BE", city="Brussels"),
        "berlin": EventFactory(title="Berlin exhibition", country="DE", city="Berlin"),
        "ankara": EventFactory(title="Ankara conference", country="TR", city="Ankara"),
    }


def titles_listed(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {event.title for event in response.context["cl"].result_list}


def test_coordinator_lists_only_the_events_of_his_or_her_countries(
    client, french_coordinator, events
):
    assert titles_listed(client) == {"Paris vigil", "Brussels concert"}
    assert "Berlin exhibition" not in client.get(CHANGELIST).content.decode()


def test_coordinator_country_filter_offers_only_his_or_her_countries(
    client, french_coordinator, events
):
    page = client.get(CHANGELIST).content.decode()
    assert "?country=FR" in page and "?country=BE" in page
    assert "?country=DE" not in page
    assert titles_listed(client, country="DE") == set()


@pytest.mark.parametrize(
    ("changelist", "params"),
    [
        (CHANGELIST, {"country": "F\x00"}),
        (CHANGELIST, {"kind__exact": "\x00"}),
        ("/admin/campaign/mediaitem/", {"language__exact": "\x00"}),
        ("/admin/campaign/recognition/", {"country__exact": "\x00"}),
        ("/admin/campaign/countrycoordinator/", {"countries": "\x00"}),
        ("/admin/petitions/signature/", {"country__exact": "\x00"}),
    ],
)
def test_a_nul_byte_in_a_list_filter_is_a_400_not_a_500(client, changelist, params):
    # PostgreSQL cannot compare a string with a NUL byte: the query would fail as a 500.
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(changelist, params).status_code == 400


@pytest.mark.parametrize(
    ("changelist", "year"),
    [(CHANGELIST, "starts_at__year"), ("/admin/petitions/signature/", "created_at__year")],
)
def test_a_year_out_of_range_in_the_date_hierarchy_is_refused_not_a_500(client, changelist, year):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(changelist, {year: "99999999999"}, follow=True)
    # Django's answer to a bad filter: back to the unfiltered list, flagged ?e=1.
    assert response.redirect_chain == [(f"{changelist}?e=1", 302)]
    assert response.status_code == 200


def test_coordinator_is_offered_only_his_or_her_countries_when_adding(client, french_coordinator):
    form = client.get(ADD).context["adminform"].form
    assert [code for code, _name in form.fields["country"].choices if code] == ["BE", "FR"]


def test_coordinator_adds_an_event_in_his_or_her_country(client, french_coordinator):
    campaign = CampaignFactory()
    response = client.post(ADD, event_form(campaign))
    assert response.status_code == 302
    assert Event.objects.get().city == "Lyon"


def test_a_crafted_request_for_a_foreign_country_is_refused(client, french_coordinator):
    campaign = CampaignFactory()
    response = client.post(ADD, event_form(campaign, country="DE", city_en="Berlin"))
    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_coordinator_cannot_move_an_event_to_a_foreign_country(client, french_coordinator, events):
    paris = events["paris"]
    response = client.post(change_url(paris), event_form(paris.campaign, country="DE"))
    assert response.status_code == 200
    paris.refresh_from_db()
    assert paris.country == "FR"


def test_coordinator_cannot_open_or_change_a_foreign_event_by_its_url(
    client, french_coordinator, events
):
    berlin = events["berlin"]
    response = client.get(change_url(berlin))
    assert response.status_code == 302  # "doesn't exist", back to the admin's index
    assert "Berlin exhibition" not in client.get(response.url).content.decode()
    client.post(change_url(berlin), event_form(berlin.campaign, country="DE", title_en="Hijacked"))
    berlin.refresh_from_db()
    assert berlin.title == "Berlin exhibition"
    assert client.get(f"/admin/campaign/event/{berlin.pk}/history/").status_code == 302


def test_coordinator_cannot_delete_events_nor_change_coordinators(
    client, french_coordinator, events
):
    assert (
        client.post(
            f"/admin/campaign/event/{events['paris'].pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Event.objects.filter(pk=events["paris"].pk).exists()
    coordinators = f"/admin/campaign/countrycoordinator/{french_coordinator.pk}/change/"
    assert client.get(coordinators).status_code == 403
    response = client.post(coordinators, {"user": french_coordinator.user.pk, "countries": ["DE"]})
    assert response.status_code == 403
    assert [c.code for c in CountryCoordinator.objects.get().countries] == ["BE", "FR"]


def test_bulk_actions_touch_only_the_coordinators_own_events(client, french_coordinator, events):
    Event.objects.update(is_published=False)
    every_event = [e.pk for e in events.values()]
    client.post(CHANGELIST, {"action": "publish", "_selected_action": every_event, "index": "0"})
    published = set(Event.objects.filter(is_published=True).values_list("title", flat=True))
    assert published == {"Paris vigil", "Brussels concert"}


def test_a_coordinator_without_countries_sees_no_event(client, events):
    user = UserFactory(groups=["Country coordinators"])
    client.force_login(user)
    assert titles_listed(client) == set()


def test_staff_see_and_change_every_country(client, events):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    assert titles_listed(client) == {e.title for e in events.values()}
    berlin = events["berlin"]
    response = client.post(
        change_url(berlin), event_form(berlin.campaign, country="DE", city_en="Berlin")
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=berlin.pk).city == "Berlin"


def test_superuser_sees_every_country(client, events):
    client.force_login(UserFactory(is_superuser=True))
    assert titles_listed(client) == {e.title for e in events.values()}
    form = client.get(ADD).context["adminform"].form
    assert len(form.fields["country"].choices) > 200


def test_start_and_end_are_entered_and_shown_in_the_events_time_zone(client, french_coordinator):
    campaign = CampaignFactory()
    client.post(ADD, event_form(campaign, time_zone="Europe/Paris"))
    event = Event.objects.get()
    # 18:00 in Paris in February is 17:00 UTC.
    assert event.starts_at == datetime.datetime(2027, 2, 26, 17, 0, tzinfo=datetime.UTC)
    form = client.get(change_url(event)).context["adminform"].form
    assert form["starts_at"].value() == datetime.datetime(2027, 2, 26, 18, 0)
    assert "2027-02-26 18:00 CET" in client.get(CHANGELIST).content.decode()


def test_an_event_cannot_end_before_it_starts(client, french_coordinator):
    response = client.post(ADD, event_form(CampaignFactory(), ends_at_1="17:00:00"))
    assert "ends_at" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_an_unknown_time_zone_is_a_form_error(client, french_coordinator):
    response = client.post(ADD, event_form(CampaignFactory(), time_zone="Europe/Atlantis"))
    assert "time_zone" in response.context["adminform"].form.errors


def test_mark_held_leaves_events_that_have_not_started(client, french_coordinator):
    past = EventFactory(country="FR", starts_at=timezone.now() - datetime.timedelta(days=2))
    future = EventFactory(country="FR")
    client.post(
        CHANGELIST, {"action": "mark_held", "_selected_action": [past.pk, future.pk], "index": "0"}
    )
    past.refresh_from_db()
    future.refresh_from_db()
    assert (past.status, future.status) == ("held", "planned")


def test_cancel_leaves_held_events_held(client, french_coordinator):
    held = EventFactory(country="FR", status="held")
    planned = EventFactory(country="FR")
    client.post(
        CHANGELIST, {"action": "cancel", "_selected_action": [held.pk, planned.pk], "index": "0"}
    )
    assert set(Event.objects.values_list("status", flat=True)) == {"held", "cancelled"}


def test_coordinator_links_a_media_item_to_his_or_her_event(client, french_coordinator, events):
    paris = events["paris"]
    film = MediaItemFactory(title="Remembrance, the film")
    film.events.add(events["brussels"])
    form = event_form(paris.campaign, title_en=paris.title) | {
        "MediaItem_events-TOTAL_FORMS": "1",
        "MediaItem_events-0-mediaitem": film.pk,
        "MediaItem_events-0-event": paris.pk,
    }
    assert client.post(change_url(paris), form).status_code == 302
    assert list(paris.media_items.all()) == [film]
    assert set(film.events.all()) == {paris, events["brussels"]}


def test_staff_appoint_a_coordinator_who_then_sees_his_or_her_countries(client, events):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    newcomer = UserFactory(username="aigerim", is_staff=False)
    response = client.post(
        "/admin/campaign/countrycoordinator/add/", {"user": newcomer.pk, "countries": ["TR"]}
    )
    assert response.status_code == 302

    listed = client.get("/admin/campaign/countrycoordinator/", {"countries__contains": "TR"})
    assert [c.user for c in listed.context["cl"].result_list] == [newcomer]

    client.force_login(newcomer)
    assert titles_listed(client) == {"Ankara conference"}


def test_staff_change_a_coordinators_countries(client, french_coordinator, events):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    url = f"/admin/campaign/countrycoordinator/{french_coordinator.pk}/change/"
    assert client.post(url, {"countries": ["DE"]}).status_code == 302

    client.force_login(french_coordinator.user)
    assert titles_listed(client) == {"Berlin exhibition"}
