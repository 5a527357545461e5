"""Counting: verified signatures per petition and country, in sharded counters, and recounts.

Counts are written here only: verification adds one, invalidation subtracts, a recount corrects.
"""

import random
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Sum, Value
from django.utils import timezone

from ..models import CountryCount, Petition, Signature


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

    Safe while signatures are being verified, and while another recount of the petition runs:
    recounts of one petition take turns, each reading after the previous one's correction.
    """
    with transaction.atomic():
        # The petition's row lock makes a second recount wait before it reads. NO KEY: the key
        # share that a verification's new counter row takes on its petition is not held up.
        list(Petition.objects.select_for_update(no_key=True).filter(pk=petition.pk).values("pk"))
        counted, actual = Counter(), Counter()
        for country, counted_here, actual_here in _counted_and_actual(petition):
            counted[country] += counted_here
            actual[country] += actual_here
        drifts = [
            CountDrift(country=code, counted=counted[code], actual=actual[code])
            for code in sorted(set(counted) | set(actual))
            if counted[code] != actual[code]
        ]
        for drift in drifts:
            country_count_add(
                petition_id=petition.pk, country=drift.country, delta=drift.actual - drift.counted
            )
    return drifts


def _counted_and_actual(petition):
    """Rows (country, counted, actual) of a petition, read in one statement, so one snapshot.

    Each verification changes its signature and its counter in one transaction: a snapshot sees
    both or neither, so what differs is drift, not a verification half seen.
    """
    actual = (
        Signature.objects.filter(
            petition=petition, verified_at__isnull=False, invalidated_at__isnull=True
        )
        .values("country")
        .annotate(counted=Value(0), actual=Count("pk"))
        .values_list("country", "counted", "actual")
        .order_by()
    )
    counted = (
        CountryCount.objects.filter(petition=petition)
        .values("country")
        .annotate(counted=Sum("count"), actual=Value(0))
        .values_list("country", "counted", "actual")
        .order_by()
    )
    return actual.union(counted, all=True)
