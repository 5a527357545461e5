"""Bots: the honeypot, the minimum time, ALTCHA on a petition under attack; refused addresses."""

import re
import time
from types import SimpleNamespace

import altcha
import pytest
from django.contrib.staticfiles import finders
from django.core import signing

from petitions.antiabuse import bots
from petitions.models import BlockedEmailDomain, BlockedIpHash, Signature
from petitions.services import hash_ip_address
from tests.factories import PetitionFactory
from tests.petitions.helpers import emails_sent, sign_json

# Real commits: the verification email leaves on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

STARTED = re.compile(rb'name="form_started" value="([^"]+)"')


@pytest.fixture(autouse=True)
def three_seconds(settings):
    settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 3


def form_started(client, petition):
    page = client.get(f"/en/p/{petition.slug}/")
    return STARTED.search(page.content).group(1).decode()


def post_form(client, petition, **fields):
    data = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"} | fields
    return client.post(f"/en/p/{petition.slug}/", data)


class TestTheSignForm:
    def test_a_person_who_takes_a_few_seconds_signs(self, client, settings):
        petition = PetitionFactory()
        started = form_started(client, petition)
        settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0.2
        time.sleep(0.3)
        response = post_form(client, petition, form_started=started, website="")
        assert response.status_code == 302
        assert Signature.objects.count() == 1 and len(emails_sent()) == 1

    def test_a_form_posted_at_once_looks_accepted_and_stores_nothing(self, client):
        petition = PetitionFactory()
        response = post_form(client, petition, form_started=form_started(client, petition))
        assert response.status_code == 302
        assert response["Location"] == f"/en/p/{petition.slug}/signed/"
        assert Signature.objects.count() == 0 and emails_sent() == []

    def test_a_filled_honeypot_looks_accepted_and_stores_nothing(self, client, settings):
        settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0
        petition = PetitionFactory()
        response = post_form(client, petition, website="https://spam.example")
        assert response.status_code == 302
        assert Signature.objects.count() == 0 and emails_sent() == []

    @pytest.mark.parametrize("started", [None, "", "forged", "1.5:abc:def"])
    def test_a_form_without_its_rendering_time_stores_nothing(self, client, started):
        petition = PetitionFactory()
        fields = {} if started is None else {"form_started": started}
        assert post_form(client, petition, **fields).status_code == 302
        assert Signature.objects.count() == 0

    def test_a_rendering_time_reused_for_more_than_a_day_stores_nothing(self, client, monkeypatch):
        petition = PetitionFactory()
        started = form_started(client, petition)
        two_days_later = time.time() + 2 * 24 * 3600
        monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: two_days_later))
        monkeypatch.setattr(bots, "time", SimpleNamespace(time=lambda: two_days_later))
        assert post_form(client, petition, form_started=started).status_code == 302
        assert Signature.objects.count() == 0 and emails_sent() == []

    def test_each_page_gets_its_own_time_though_the_fields_are_cached(self, client):
        petition = PetitionFactory()
        first = form_started(client, petition)
        time.sleep(0.15)
        assert form_started(client, petition) != first

    def test_the_honeypot_is_hidden_from_people(self, client):
        petition = PetitionFactory()
        page = client.get(f"/en/p/{petition.slug}/").content.decode()
        assert re.search(
            r'<div class="sign-honeypot" hidden>\s*<label[^>]*>[^<]*</label>\s*<input type="text" name="website"',
            page,
        )


def solved(client):
    """Fetch a challenge from the API and solve it with the altcha package's own solver."""
    challenge = altcha.Challenge.from_dict(client.get("/api/v1/altcha/challenge/").json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


class TestUnderAttack:
    def test_the_api_refuses_a_signature_without_a_solution(self, client):
        petition = PetitionFactory(under_attack=True)
        response = sign_json(client, petition)
        assert response.status_code == 400
        assert "JavaScript" in response.json()["altcha"][0]
        assert Signature.objects.count() == 0

    def test_the_api_takes_a_signature_with_a_solved_challenge_once(self, client):
        petition = PetitionFactory(under_attack=True)
        payload = solved(client)
        assert sign_json(client, petition, altcha=payload).status_code == 202
        again = sign_json(client, petition, email="other@example.org", altcha=payload)
        assert again.status_code == 400
        assert "used already" in again.json()["altcha"][0]
        assert Signature.objects.count() == 1

    def test_a_solution_to_a_challenge_we_did_not_sign_is_refused(self, client):
        petition = PetitionFactory(under_attack=True)
        challenge = altcha.create_challenge(
            algorithm="PBKDF2/SHA-256", cost=10, counter=5, hmac_secret="not ours"
        )
        payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
        for bad in [payload, "not base64 at all", "e30="]:
            response = sign_json(client, petition, altcha=bad)
            assert response.status_code == 400 and "altcha" in response.json()
        assert Signature.objects.count() == 0

    def test_an_expired_challenge_is_refused(self, client, settings):
        settings.PETITIONS_ALTCHA_EXPIRES_SECONDS = -1
        petition = PetitionFactory(under_attack=True)
        assert sign_json(client, petition, altcha=solved(client)).status_code == 400

    def test_a_petition_not_under_attack_asks_for_nothing(self, client):
        petition = PetitionFactory()
        assert sign_json(client, petition).status_code == 202
        page = client.get(f"/en/p/{petition.slug}/").content.decode()
        assert "altcha" not in page

    def test_the_page_loads_the_widget_from_our_files_and_explains_without_javascript(self, client):
        petition = PetitionFactory(under_attack=True)
        page = client.get(f"/en/p/{petition.slug}/").content.decode()
        assert '<altcha-widget name="altcha" challenge="/api/v1/altcha/challenge/"' in page
        assert '<script src="/static/vendor/altcha/altcha.min.js" defer>' in page
        assert "<noscript>" in page and "needs JavaScript" in page
        for name in ["vendor/altcha/altcha.min.js", "vendor/altcha/workers/pbkdf2.js"]:
            assert finders.find(name), name

    def test_the_form_without_javascript_says_why_it_stores_nothing(self, client, settings):
        settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0
        petition = PetitionFactory(under_attack=True)
        response = post_form(client, petition)
        assert response.status_code == 400
        assert "needs JavaScript" in response.content.decode()
        assert Signature.objects.count() == 0

    def test_the_form_takes_a_solution(self, client, settings):
        settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0
        petition = PetitionFactory(under_attack=True)
        assert post_form(client, petition, altcha=solved(client)).status_code == 302
        assert Signature.objects.count() == 1

    def test_challenges_are_never_cached(self, client):
        first = client.get("/api/v1/altcha/challenge/")
        assert first["Cache-Control"] == "no-store"
        assert first.json() != client.get("/api/v1/altcha/challenge/").json()


class TestRefusedAddresses:
    @pytest.fixture(autouse=True)
    def form_at_once(self, settings):
        settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0

    @pytest.mark.parametrize(
        "email", ["x@mailinator.com", "x@sub.mailinator.com", "x@MAILINATOR.com"]
    )
    def test_disposable_addresses_are_refused_with_a_field_error(self, client, email):
        petition = PetitionFactory()
        response = sign_json(client, petition, email=email)
        assert response.status_code == 400
        assert "disposable" in response.json()["email"][0]
        page = post_form(client, petition, email=email)
        assert page.status_code == 400 and "disposable" in page.content.decode()

    def test_internationalized_addresses_are_still_welcome(self, client):
        petition = PetitionFactory()
        assert sign_json(client, petition, email="leyla@bücher.example").status_code == 202

    def test_a_domain_blocked_by_staff_is_refused_with_its_subdomains(self, client):
        petition = PetitionFactory()
        blocked = BlockedEmailDomain(domain=" @Ｆlood.Example ")
        blocked.full_clean()
        blocked.save()
        assert blocked.domain == "flood.example"
        for email in ["a@flood.example", "b@mx.flood.example"]:
            response = sign_json(client, petition, email=email)
            assert response.status_code == 400
            assert "this domain cannot sign" in response.json()["email"][0]
        assert sign_json(client, petition, email="c@notflood.example").status_code == 202
        blocked.delete()
        assert sign_json(client, petition, email="a@flood.example").status_code == 202

    def test_an_address_hash_blocked_by_staff_is_refused(self, client):
        petition = PetitionFactory()
        BlockedIpHash.objects.create(ip_hash=hash_ip_address("203.0.113.5"))
        response = sign_json(client, petition, meta={"REMOTE_ADDR": "203.0.113.5"})
        assert response.status_code == 403
        assert "blocked" in response.json()["detail"]
        page = client.post(
            f"/en/p/{petition.slug}/",
            {"name": "A", "email": "a@example.org", "country": "AZ"},
            REMOTE_ADDR="203.0.113.5",
        )
        assert page.status_code == 403 and "is blocked" in page.content.decode()
        other = sign_json(
            client, petition, email="b@example.org", meta={"REMOTE_ADDR": "203.0.113.6"}
        )
        assert other.status_code == 202
        assert Signature.objects.count() == 1

    def test_blocking_the_hash_of_an_ipv6_signer_blocks_its_slash_64(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, meta={"REMOTE_ADDR": "2001:db8:1:2::1"})
        BlockedIpHash.objects.create(ip_hash=Signature.objects.get().ip_hash)  # as staff do
        rotated = sign_json(
            client, petition, email="b@example.org", meta={"REMOTE_ADDR": "2001:db8:1:2::beef"}
        )
        assert rotated.status_code == 403
        elsewhere = sign_json(
            client, petition, email="c@example.org", meta={"REMOTE_ADDR": "2001:db8:1:3::1"}
        )
        assert elsewhere.status_code == 202
