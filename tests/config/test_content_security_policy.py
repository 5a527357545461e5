"""The Content-Security-Policy: scripts and styles from this origin only, and pages that need no
inline script or style to work under it."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from petitions.tokens import verification_tokens
from tests.factories import (
    AddresseeFactory,
    EventFactory,
    MediaItemFactory,
    MilestoneFactory,
    PetitionFactory,
    RecognitionFactory,
    SignatureFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db

# What a policy without 'unsafe-inline' refuses: a script element without src (JSON data blocks
# are not run), a style element, a style="" attribute, an on…="" handler, a javascript: URL.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"
    r"|<style[\s>]"
    r"|\sstyle\s*=\s*[\"']"
    r"|\son[a-z]+\s*=\s*[\"']"
    r"|javascript:",
    re.IGNORECASE,
)


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict((part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip())


def test_a_changed_policy_is_sent_from_the_next_answer_on(client, settings):
    # The policy is built once per process: a change of the setting must still reach answers.
    assert directives(client.get("/en/"))["img-src"] == ["'self'", "data:"]
    directives_setting = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": directives_setting | {"img-src": ["'self'", "https://images.example"]}
    }
    assert directives(client.get("/en/"))["img-src"] == ["'self'", "https://images.example"]


def inline_code(response):
    return INLINE.findall(response.content.decode())


@pytest.fixture
def public_pages():
    petition = PetitionFactory(slug="truth", goal=10)
    AddresseeFactory(petition=petition)
    verified_signature(petition=petition, country="AZ")
    event = EventFactory()
    RecognitionFactory()
    pending = SignatureFactory(petition=petition)
    return [
        "/en/",
        "/en/p/truth/",
        "/en/p/truth/signed/",
        "/en/p/truth/stats/",
        f"/en/verify/{verification_tokens.make_token(pending.pk)}/",
        "/en/verify/not-a-token/",
        "/en/events/",
        f"/en/events/{event.pk}/",
        "/en/events/countries/",
        "/en/recognitions/",
        "/api/docs/",
        "/api/v1/petitions/",
        "/admin/login/",
    ]


def test_every_page_sends_a_policy_of_this_origin_without_unsafe_inline(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url


def test_public_pages_have_no_inline_script_or_style(client, public_pages):
    for url in public_pages:
        assert inline_code(client.get(url)) == [], url


def test_api_docs_load_their_script_from_a_url_of_this_origin(client):
    page = client.get("/api/docs/").content.decode()
    script_urls = re.findall(r'<script src="([^"]+)"', page)
    assert "/api/docs/?script=" in script_urls
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_admin_pages_have_no_inline_script_or_style(client):
    superuser = UserFactory(is_superuser=True)
    petition = PetitionFactory()
    MilestoneFactory(petition=petition)
    AddresseeFactory(petition=petition)
    SignatureFactory(petition=petition)
    MediaItemFactory()
    EventFactory()
    RecognitionFactory()
    device = TOTPDevice.objects.create(user=superuser, name="phone")
    client.force_login(superuser)
    urls = ["/admin/", "/admin/password_change/", f"/admin/otp_totp/totpdevice/{device.pk}/config/"]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request_of(superuser)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url


def test_the_two_factor_login_page_has_no_inline_script_or_style(client, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    page = client.get("/admin/login/")
    assert 'name="otp_token"' in page.content.decode()
    assert inline_code(page) == []


def _request_of(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
