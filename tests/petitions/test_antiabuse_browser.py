"""A person signs a petition under attack in a real browser: the ALTCHA widget solves the puzzle."""

import pytest

from petitions.models import Signature
from tests.factories import PetitionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


# The embed has its own Content-Security-Policy (config.framing): the widget works under it too.
@pytest.mark.parametrize("where", ["p", "embed"])
def test_a_person_signs_a_petition_under_attack(live_server, page, settings, where):
    settings.RATE_LIMITS_ENABLED = True
    settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 1
    petition = PetitionFactory(title="Recognize the truth", under_attack=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/{where}/{petition.slug}/")
    page.fill("input[name=name]", "Jonas Becker")
    page.fill("input[name=email]", "jonas@example.org")
    page.select_option("select[name=country]", "DE")
    page.wait_for_timeout(1000)  # a person takes longer than the form's minimum time
    page.click("button[type=submit]")
    # The widget fetches a challenge, solves it in a worker, then sends the form on.
    page.wait_for_url(f"**/{where}/{petition.slug}/signed/#top", timeout=60_000)
    assert errors == []
    signature = Signature.objects.get()
    assert (signature.name, signature.country) == ("Jonas Becker", "DE")


def test_without_javascript_the_page_says_why_it_cannot_sign(live_server, browser, settings):
    petition = PetitionFactory(under_attack=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/p/{petition.slug}/")
    assert "needs JavaScript" in page.locator("form.sign").inner_text()
    context.close()
