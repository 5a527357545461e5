"""Limits on bursts: per client address and per email domain, on the page, the API and re-sends."""

import datetime
import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
import redis.connection
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions.models import AllowedNetwork, Signature
from tests.factories import PetitionFactory
from tests.petitions.helpers import only_verification_link, sign_json
from tests.throwaway import skip_or_fail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits_on(settings, monkeypatch):
    """The production defaults: 10 a minute and 100 an hour per address, 100/1,000 per domain.

    The windows are fixed: one that ended during a test would start counting again. django-
    ratelimit's clock (its windows' only one) stands still for the test's few seconds.
    """
    settings.RATE_LIMITS_ENABLED = True
    settings.PETITIONS_RATE_LIMITS_ADDRESS = ["10/m", "100/h"]
    settings.PETITIONS_RATE_LIMITS_DOMAIN = ["100/m", "1000/h"]
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


def sign_page(client, petition, *, address, email, **meta):
    data = {"name": "Leyla Aliyeva", "email": email, "country": "AZ"}
    return client.post(f"/en/p/{petition.slug}/", data, REMOTE_ADDR=address, **meta)


def assert_refused_for_a_while(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 65


class TestOnThePage:
    def test_a_burst_from_one_address_is_refused_past_the_limit_with_retry_after(self, client):
        petition = PetitionFactory()
        answers = [
            sign_page(client, petition, address="203.0.113.5", email=f"s{n}@example.org")
            for n in range(100)
        ]
        assert [a.status_code for a in answers[:10]] == [302] * 10
        for refused in answers[10:]:
            assert_refused_for_a_while(refused)
        assert "Too many signatures have come from your connection" in answers[10].content.decode()
        assert "Please try again in 1 minute." in answers[10].content.decode()
        assert Signature.objects.count() == 10

    def test_a_hundred_supporters_from_a_hundred_addresses_all_sign(self, client):
        petition = PetitionFactory()
        answers = [
            sign_page(client, petition, address=f"198.51.100.{n}", email=f"s{n}@example.org")
            for n in range(100)
        ]
        assert {a.status_code for a in answers} == {302}
        assert Signature.objects.count() == 100


class TestThroughTheApi:
    def test_a_burst_from_one_address_is_refused_past_the_limit_with_retry_after(self, client):
        petition = PetitionFactory()
        answers = [
            sign_json(
                client, petition, email=f"s{n}@example.org", meta={"REMOTE_ADDR": "203.0.113.5"}
            )
            for n in range(100)
        ]
        assert [a.status_code for a in answers[:10]] == [202] * 10
        for refused in answers[10:]:
            assert_refused_for_a_while(refused)
        assert "Too many signatures" in answers[-1].json()["detail"]
        assert Signature.objects.count() == 10

    def test_a_hundred_supporters_from_a_hundred_addresses_all_sign(self, client):
        petition = PetitionFactory()
        answers = [
            sign_json(
                client, petition, email=f"s{n}@example.org", meta={"REMOTE_ADDR": f"198.51.100.{n}"}
            )
            for n in range(100)
        ]
        assert {a.status_code for a in answers} == {202}
        assert Signature.objects.count() == 100

    def test_the_count_is_never_limited(self, client):
        petition = PetitionFactory()
        for _ in range(10):
            sign_json(client, petition, meta={"REMOTE_ADDR": "203.0.113.5"})
        answers = [
            client.get(f"/api/v1/petitions/{petition.slug}/count/", REMOTE_ADDR="203.0.113.5")
            for _ in range(200)
        ]
        assert {a.status_code for a in answers} == {200}


class TestWhoCounts:
    def test_the_sustained_limit_holds_after_bursts(self, client, settings, monkeypatch):
        settings.PETITIONS_RATE_LIMITS_ADDRESS = ["10/m", "15/h"]
        petition = PetitionFactory()
        # A time at least three minutes before this address's hourly window ends.
        now = time.time()
        hour_ends = django_ratelimit.core._get_window("203.0.113.5", 3600)
        if hour_ends - now < 180:
            now = hour_ends + 1

        def sign_for(minutes):
            clock = SimpleNamespace(time=lambda: now + 61 * minutes)
            monkeypatch.setattr(django_ratelimit.core, "time", clock)
            return [
                sign_json(
                    client,
                    petition,
                    email=f"s{minutes}.{n}@example.org",
                    meta={"REMOTE_ADDR": "203.0.113.5"},
                )
                for n in range(20)
            ]

        burst = sign_for(minutes=0)
        assert [a.status_code for a in burst] == [202] * 10 + [429] * 10
        # A minute later the burst's window is over, but not the hour's: five more, no more.
        later = sign_for(minutes=1)
        assert [a.status_code for a in later] == [202] * 5 + [429] * 15
        assert int(later[5]["Retry-After"]) > 65

    def test_addresses_of_one_domain_are_limited_together(self, client, settings):
        settings.PETITIONS_RATE_LIMITS_DOMAIN = ["5/m", "50/h"]
        petition = PetitionFactory()
        answers = [
            sign_json(
                client,
                petition,
                email=f"s{n}@catch-all.example",
                meta={"REMOTE_ADDR": f"198.51.100.{n}"},
            )
            for n in range(8)
        ]
        assert [a.status_code for a in answers] == [202] * 5 + [429] * 3
        assert "your email's domain" in answers[5].json()["detail"]
        # Other domains and the large mailbox providers sign on.
        other = sign_json(
            client, petition, email="a@example.org", meta={"REMOTE_ADDR": "192.0.2.1"}
        )
        assert other.status_code == 202
        for n in range(8):
            provider = sign_json(
                client, petition, email=f"p{n}@gmail.com", meta={"REMOTE_ADDR": f"192.0.2.{10 + n}"}
            )
            assert provider.status_code == 202

    def test_a_flood_from_one_address_does_not_use_up_its_domain(self, client, settings):
        settings.PETITIONS_RATE_LIMITS_DOMAIN = ["20/m", "200/h"]
        petition = PetitionFactory()
        for n in range(60):
            sign_json(
                client, petition, email=f"f{n}@small.example", meta={"REMOTE_ADDR": "203.0.113.5"}
            )
        # Ten were counted for the domain; the fifty refused were not.
        answers = [
            sign_json(
                client,
                petition,
                email=f"s{n}@small.example",
                meta={"REMOTE_ADDR": f"198.51.100.{n}"},
            )
            for n in range(10)
        ]
        assert {a.status_code for a in answers} == {202}

    def test_an_ipv6_client_is_known_by_its_slash_64(self, client):
        petition = PetitionFactory()
        statuses = [
            sign_json(
                client,
                petition,
                email=f"s{n}@example.org",
                meta={"REMOTE_ADDR": f"2001:db8:1:2::{n:x}"},
            ).status_code
            for n in range(1, 12)
        ]
        assert statuses == [202] * 10 + [429]
        other = sign_json(
            client, petition, email="o@example.org", meta={"REMOTE_ADDR": "2001:db8:1:3::1"}
        )
        assert other.status_code == 202

    def test_behind_trusted_proxies_each_forwarded_client_has_its_own_limit(self, client, settings):
        settings.PETITIONS_TRUSTED_PROXY_COUNT = 1
        petition = PetitionFactory()
        statuses = {
            sign_json(
                client,
                petition,
                email=f"s{n}@example.org",
                meta={"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"},
            ).status_code
            for n in range(30)
        }
        assert statuses == {202}

    def test_behind_trusted_proxies_an_empty_forwarded_for_counts_the_connecting_client(
        self, client, settings
    ):
        settings.PETITIONS_TRUSTED_PROXY_COUNT = 1
        petition = PetitionFactory()
        statuses = {
            sign_json(
                client,
                petition,
                email=f"s{n}@example.org",
                meta={
                    "REMOTE_ADDR": f"198.51.100.{n}",
                    "HTTP_X_FORWARDED_FOR": " , " if n % 2 else "",
                },
            ).status_code
            for n in range(30)
        }
        assert statuses == {202}  # thirty clients, not one client named ""

    def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(self, client):
        petition = PetitionFactory()
        statuses = [
            sign_json(
                client,
                petition,
                email=f"s{n}@example.org",
                meta={"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"},
            ).status_code
            for n in range(11)
        ]
        assert statuses[-1] == 429

    def test_an_allowed_network_signs_freely_until_its_end(self, client):
        petition = PetitionFactory()
        stand = AllowedNetwork.objects.create(network="203.0.113.0/24", note="Stand, Paris")
        statuses = {
            sign_json(
                client,
                petition,
                email=f"s{n}@example.org",
                meta={"REMOTE_ADDR": f"203.0.113.{n % 3}"},
            ).status_code
            for n in range(40)
        }
        assert statuses == {202}
        stand.active_until = timezone.now() - datetime.timedelta(minutes=1)
        stand.save()
        statuses = [
            sign_json(
                client, petition, email=f"t{n}@example.org", meta={"REMOTE_ADDR": "203.0.113.9"}
            ).status_code
            for n in range(11)
        ]
        assert statuses[-1] == 429

    def test_limits_off_lets_a_burst_through(self, client, settings):
        settings.RATE_LIMITS_ENABLED = False
        petition = PetitionFactory()
        statuses = {
            sign_json(
                client, petition, email=f"s{n}@example.org", meta={"REMOTE_ADDR": "203.0.113.5"}
            ).status_code
            for n in range(30)
        }
        assert statuses == {202}


@pytest.mark.django_db(transaction=True)
class TestResending:
    def expired_link(self, client, settings, petition, email, address):
        sign_json(client, petition, email=email, meta={"REMOTE_ADDR": address})
        return only_verification_link(email)

    def test_asking_again_and_again_for_links_is_limited_per_address(self, client, settings):
        petition = PetitionFactory()
        links = [
            self.expired_link(client, settings, petition, f"s{n}@example.org", f"198.51.100.{n}")
            for n in range(12)
        ]
        settings.PETITIONS_VERIFICATION_MAX_AGE = -1
        Signature.objects.update(verification_email_requested_at=None)
        statuses = [
            client.post(link + "resend/", REMOTE_ADDR="203.0.113.5").status_code for link in links
        ]
        assert statuses[:10] == [200] * 10
        assert statuses[10:] == [429, 429]
        refused = client.post(links[0] + "resend/", REMOTE_ADDR="203.0.113.5")
        assert "Too many" in refused.content.decode() and int(refused["Retry-After"]) >= 1

    def test_asking_for_links_to_one_domain_is_limited_per_domain(self, client, settings):
        settings.PETITIONS_RATE_LIMITS_DOMAIN = ["12/m", "100/h"]
        petition = PetitionFactory()
        links = [
            self.expired_link(client, settings, petition, f"s{n}@victim.example", f"198.51.100.{n}")
            for n in range(10)
        ]
        settings.PETITIONS_VERIFICATION_MAX_AGE = -1
        Signature.objects.update(verification_email_requested_at=None)
        statuses = [
            client.post(link + "resend/", REMOTE_ADDR=f"192.0.2.{n}").status_code
            for n, link in enumerate(links)
        ]
        # Ten signatures and two new links reach the domain's limit of twelve.
        assert statuses == [200, 200] + [429] * 8


def test_a_signature_costs_one_round_trip_to_redis(client, monkeypatch):
    if not isinstance(caches["default"], RedisCache):
        skip_or_fail("the counters are in Redis with REDIS_URL (CI runs this)")
    sent = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted_send(connection, command, *args, **kwargs):
        sent.append(command)
        return send(connection, command, *args, **kwargs)

    petition = PetitionFactory()
    sign_json(client, petition, email="first@example.org")  # the script is loaded once
    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted_send)
    response = sign_json(client, petition, email="s@example.org", meta={"REMOTE_ADDR": "192.0.2.9"})
    assert response.status_code == 202
    assert len(sent) == 1


def test_the_lists_cost_no_query_per_signature(client):
    petition = PetitionFactory()
    AllowedNetwork.objects.create(network="192.0.2.0/24")
    sign_json(client, petition, email="first@example.org")  # this process reads the lists
    with CaptureQueriesContext(connection) as queries:
        sign_json(client, petition, email="second@example.org")
    assert [
        q["sql"] for q in queries if "blocked" in q["sql"] or "allowednetwork" in q["sql"]
    ] == []
    assert Signature.objects.count() == 2
