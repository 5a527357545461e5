"""/healthz tells a load balancer whether this web node can serve: database, and Redis if used."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import timezone

from config.heartbeats import heartbeats_record
from config.models import Heartbeat
from petitions.models import Signature
from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from tests.throwaway import skip_or_fail

pytestmark = pytest.mark.django_db


TOKEN = "monitoring-token-0123456789"


@pytest.fixture(autouse=True)
def details_token(settings):
    settings.HEALTHZ_DETAILS_TOKEN = TOKEN


def with_details(client):
    """/healthz?details=1, as monitoring asks for it."""
    return client.get("/healthz?details=1", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def redis_cache_at(url):
    return {"default": {"BACKEND": "config.cache.FailSoftRedisCache", "LOCATION": url}}


def test_healthz_is_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["redis"] == ("ok" if django_settings.REDIS_URL else "not configured")


def test_healthz_says_redis_is_not_configured_without_a_redis_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_healthz_pings_the_real_redis(client):
    if not django_settings.REDIS_URL:
        skip_or_fail("needs REDIS_URL (CI runs it)")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_stays_200_naming_redis_degraded_when_redis_refuses_connections(
    client, settings, closed_port
):
    # Every page and signing work without Redis: a load balancer must keep the node.
    settings.CACHES = redis_cache_at(f"redis://127.0.0.1:{closed_port}/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "failed"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_is_never_cached_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Vary" not in response


def test_a_probe_by_ip_address_is_answered_though_the_host_is_not_allowed(client):
    # A load balancer probes each node by its address; ALLOWED_HOSTS still guards every page.
    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    page = client.get("/api/v1/petitions/", HTTP_HOST="10.0.0.5:8000")
    assert probe.status_code == 200
    assert probe.json()["database"] == "ok"
    assert page.status_code == 400


def test_healthz_answers_head_and_refuses_other_methods(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_with_a_trailing_slash_is_the_same_check(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_is_503_naming_the_database_when_postgresql_refuses_connections(closed_port):
    # A server process whose DATABASE_URL points at a port where nothing listens.
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    code = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz'); "
        "print(response.status_code, response.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port}/petitions",
            "LOG_LEVEL": "CRITICAL",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, _, body = result.stdout.strip().partition(" ")
    assert status == "503", result.stdout + result.stderr
    assert json.loads(body) == {
        "status": "failed",
        "database": "failed",
        "redis": "not configured",
    }


def test_healthz_details_count_owed_and_parked_emails_without_failing_the_probe(client):
    petition = PetitionFactory()
    SignatureFactory(petition=petition)  # owed its email
    SignatureFactory(
        petition=petition,
        verification_email_failed_at=timezone.now(),
        verification_email_failure="550 5.1.1 Recipient address rejected",
    )
    probe = client.get("/healthz")
    details = with_details(client)

    assert probe.status_code == details.status_code == 200
    assert set(probe.json()) == {"status", "database", "redis"}
    emails = details.json()["emails"]
    assert emails["owed"] == 1
    assert emails["parked"] == 1
    assert 0 <= emails["oldest_owed_seconds"] < 60
    assert details.json()["status"] == "ok"


def test_healthz_details_flag_emails_delayed_past_the_setting_without_failing_the_probe(
    client, settings
):
    settings.PETITIONS_EMAILS_DELAYED_SECONDS = 600
    petition = PetitionFactory()
    SignatureFactory(petition=petition)
    assert with_details(client).json()["emails"]["delayed"] is False

    caches["local"].clear()  # the figures are kept a second
    Signature.objects.update(verification_email_requested_at=timezone.now() - timedelta(minutes=11))
    details = with_details(client)
    assert details.status_code == 200
    assert details.json()["status"] == "ok"
    assert details.json()["emails"]["delayed"] is True
    assert details.json()["warnings"] == ["emails delayed"]


def test_healthz_details_name_the_workers_seen_recently_and_the_last_beat_run(client):
    heartbeats_record(
        worker="emails@node1", task_name="petitions.tasks.verification_emails_send_owed_task"
    )
    heartbeats_record(worker="default@node1", task_name="petitions.tasks.signer_export_run_task")
    Heartbeat.objects.create(
        name="worker:default@old-node", seen_at=timezone.now() - timedelta(hours=1)
    )

    body = with_details(client).json()
    assert body["workers"] == {"default@node1": 0, "emails@node1": 0}
    assert body["beat_last_run_seconds"] == 0
    assert set(client.get("/healthz").json()) == {"status", "database", "redis"}


def test_healthz_details_say_when_no_worker_nor_beat_was_ever_seen(client):
    body = with_details(client).json()
    assert body["workers"] == {}
    assert body["beat_last_run_seconds"] is None


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer ", f"Bearer {TOKEN}x"]
)
def test_healthz_details_are_not_given_to_anyone(client, authorization):
    heartbeats_record(worker="emails@node1", task_name="petitions.tasks.signer_export_run_task")
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/healthz?details=1", **headers)
    assert response.status_code == 200
    assert set(response.json()) == {"status", "database", "redis"}
    assert "node1" not in response.content.decode()


def test_healthz_details_are_not_given_without_a_token_set(client, settings):
    settings.HEALTHZ_DETAILS_TOKEN = ""
    response = client.get("/healthz?details=1", HTTP_AUTHORIZATION="Bearer ")
    assert set(response.json()) == {"status", "database", "redis"}


def test_healthz_details_are_given_to_staff_signed_in_to_the_admin(client, settings):
    client.force_login(UserFactory(username="operator"))
    assert "emails" in client.get("/healthz?details=1").json()
    # Where two-factor authentication is required, a password alone is not enough.
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    assert set(client.get("/healthz?details=1").json()) == {"status", "database", "redis"}
    client.force_login(UserFactory(username="supporter", is_staff=False))
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert set(client.get("/healthz?details=1").json()) == {"status", "database", "redis"}
