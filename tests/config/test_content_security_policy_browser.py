"""Pages at work in chromium under the Content-Security-Policy: nothing is refused.

Chromium reports each refusal on the console ("Refused to load…", "Refused to execute inline
script…", "Refused to apply inline style…").
"""

import pytest

from tests.factories import (
    AddresseeFactory,
    EventFactory,
    MilestoneFactory,
    PetitionFactory,
    UserFactory,
    verified_signature,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def refusals(browser):
    """A page in chromium, and the list of the policy's refusals it reports."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused to" in message.text else None,
    )
    yield page, refused
    context.close()


def test_petition_and_statistics_pages_show_their_progress_and_legend_without_refusals(
    live_server, refusals
):
    page, refused = refusals
    petition = PetitionFactory(slug="truth", goal=10)
    for country in ["AZ", "AZ", "TR"]:
        verified_signature(petition=petition, country=country)
    page.goto(f"{live_server.url}/p/truth/stats/")
    bar = page.locator("progress[data-live-progress]")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("3", "10")
    assert bar.bounding_box()["width"] > 0
    swatch = page.locator(".legend .swatch").nth(1).bounding_box()
    assert 10 <= swatch["width"] <= 20 and 10 <= swatch["height"] <= 20
    page.goto(f"{live_server.url}/p/truth/")
    page.wait_for_load_state("networkidle")
    assert refused == []


def test_api_docs_render_the_operations_without_refusals(live_server, refusals):
    page, refused = refusals
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=/api/v1/verifications/{token}/", timeout=20_000)
    assert refused == []


def test_admin_change_forms_with_date_widgets_and_inlines_work_without_refusals(
    live_server, refusals
):
    page, refused = refusals
    superuser = UserFactory(username="root", is_superuser=True)
    superuser.set_password("a long demo passphrase")
    superuser.save()
    petition = PetitionFactory()
    MilestoneFactory(petition=petition)
    AddresseeFactory(petition=petition)
    event = EventFactory()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a long demo passphrase")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/petitions/petition/{petition.pk}/change/")
    page.click("text=Today")  # the date widget's shortcut, drawn by the admin's scripts
    page.locator(".add-row a").first.click()  # an inline's "Add another"
    page.goto(f"{live_server.url}/admin/campaign/event/{event.pk}/change/")
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()  # the calendar
    assert page.locator(".calendarbox").first.is_visible()
    page.goto(f"{live_server.url}/admin/petitions/signature/")
    page.goto(f"{live_server.url}/admin/otp_totp/totpdevice/add/")
    page.fill("#id_user", str(superuser.pk))  # superusers choose whose device it is
    page.fill("#id_name", "phone")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.click("text=qrcode")  # the device's QR code, to scan with an authenticator app
    page.wait_for_load_state("networkidle")
    assert page.locator("img.qrcode-image").evaluate("image => image.naturalWidth") > 0
    assert refused == []
