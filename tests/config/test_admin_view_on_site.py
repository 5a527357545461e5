"""The admin's "view on site" shortcut leads only to objects the user may view in the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType

from campaign.models import Event
from petitions.models import Petition
from tests.factories import CountryCoordinatorFactory, EventFactory, PetitionFactory, UserFactory

pytestmark = pytest.mark.django_db


def view_on_site(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.fixture
def french_coordinator(client):
    coordinator = CountryCoordinatorFactory(countries=["FR"])
    client.force_login(coordinator.user)
    return coordinator


def test_a_coordinator_is_not_led_to_a_draft_petition(client, french_coordinator):
    draft = PetitionFactory(slug="secret-draft", state=Petition.State.DRAFT)
    response = client.get(view_on_site(draft))
    assert response.status_code == 404
    assert "secret-draft" not in response.get("Location", "")


def test_a_coordinator_is_led_to_his_or_her_countrys_events_only(client, french_coordinator):
    paris = EventFactory(country="FR", is_published=False)
    berlin = EventFactory(country="DE", city="Berlin", is_published=False)
    assert client.get(view_on_site(berlin)).status_code == 404
    response = client.get(view_on_site(paris))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/en/events/{paris.pk}/")


def test_the_change_pages_view_on_site_link_leads_to_the_public_page(client):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    draft = PetitionFactory(slug="staff-draft", state=Petition.State.DRAFT)
    event = EventFactory()
    for obj, change_page, public_page in (
        (draft, f"/admin/petitions/petition/{draft.pk}/change/", "/en/p/staff-draft/"),
        (event, f"/admin/campaign/event/{event.pk}/change/", f"/en/events/{event.pk}/"),
    ):
        link = view_on_site(obj)
        assert f'href="{link}"' in client.get(change_page).content.decode()
        response = client.get(link)
        assert response.status_code == 302
        assert response["Location"].endswith(obj.get_absolute_url())
        assert obj.get_absolute_url().endswith(public_page)


@pytest.mark.parametrize(
    "path",
    ["/admin/r/999999/1/", "/admin/r/abc/1/", "/admin/r/{event}/999999/", "/admin/r/{event}/x/"],
)
def test_an_unknown_content_type_or_object_is_a_404(client, path):
    client.force_login(UserFactory(is_superuser=True))
    event_type = ContentType.objects.get_for_model(Event).pk
    assert client.get(path.format(event=event_type)).status_code == 404


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client):
    event = EventFactory()
    response = client.get(view_on_site(event))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
