"""The retention on 100,000 signatures, in batches, while supporters sign and confirm."""

import datetime
import random
import threading

import pytest
from django.core.cache import caches
from django.db import connections
from django.utils import timezone

from petitions.models import Petition, RetentionRun, Signature
from petitions.selectors import petition_count
from petitions.services import (
    VerificationOutcome,
    country_counts_recount,
    retention_apply,
    signature_create,
    signature_verify,
)
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_writers"),
]

CLOSED_SIGNATURES = 100_000
STALE_UNVERIFIED = 5_000
COUNTRIES = ["AZ", "TR", "FR", "DE", "US", "GB", "PK", "RU"]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def by_country(petition):
    for cache in caches.all():
        cache.clear()
    return {c.code: c.signature_count for c in petition_count(petition_id=petition.pk).by_country}


def bulk_signatures(petition, count, *, prefix, created_at, verified_at):
    Signature.objects.bulk_create(
        (
            Signature(
                petition=petition,
                name=f"Signer {n}",
                email=f"{prefix}{n}@example.org",
                email_normalized=f"{prefix}{n}@example.org",
                country=COUNTRIES[n % len(COUNTRIES)],
                city="Baku",
                consent_to_show_name=True,
                ip_hash="ab" * 32,
                user_agent="Firefox",
                created_at=created_at,
                verified_at=verified_at,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )


def test_retention_on_100000_signatures_in_batches_while_signing_goes_on(settings):
    settings.PETITIONS_RETENTION_BATCH_SIZE = 1000
    closed = PetitionFactory(opens_at=days_ago(400))
    bulk_signatures(
        closed,
        CLOSED_SIGNATURES,
        prefix="closed",
        created_at=days_ago(300),
        verified_at=days_ago(300),
    )
    country_counts_recount(petition=closed)
    Petition.objects.filter(pk=closed.pk).update(closes_at=days_ago(200))
    closed_counts = by_country(closed)
    assert sum(closed_counts.values()) == CLOSED_SIGNATURES

    live = PetitionFactory(opens_at=days_ago(60))
    bulk_signatures(
        live, STALE_UNVERIFIED, prefix="stale", created_at=days_ago(31), verified_at=None
    )
    stale_ids = list(Signature.objects.filter(petition=live).values_list("pk", flat=True))

    stop = threading.Event()
    errors = []

    def supporter(number):
        """Sign and confirm, and confirm stale signatures the retention may be deleting."""
        rng = random.Random(number)
        try:
            n = 0
            while not stop.is_set():
                signed = signature_create(
                    petition=live, name="Live", email=f"live{number}-{n}@example.org", country="FR"
                )
                for signature_id in (signed.signature_id, rng.choice(stale_ids)):
                    outcome = signature_verify(
                        token=verification_tokens.make_token(signature_id)
                    ).outcome
                    # Verified, already verified, or deleted a moment before: never refused.
                    assert outcome != VerificationOutcome.CLOSED
                n += 1
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    supporters = [threading.Thread(target=supporter, args=(n,)) for n in range(3)]
    for thread in supporters:
        thread.start()
    try:
        run = retention_apply(trigger=RetentionRun.Trigger.COMMAND)
    finally:
        stop.set()
        for thread in supporters:
            thread.join()
    assert errors == []

    # The closed petition: anonymized in batches, counted as before.
    assert run.signatures_anonymized == CLOSED_SIGNATURES
    assert run.petitions_anonymized == {closed.slug: CLOSED_SIGNATURES}
    assert not Signature.objects.filter(petition=closed).exclude(name="").exists()
    assert by_country(closed) == closed_counts
    assert country_counts_recount(petition=closed) == []

    # The open petition: every stale signature deleted unless a supporter confirmed it first,
    # signing went on during the run, and the counts are exact.
    stale_left = Signature.objects.filter(pk__in=stale_ids)
    assert not stale_left.filter(verified_at__isnull=True).exists()
    assert run.unverified_deleted == STALE_UNVERIFIED - stale_left.count()
    assert run.batches >= (CLOSED_SIGNATURES + run.unverified_deleted) // 1000
    signed_meanwhile = Signature.objects.filter(
        petition=live, created_at__gt=run.started_at, created_at__lt=run.finished_at
    )
    assert signed_meanwhile.exists()
    verified_live = Signature.objects.filter(petition=live, verified_at__isnull=False).count()
    assert sum(by_country(live).values()) == verified_live
    assert country_counts_recount(petition=live) == []
