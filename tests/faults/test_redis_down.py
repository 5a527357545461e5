"""Redis stopped for 8 s while supporters sign and confirm: nothing lost, nothing counted twice,
no 5xx, and /healthz keeps the node in (200, "degraded")."""

import json
from collections import Counter

import pytest
from django.db.models import Count, Sum

from petitions.models import CountryCount, Signature
from tests.factories import PetitionFactory
from tests.smtp import SmtpServer
from tests.throwaway import RedisServer

from .load import Load

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def counts_by_country(petition):
    counted = (
        CountryCount.objects.filter(petition=petition).values("country").annotate(n=Sum("count"))
    )
    return Counter({row["country"]: row["n"] for row in counted if row["n"]})


def confirmed_by_country(petition):
    rows = (
        Signature.objects.filter(
            petition=petition, verified_at__isnull=False, invalidated_at__isnull=True
        )
        .values("country")
        .annotate(n=Count("pk"))
    )
    return Counter({row["country"]: row["n"] for row in rows})


def test_supporters_sign_and_confirm_through_a_redis_outage(processes, test_database_url):
    petition = PetitionFactory(slug="faults")
    redis = RedisServer()
    redis.start()
    sink = SmtpServer()
    sink.start()
    try:
        environment = {
            "DATABASE_URL": test_database_url,
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
        }
        origin = processes.gunicorn(**environment)
        processes.worker(beat=True, **environment)
        load = Load(origin, sink, petition.slug, duration=20)

        def delivered_and_confirmed():
            accepted = load.accepted_emails()
            return set(sink.recipients) >= accepted and len(load.confirmed_links) >= len(accepted)

        load.run(faults=[(6, redis.stop), (14, redis.start)], drain=delivered_and_confirmed)
    finally:
        redis.stop()
        sink.stop()

    accepted = load.accepted_emails()
    stored = set(Signature.objects.filter(petition=petition).values_list("email", flat=True))
    print(
        f"answers {load.statuses('sign', 'sign by form', 'confirm', 'read', 'health')}; "
        f"accepted {len(accepted)}, stored {len(stored)}, emails {len(sink.recipients)}, "
        f"confirmed {len(load.confirmed_links)}"
    )
    assert load.server_errors() == []  # no 5xx at all, no refused connection
    assert len(accepted) > 200  # about 15 a second for 20 s
    # Signatures taken while Redis was down too.
    assert any(6.5 < a.at < 13.5 for a in load.of("sign", "sign by form") if a.status == 202)
    assert stored == accepted  # stored == 202 answers
    assert Counter(sink.recipients) == Counter(accepted)  # each exactly one email
    assert len(load.confirmed_links) == len(accepted)
    assert counts_by_country(petition) == confirmed_by_country(petition)
    assert sum(counts_by_country(petition).values()) == len(accepted)
    # The probe kept the node in, and said what was degraded.
    health = [json.loads(a.body) for a in load.of("health")]
    assert {a.status for a in load.of("health")} == {200}
    assert {"status": "degraded", "database": "ok", "redis": "failed"} in health
    assert health[-1] == {"status": "ok", "database": "ok", "redis": "ok"}
