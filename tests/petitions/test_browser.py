"""A supporter signs and confirms in a real browser (Debian's chromium through Playwright)."""

import urllib.error
import urllib.request

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import gettext

from petitions.models import CountryCount, Signature
from petitions.services import country_counts_recount, signature_verify
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from tests.petitions.helpers import count_shown, only_verification_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def test_supporter_signs_on_a_phone_confirms_and_is_counted(
    live_server, phone, counts_shown_at_once
):
    petition = PetitionFactory(title="Recognize the truth")
    phone.goto(f"{live_server.url}/p/{petition.slug}/")
    # A German browser says nothing of where its reader lives: no country is chosen for him.
    assert phone.locator("select[name=country]").input_value() == ""
    phone.select_option("select[name=country]", "DE")
    phone.fill("input[name=name]", "Jonas Becker")
    phone.fill("input[name=email]", "Jonas@Example.org")
    phone.fill("input[name=city]", "Berlin")
    phone.check("input[name=consent_to_updates]")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/p/{petition.slug}/signed/#top")
    with translation.override("de"):  # the phone's language
        assert phone.locator("h1").inner_text() == gettext("One more step: check your email")

    link = live_server.url + only_verification_link("Jonas@Example.org")
    # A link-scanning mail gateway opens the link first, every way a plain HTTP client can.
    for method in ("GET", "HEAD", "OPTIONS"):
        assert open_as_a_mail_scanner(link, method) == 200
    assert not Signature.objects.get().is_verified

    phone.goto(link)
    with translation.override("de"):
        assert phone.locator("h1").inner_text() == gettext("Confirm your signature")
        assert "J***@E***.org" in phone.locator("main").inner_text()
        assert not Signature.objects.get().is_verified
        with phone.expect_navigation():
            phone.click("form.confirm button[type=submit]")
        confirmed = gettext("Thank you: your signature is confirmed")
        assert phone.locator("h1").inner_text() == confirmed

    assert count_shown(phone, f"{live_server.url}/p/{petition.slug}/") == "1"


def open_as_a_mail_scanner(link, method):
    """Open a link with a plain HTTP client, as a mail gateway does; return the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(link, method=method)) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_mistakes_are_shown_beside_the_fields(live_server, phone):
    petition = PetitionFactory()
    phone.goto(f"{live_server.url}/p/{petition.slug}/")
    phone.fill("input[name=email]", "not an email")
    phone.select_option("select[name=country]", "")
    phone.click("button[type=submit]")
    errors = phone.locator(".errorlist").all_inner_texts()
    assert len(errors) == 3  # name, email, country
    assert phone.locator("input[name=email]").input_value() == "not an email"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_form_sent_with_mistakes_comes_back_at_their_summary_on_a_phone(
    live_server, browser, javascript
):
    # A long text puts the form screens below the top of the page, as on the real petition.
    petition = PetitionFactory(text="We ask you to act.\n\n" * 40)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/p/{petition.slug}/")
    page.fill("input[name=email]", "not an email")
    with page.expect_navigation():
        page.click("button[type=submit]")

    summary = page.locator(".error-summary")
    box = summary.bounding_box()  # where it is on the screen
    assert 0 <= box["y"] < 844 - 100, "the summary is not on the screen"
    assert page.evaluate("window.scrollY") > 844  # the page opened at the form, not its top
    assert summary.locator("a").all_inner_texts() == [
        "Full name: This field is required.",
        "Email: Enter a valid email address.",
        "Country: This field is required.",
    ]
    assert page.evaluate("document.activeElement.id") == "sign-errors"  # read out first
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.name") == "email"
    assert page.locator("label[for=id_email]").bounding_box()["y"] >= 0  # label in view
    context.close()


def test_staff_previews_then_invalidates_fraudulent_signatures_in_the_admin(live_server, browser):
    staff = UserFactory(username="moderator")
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_signature", "invalidate_signature", "view_signatureinvalidation"]
        )
    )
    staff.set_password("a long demo passphrase")
    staff.save()
    petition = PetitionFactory()
    for n in range(3):
        signature = SignatureFactory(petition=petition, country="TR", name=f"Bot {n}")
        signature_verify(token=verification_tokens.make_token(signature.pk))
    SignatureFactory(petition=petition, country="AZ", name="Leyla Aliyeva")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", "a long demo passphrase")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/petitions/signature/?q=bot")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "invalidate")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "3 signatures will be invalidated; 3 of them verified" in page.content()
    assert page.locator("tr[data-country=TR]").inner_text().split() == ["Türkiye", "3", "3"]
    page.fill("textarea[name=reason]", "Three signatures from one bot")
    with page.expect_navigation():
        page.click("input[value=Invalidate]")
    assert "3 signatures invalidated, 3 of them had been counted." in page.content()
    context.close()
    counters = CountryCount.objects.filter(petition=petition).values_list("count", flat=True)
    assert sum(counters) == 0
    assert country_counts_recount(petition=petition) == []
