"""A country coordinator at work in the admin, in a real browser (Debian's chromium)."""

import pytest

from tests.factories import CampaignFactory, CountryCoordinatorFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_coordinator_adds_an_event_in_local_time_and_sees_only_his_or_her_countries(
    live_server, desk, staff_groups
):
    CampaignFactory(name="Justice and Remembrance")
    coordinator = CountryCoordinatorFactory(user__username="camille", countries=["FR", "BE"])
    coordinator.user.set_password("a long demo passphrase")
    coordinator.user.save()
    EventFactory(title="Berlin exhibition", country="DE", city="Berlin")
    log_in(desk, live_server, "camille", "a long demo passphrase")

    desk.goto(f"{live_server.url}/admin/campaign/event/")
    assert "Berlin exhibition" not in desk.content()
    desk.click("text=Add event")
    desk.wait_for_url("**/admin/campaign/event/add/")
    offered = desk.locator("#id_country option").all_inner_texts()
    assert [o for o in offered if o != "---------"] == ["Belgium", "France"]
    desk.select_option("#id_campaign", label="Justice and Remembrance")
    desk.fill("#id_title_en", "Vigil in Lyon")
    desk.select_option("#id_kind", "commemoration")
    desk.check("#id_is_published")
    desk.select_option("#id_country", "FR")
    desk.fill("#id_city_en", "Lyon")
    desk.select_option("#id_time_zone", "Europe/Paris")
    desk.fill("#id_starts_at_0", "2030-02-26")
    desk.fill("#id_starts_at_1", "18:00:00")
    desk.fill("#id_ends_at_0", "2030-02-26")
    desk.fill("#id_ends_at_1", "20:00:00")
    desk.click("input[name=_save]")
    desk.wait_for_url(f"{live_server.url}/admin/campaign/event/")
    assert "2030-02-26 18:00 CET" in desk.content()

    desk.goto(f"{live_server.url}/events/FR/")
    desk.click("text=Vigil in Lyon")
    assert "Tuesday, 26 February 2030, 18:00" in desk.locator("main").inner_text()
