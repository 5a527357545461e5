"""PostgreSQL stopped for 6 s (its own cluster) while supporters sign and confirm, after the SMTP
relay refused for 5 s: 503 with Retry-After while it is down and only then, the next requests
succeed, nothing lost, each email sent once, each confirmation counted once."""

import json
import subprocess
from collections import Counter

import psycopg
import pytest
from django.db import connection

from tests.factories import PetitionFactory
from tests.smtp import SmtpServer
from tests.throwaway import PostgresCluster, RedisServer, wait_until

from .load import Load
from .servers import request

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

DOWN, UP = 10, 16  # PostgreSQL stopped from 10 s to 16 s
REFUSING, ACCEPTING = 3, 8  # the relay answers 451 from 3 s to 8 s
# /healthz?details=1 answers its details to monitoring that sends this token.
DETAILS_TOKEN = "faults-monitoring-token"
MONITORING = (("Authorization", f"Bearer {DETAILS_TOKEN}"),)


@pytest.fixture
def cluster(postgresql):
    """A cluster of its own holding a copy of the test database, with a petition "faults"."""
    PetitionFactory(slug="faults")
    cluster = PostgresCluster()
    cluster.start()
    try:
        test_database = connection.settings_dict["NAME"]
        with psycopg.connect(cluster.database_url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE faults")
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "-h", "127.0.0.1", "-U", "postgres", test_database],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", cluster.database_url("faults")],
            input=dump,
            check=True,
            capture_output=True,
        )
        yield cluster
    finally:
        cluster.remove()


def rows(cluster, sql):
    with psycopg.connect(cluster.database_url("faults")) as conn:
        return conn.execute(sql).fetchall()


def test_supporters_are_told_to_try_again_while_postgresql_restarts(processes, cluster):
    redis = RedisServer()
    redis.start()
    sink = SmtpServer()
    sink.start()
    try:
        environment = {
            "DATABASE_URL": cluster.database_url("faults"),
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            # An email refused for now is tried again after 2 s (then 4, 8…), not 60.
            "PETITIONS_OUTBOX_RETRY_SECONDS": "2",
            "PETITIONS_EMAILS_DELAYED_SECONDS": "3",
            "HEALTHZ_DETAILS_TOKEN": DETAILS_TOKEN,
        }
        origin = processes.gunicorn(**environment)
        processes.worker(beat=True, **environment)
        load = Load(
            origin,
            sink,
            "faults",
            duration=20,
            health_path="/healthz?details=1",
            health_headers=MONITORING,
        )

        def refuse():
            sink.refusing = True

        def accept():
            sink.refusing = False

        def delivered_and_confirmed():
            accepted = load.accepted_emails()
            return set(sink.recipients) >= accepted and len(load.confirmed_links) >= len(accepted)

        load.run(
            faults=[
                (REFUSING, refuse),
                (ACCEPTING, accept),
                (DOWN, cluster.stop),
                (UP, cluster.start),
            ],
            drain=delivered_and_confirmed,
        )
    finally:
        redis.stop()
        sink.stop()

    accepted = load.accepted_emails()
    stored = {email for (email,) in rows(cluster, "SELECT email FROM petitions_signature")}
    print(
        f"answers {load.statuses('sign', 'sign by form', 'confirm', 'read', 'health')}; "
        f"accepted {len(accepted)}, stored {len(stored)}, emails {len(sink.recipients)}, "
        f"refused {sink.refusals}, confirmed {len(load.confirmed_links)}"
    )
    # While PostgreSQL is down, and only then (it takes a moment to stop and to start): 503
    # with Retry-After, signing included, never a bare 500; right after, everything answers.
    errors = load.server_errors()
    assert errors, "the outage was not noticed"
    assert {(a.status, a.retry_after) for a in errors if a.kind != "health"} == {(503, "30")}
    assert all(DOWN - 0.5 < a.at < UP + 2 for a in errors), [(a.kind, a.at) for a in errors]
    refused = [a for a in load.of("sign", "sign by form") if a.status == 503]
    assert refused and all(
        "not taken" in a.body or "nothing was recorded" in a.body for a in refused
    )
    assert not (accepted & {a.email for a in refused})
    # Nothing lost, nothing twice.
    assert stored == accepted
    assert Counter(sink.recipients) == Counter(accepted)
    assert sink.refusals > 0
    assert len(load.confirmed_links) == len(accepted)
    counted = rows(
        cluster,
        "SELECT country, sum(count) FROM petitions_countrycount GROUP BY country HAVING sum(count) > 0",
    )
    confirmed = rows(
        cluster,
        "SELECT country, count(*) FROM petitions_signature WHERE verified_at IS NOT NULL "
        "AND invalidated_at IS NULL GROUP BY country",
    )
    assert sorted(counted) == sorted(confirmed)
    assert sum(n for _, n in counted) == len(accepted)
    # The probe: 503 only while the database was down; emails flagged as delayed while the
    # relay refused them; at the end, nothing owed.
    health = [(a.status, json.loads(a.body)) for a in load.of("health")]
    assert {status for status, _ in health} == {200, 503}
    assert any("emails delayed" in body.get("warnings", []) for _, body in health)
    # The last email sent is recorded a moment after its link came back.
    final = wait_until(lambda: nothing_owed(origin), timeout=10)
    assert final["warnings"] == []
    assert final["beat_last_run_seconds"] is not None and final["workers"]


def nothing_owed(origin):
    body = json.loads(request("GET", origin + "/healthz?details=1", headers=MONITORING)[2])
    return body if body["emails"]["owed"] == 0 else None
