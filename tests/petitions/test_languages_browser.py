"""Supporters sign in their language on a phone, and in a partner's page, in chromium."""

import http.server
import threading

import pytest

from tests.factories import PetitionFactory
from tests.petitions.helpers import count_shown, emails_sent, only_verification_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def petition():
    return PetitionFactory(
        slug="khojaly",
        title_en="Recognize the Khojaly massacre as a crime against humanity",
        title_ar="اعترفوا بمجزرة خوجالي جريمةً ضد الإنسانية",
        title_az="Xocalı qətliamını insanlığa qarşı cinayət kimi tanıyın",
        text_en="We ask you to act.",
        goal=1000,
    )


def phone(browser, language, *, javascript=True):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale=language,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    return context.new_page()


def sign(page, *, name, email, country):
    page.select_option("select[name=country]", country)
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.click("form.sign button[type=submit]")


def test_a_supporter_signs_in_arabic_on_a_phone_and_is_counted(
    live_server, browser, petition, counts_shown_at_once
):
    page = phone(browser, "ar-EG")
    # The link shared without a language opens in the phone's.
    page.goto(f"{live_server.url}/p/khojaly/")
    assert page.url == f"{live_server.url}/ar/p/khojaly/"
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Right to left: the form's labels start at the right edge of the screen.
    label = page.locator("label[for=id_name]").bounding_box()
    field = page.locator("#id_name").bounding_box()
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    assert page.locator("h1").inner_text() == "اعترفوا بمجزرة خوجالي جريمةً ضد الإنسانية"
    sign(page, name="ليلى علييفا", email="leyla@example.org", country="EG")
    page.wait_for_url("**/ar/p/khojaly/signed/#top")

    (message,) = emails_sent()
    assert "اعترفوا بمجزرة خوجالي جريمةً ضد الإنسانية" in message.subject
    link = only_verification_link("leyla@example.org")
    assert link.startswith("/ar/verify/")
    page.goto(live_server.url + link)
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click("form.confirm button[type=submit]")
    assert page.locator(".share-links a").count() == 5  # invited to share
    assert count_shown(page, f"{live_server.url}/ar/p/khojaly/") == "1"


def test_a_supporter_signs_in_azerbaijani_without_javascript(
    live_server, browser, petition, counts_shown_at_once
):
    page = phone(browser, "az-AZ", javascript=False)
    page.goto(f"{live_server.url}/p/khojaly/")
    assert page.url == f"{live_server.url}/az/p/khojaly/"
    # The countries are named and sorted in Azerbaijani.
    assert page.locator("select[name=country] option[value=DE]").inner_text() == "Almaniya"
    sign(page, name="Leyla Əliyeva", email="leyla@example.org", country="AZ")
    page.wait_for_url("**/az/p/khojaly/signed/#top")
    (message,) = emails_sent()
    assert "Xocalı qətliamını insanlığa qarşı cinayət kimi tanıyın" in message.subject
    page.goto(live_server.url + only_verification_link("leyla@example.org"))
    assert page.locator("html").get_attribute("lang") == "az"
    page.click("form.confirm button[type=submit]")
    assert count_shown(page, f"{live_server.url}/az/p/khojaly/") == "1"


class PartnerSite:
    """A partner's page on another origin (127.0.0.1, not the live server's localhost) that
    frames the embed."""

    def __init__(self, embed_url):
        body = (
            "<!DOCTYPE html><html lang=en><title>Partner</title><h1>Our partner page</h1>"
            f'<iframe src="{embed_url}" title="Petition" width="400" height="900"></iframe>'
        ).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_the_embed_on_another_origin_signs_and_confirms(
    live_server, browser, petition, counts_shown_at_once
):
    assert "localhost" in live_server.url  # so the partner on 127.0.0.1 is another site
    partner = PartnerSite(f"{live_server.url}/az/embed/khojaly/")
    try:
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        page.goto(partner.url)
        frame = page.frame_locator("iframe")
        frame.locator("select[name=country]").select_option("FR")
        frame.locator("input[name=name]").fill("Camille Martin")
        frame.locator("input[name=email]").fill("camille@example.org")
        frame.locator("form.sign button[type=submit]").click()
        # The form's page has an h1 too: wait for the frame to reach the signed page.
        page.frames[1].wait_for_url(f"{live_server.url}/az/embed/khojaly/signed/#top")
        assert frame.locator(".notice").count() == 1

        link = only_verification_link("camille@example.org")
        assert link.startswith("/az/verify/")
        confirmation = context.new_page()
        confirmation.goto(live_server.url + link)
        confirmation.click("form.confirm button[type=submit]")
        assert confirmation.locator(".share").count() == 1

        page.goto(partner.url)
        assert frame.locator("[data-live-count]").inner_text() == "1"
        context.close()
    finally:
        partner.close()
