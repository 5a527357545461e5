"""Counting: verified signatures per petition and country, in sharded counters, and recounts.

Counts are written here only: verification adds one, invalidation subtracts, a recount corrects.
"""

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ..models import CountryCount, Signature


def country_count_add(*, petition_id, country, delta):
    """Add delta to a random shard of a petition's count for a country, creating it if need be.

    Call it inside the transaction that changes the signatures it counts. One upsert statement
    (PostgreSQL and SQLite alike) holds one shard's row lock only until that transaction ends.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            country_count_upsert_sql("VALUES (%s, %s, %s, %s, %s)"),
            [petition_id, country, random_shard(), delta, timezone.now()],
        )


def country_count_upsert_sql(rows_sql):
    """SQL adding rows (petition_id, country, shard, count, updated_at) to the counter shards."""
    table = connection.ops.quote_name(CountryCount._meta.db_table)
    return (
        f"INSERT INTO {table} (petition_id, country, shard, count, updated_at) {rows_sql} "
        "ON CONFLICT (petition_id, country, shard) "
        f"DO UPDATE SET count = {table}.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at"
    )


def random_shard():
    return random.randrange(settings.PETITIONS_COUNTER_SHARDS)


@dataclass(frozen=True)
class CountDrift:
    country: str
    counted: int
    actual: int


def country_counts_recount(*, petition):
    """Make a petition's country counts equal its verified signatures; return what drifted.

    Safe while signatures are being verified: counts and signatures are read in one snapshot,
    and what differed is then added as a correction, not written over the live counters.
    """
    # Inside a caller's transaction the snapshot is the caller's; on its own it takes one.
    takes_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if takes_snapshot:
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        actual = dict(
            Signature.objects.filter(
                petition=petition, verified_at__isnull=False, invalidated_at__isnull=True
            )
            .values_list("country")
            .annotate(n=Count("pk"))
        )
        counted = dict(
            CountryCount.objects.filter(petition=petition)
            .values_list("country")
            .annotate(n=Sum("count"))
        )
    drifts = [
        CountDrift(country=code, counted=counted.get(code, 0), actual=actual.get(code, 0))
        for code in sorted(set(actual) | set(counted))
        if counted.get(code, 0) != actual.get(code, 0)
    ]
    with transaction.atomic():
        for drift in drifts:
            country_count_add(
                petition_id=petition.pk, country=drift.country, delta=drift.actual - drift.counted
            )
    return drifts
