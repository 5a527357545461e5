"""axe-core finds nothing on the pages supporters use, in English and in Arabic.

axe-core (tests/vendor/axe-core-4.14.1/, from npm, MPL-2.0) runs inside Debian's chromium on each
page, with every rule of every impact (minor included).
"""

import datetime
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from petitions.tokens import verification_tokens
from tests.factories import (
    EventFactory,
    MediaItemFactory,
    PetitionFactory,
    RecognitionFactory,
    SignatureFactory,
    verified_signature,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


@pytest.fixture
def campaign_pages():
    """The pages to check, by name: a petition with signatures, an event with media, etc."""
    petition = PetitionFactory(
        slug="truth",
        title_en="Recognize the truth",
        title_ar="اعترفوا بالحقيقة",
        text_en="We ask the leaders of the world to act.\n\nNow.",
        goal=100,
    )
    petition.addressees.create(name="The Secretary-General", office="United Nations")
    for country in ("AZ", "TR", "DE"):
        verified_signature(petition=petition, country=country, consent_to_show_name=True)
    event = EventFactory(
        title="Vigil in Paris",
        description="A minute's silence.",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        ends_at=timezone.now() + datetime.timedelta(days=5, hours=2),
    )
    video = MediaItemFactory(
        title="The music video", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    video.events.add(event)
    MediaItemFactory(title="An article", kind="article", caption_en="What the press wrote.")
    RecognitionFactory(summary="Calls for recognition.")
    unconfirmed = SignatureFactory(petition=petition, email="leyla@example.org")
    return {
        "home": "/",
        "petition": "/p/truth/",
        "petition with errors": None,  # the petition, sent empty
        "confirm": f"/verify/{verification_tokens.make_token(unconfirmed.pk)}/",
        "signed": "/p/truth/signed/",
        "stats": "/p/truth/stats/",
        "events": "/events/",
        "event": f"/events/{event.pk}/",
        "recognitions": "/recognitions/",
        "media": "/media/",
        "embed": "/embed/truth/",
    }


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "where": [node["target"] for node in v["nodes"]][:3],
            "what": v["nodes"][0]["failureSummary"],
        }
        for v in found
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_has_an_accessibility_violation(live_server, browser, campaign_pages, language):
    # The site's own scripts run; the policy is bypassed only to inject axe itself.
    context = browser.new_context(bypass_csp=True, locale=language)
    page = context.new_page()
    found = {}
    for name, path in campaign_pages.items():
        if path is None:  # the petition sent with mistakes
            page.goto(f"{live_server.url}/{language}/p/truth/")
            page.click("form.sign button[type=submit]")
            page.wait_for_selector("#sign-errors")
        else:
            page.goto(f"{live_server.url}/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        problems = violations(page)
        if problems:
            found[name] = problems
    context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_checked_pages_exist(campaign_pages):
    for path in filter(None, campaign_pages.values()):
        assert Client().get(f"/en{path}").status_code == 200, path
