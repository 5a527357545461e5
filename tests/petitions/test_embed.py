"""The embed: a petition's count and sign form in a partner's iframe; only it may be framed."""

import html
import re
import time
from types import SimpleNamespace

import altcha
import django_ratelimit.core
import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext

from petitions.models import BlockedIpHash, Signature
from petitions.services import hash_ip_address
from petitions.tokens import embed_form_tokens
from tests.factories import PetitionFactory, UserFactory, verified_signature
from tests.petitions.helpers import signature_of, verification_links

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def petition():
    return PetitionFactory(slug="truth", title_en="Recognize the truth", goal=100)


def form_token(page):
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def sign_in_frame(client, petition, token, meta=None, **fields):
    data = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"}
    return client.post(
        f"/az/embed/{petition.slug}/", data | {"token": token} | fields, **(meta or {})
    )


def test_the_embed_shows_the_count_progress_and_sign_form_and_may_be_framed(petition):
    verified_signature(petition=petition)
    response = Client().get("/en/embed/truth/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<progress data-live-progress max="100" value="1"' in page
    assert 'name="email"' in page and 'name="token"' in page
    assert "csrfmiddlewaretoken" not in page  # no cookie reaches a third-party frame
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "static/css/embed.css" in page and "static/css/site.css" not in page


def test_no_other_page_may_be_framed(petition):
    for path in ("/en/", "/en/p/truth/", "/en/p/truth/stats/", "/api/v1/petitions/truth/count/"):
        assert Client().get(path)["X-Frame-Options"] == "DENY", path


def test_the_sites_that_may_frame_the_embed_are_a_setting(petition, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://partner.example.org", "https://other.example"]
    policy = Client().get("/en/embed/truth/")["Content-Security-Policy"]
    assert "frame-ancestors https://partner.example.org https://other.example" in policy


def test_the_embed_has_the_sites_policy_but_for_who_may_frame_it(petition, settings):
    def directives(path):
        policy = Client().get(path)["Content-Security-Policy"]
        return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}

    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        | {"img-src": ["'self'", "data:", "https://images.example.org"]}
    }
    embed, page = directives("/en/embed/truth/"), directives("/en/p/truth/")
    assert embed.pop("frame-ancestors") == ["*"] and page.pop("frame-ancestors") == ["'none'"]
    assert embed == page


def test_signing_in_the_frame_needs_no_cookie_and_emails_in_its_language(petition):
    # A partner's page: the browser sends none of our cookies, so the form's token is the check.
    client = Client(enforce_csrf_checks=True)
    token = form_token(client.get("/az/embed/truth/").content.decode())
    client.cookies.clear()
    response = sign_in_frame(client, petition, token)
    assert response.status_code == 302
    assert response["Location"] == "/az/embed/truth/signed/#top"
    signed = client.get(response["Location"])
    assert signed.status_code == 200 and "X-Frame-Options" not in signed
    signature = signature_of(petition, "leyla@example.org")
    assert signature.language == "az" and signature.verified_at is None
    assert verification_links("leyla@example.org")[0].startswith("/az/verify/")


def test_a_form_not_served_by_us_or_too_old_is_refused(petition, settings):
    client = Client(enforce_csrf_checks=True)
    other = PetitionFactory(slug="other")
    for token in ("", "forged:token", embed_form_tokens.make_token(other.pk)):
        response = sign_in_frame(client, petition, token)
        assert response.status_code == 400
        with translation.override("az"):  # the embed's language
            expired = gettext("This form has expired. Please check your details and sign again.")
        assert expired in response.content.decode()
    settings.EMBED_FORM_MAX_AGE = -1
    response = sign_in_frame(client, petition, embed_form_tokens.make_token(petition.pk))
    assert response.status_code == 400
    assert not Signature.objects.exists()


def test_mistakes_in_the_frame_come_back_with_the_form(petition):
    client = Client()
    token = form_token(client.get("/en/embed/truth/").content.decode())
    response = sign_in_frame(client, petition, token, email="not an address")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and 'name="token"' in page
    assert "X-Frame-Options" not in response


def test_a_burst_from_one_address_is_refused_in_the_frame_with_retry_after(
    petition, settings, monkeypatch
):
    settings.RATE_LIMITS_ENABLED = True
    settings.PETITIONS_RATE_LIMITS_ADDRESS = ["10/m", "100/h"]
    now = time.time()  # django-ratelimit's windows stand still for the test
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    client = Client()
    token = form_token(client.get("/en/embed/truth/").content.decode())
    meta = {"REMOTE_ADDR": "203.0.113.5"}
    answers = [
        sign_in_frame(client, petition, token, meta, email=f"s{n}@example.org") for n in range(11)
    ]
    assert [answer.status_code for answer in answers] == [302] * 10 + [429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 65
    page = refused.content.decode()
    with translation.override("az"):  # the embed's language
        too_many = ngettext(
            "Too many signatures have come from your connection in a short time. Please try "
            "again in %(minutes)d minute.",
            "Too many signatures have come from your connection in a short time. Please try "
            "again in %(minutes)d minutes.",
            1,
        ) % {"minutes": 1}
    assert too_many in html.unescape(page)
    assert 'class="error-summary"' in page and 'name="token"' in page
    assert "X-Frame-Options" not in refused
    assert Signature.objects.count() == 10


def test_a_blocked_address_is_told_so_in_the_frame(petition):
    BlockedIpHash.objects.create(ip_hash=hash_ip_address("203.0.113.5"))
    client = Client()
    token = form_token(client.get("/en/embed/truth/").content.decode())
    response = sign_in_frame(client, petition, token, {"REMOTE_ADDR": "203.0.113.5"})
    assert response.status_code == 403
    assert 'class="error-summary"' in response.content.decode()
    assert not Signature.objects.exists()


def test_a_petition_under_attack_asks_the_frame_for_the_puzzle():
    petition = PetitionFactory(slug="truth", under_attack=True)
    client = Client()
    page = client.get("/en/embed/truth/").content.decode()
    assert '<altcha-widget name="altcha" challenge="/api/v1/altcha/challenge/"' in page
    assert "<noscript>" in page
    unsolved = sign_in_frame(client, petition, form_token(page))
    assert unsolved.status_code == 400
    assert 'class="error-summary"' in unsolved.content.decode()
    assert not Signature.objects.exists()

    challenge = altcha.Challenge.from_dict(client.get("/api/v1/altcha/challenge/").json())
    solution = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
    solved = sign_in_frame(client, petition, form_token(page), altcha=solution)
    assert solved.status_code == 302
    assert Signature.objects.count() == 1


def test_a_script_filling_the_frame_looks_accepted_and_stores_nothing(petition, settings):
    settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 3
    client = Client()
    page = client.get("/en/embed/truth/").content.decode()
    assert re.search(r'<div class="sign-honeypot" hidden>', page)
    started = re.search(r'name="form_started" value="([^"]+)"', page).group(1)
    for fields in ({"form_started": started}, {"website": "https://spam.example"}, {}):
        response = sign_in_frame(client, petition, form_token(page), **fields)
        assert response.status_code == 302
        assert response["Location"] == "/az/embed/truth/signed/#top"
    assert not Signature.objects.exists()


def test_a_closed_petition_embeds_without_a_form():
    PetitionFactory(slug="closed", state="closed")
    page = Client().get("/en/embed/closed/").content.decode()
    assert 'name="email"' not in page
    assert "not open for signatures" in page


def test_the_petitions_admin_page_gives_the_snippet_to_copy(petition):
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert (
        "&lt;iframe src=&quot;http://127.0.0.1:8000/ar/embed/truth/&quot; "
        "title=&quot;Recognize the truth&quot;"
    ) in page


def test_read_only_answers_may_be_read_from_other_sites_and_signing_may_not(petition):
    client = Client()
    for path in (
        "/api/v1/petitions/",
        "/api/v1/petitions/truth/",
        "/api/v1/petitions/truth/count/",
        "/api/v1/petitions/truth/signatures-by-day/",
        "/api/v1/events/",
        "/api/v1/media/",
    ):
        response = client.get(path, HTTP_ORIGIN="https://partner.example.org")
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response
    signing = client.post(
        "/api/v1/petitions/truth/signatures/",
        {"name": "Leyla", "email": "leyla@example.org", "country": "AZ"},
        content_type="application/json",
        HTTP_ORIGIN="https://partner.example.org",
    )
    assert "Access-Control-Allow-Origin" not in signing
