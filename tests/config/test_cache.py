"""Redis going away: the shared cache keeps nothing, pages and signing go on, and it comes back."""

import logging
import time

import altcha
import pytest
import redis
import redis.connection
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions import selectors
from tests.factories import PetitionFactory, verified_signature
from tests.petitions.helpers import confirm, only_verification_link, sign_json
from tests.throwaway import redis_server

pytestmark = pytest.mark.django_db


def fail_soft_cache_at(url, retry_seconds=5):
    return {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                "retry_seconds": retry_seconds,
            },
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
    }


@pytest.fixture
def redis_down(settings, closed_port):
    """The shared cache on a Redis that refuses connections."""
    settings.CACHES = fail_soft_cache_at(f"redis://127.0.0.1:{closed_port}/0")
    yield
    caches["default"].close()


@pytest.mark.django_db(transaction=True)  # the email is queued when the signature commits
def test_pages_api_signing_and_confirming_work_while_redis_is_down(client, redis_down):
    petition = PetitionFactory(slug="truth")
    verified_signature(petition=petition, country="FR")

    assert client.get("/en/").status_code == 200
    assert client.get("/en/p/").status_code == 200
    assert client.get("/en/p/truth/").status_code == 200
    assert client.get("/en/p/truth/stats/").status_code == 200
    assert client.get("/api/v1/petitions/").status_code == 200
    assert client.get("/api/v1/petitions/truth/").json()["signatures_by_country"]
    assert sign_json(client, petition).status_code == 202
    page = client.post(
        "/en/p/truth/",
        {"name": "Ali Veli", "email": "ali@example.org", "country": "TR"},
    )
    assert page.status_code == 302
    assert confirm(client, only_verification_link("leyla@example.org")).status_code == 200
    for cache in caches.all():  # counts are kept a few seconds, in memory too
        cache.clear()
    assert client.get("/api/v1/petitions/truth/count/").json()["signature_count"] == 2


def test_counts_are_read_from_postgresql_once_per_lifetime_while_redis_is_down(redis_down):
    petition = PetitionFactory()
    verified_signature(petition=petition)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            assert selectors.petition_count(petition_id=petition.pk).signature_count == 1
    assert len(queries) == 1


@pytest.fixture
def connections_to(monkeypatch):
    """The connections redis-py opens, by port, as the test goes (a spy: they are still made)."""
    opened = []
    connect = redis.connection.AbstractConnection.connect

    def counted_connect(connection, *args, **kwargs):
        opened.append(getattr(connection, "port", None))
        return connect(connection, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted_connect)
    return opened


def test_signing_with_limits_on_goes_on_while_redis_is_down_asking_it_once_a_pause(
    client, settings, closed_port, redis_down, connections_to, caplog
):
    settings.RATE_LIMITS_ENABLED = True
    petition = PetitionFactory()
    with caplog.at_level(logging.WARNING):
        statuses = [
            sign_json(
                client, petition, email=f"s{n}@example.org", meta={"REMOTE_ADDR": "203.0.113.5"}
            ).status_code
            for n in range(5)
        ]
    assert statuses == [202] * 5  # the limits let everyone through, as they count nothing
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) <= 1
    assert connections_to.count(closed_port) == 1  # not again within retry_seconds (5)


def test_a_petition_under_attack_takes_signatures_while_redis_is_down(client, settings, redis_down):
    settings.PETITIONS_ALTCHA_COST = 10
    petition = PetitionFactory(under_attack=True)
    challenge = altcha.Challenge.from_dict(client.get("/api/v1/altcha/challenge/").json())
    payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()
    assert sign_json(client, petition, altcha=payload).status_code == 202
    # The spent challenge is remembered in this process's memory meanwhile.
    again = sign_json(client, petition, email="other@example.org", altcha=payload)
    assert again.status_code == 400


def test_redis_down_is_logged_once_not_at_every_call(redis_down, caplog):
    cache = caches["default"]
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for number in range(50):
            cache.set(f"key-{number}", number)
            assert cache.get(f"key-{number}") == number  # from this process's memory
    assert len([r for r in caplog.records if "Redis unreachable" in r.message]) == 1


def test_a_redis_that_does_not_answer_is_not_asked_again_at_every_call(redis_down):
    cache = caches["default"]
    began = time.monotonic()
    for number in range(1000):
        cache.get(f"key-{number}")
    assert time.monotonic() - began < 0.5
    assert cache.unreachable


def test_the_shared_cache_resumes_by_itself_when_redis_returns(settings, caplog):
    with redis_server() as server:
        settings.CACHES = fail_soft_cache_at(server.url, retry_seconds=0.2)
        cache = caches["default"]
        cache.set("before", 1)
        server.stop()
        assert cache.get("before") is None  # a miss, not an error
        cache.set("during", 2)  # kept in this process only
        assert cache.get("during") == 2
        server.start()
        time.sleep(0.3)
        with caplog.at_level(logging.WARNING, logger="config.cache"):
            cache.set("after", 3)
        assert cache.get("after") == 3
        assert redis.Redis.from_url(server.url).exists(cache.make_key("after"))
        assert "Redis answers again" in caplog.text
        cache.close()
