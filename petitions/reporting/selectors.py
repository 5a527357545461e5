"""Read-only queries for organizers and statistics: counts tables, signatures per day, signers.

Pending signatures and today's are counted from small indexes built for the purpose.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .. import caching
from ..models import Petition, Signature
from ..selectors import CountryFigure, petition_count, shown_by_name


@dataclass(frozen=True)
class CountryCountsRow(CountryFigure):
    signature_count: int
    pending_count: int
    share: float  # of the verified total, from 0 to 1


@dataclass(frozen=True)
class SignatureCountsTable:
    petition: Petition
    rows: tuple[CountryCountsRow, ...]
    signature_count: int
    pending_count: int
    updated_at: datetime | None
    generated_at: datetime


def signature_counts_by_country(*, petition):
    """Return a petition's verified and pending signatures per country, largest first."""
    count = petition_count(petition_id=petition.pk)
    verified = {c.code: c.signature_count for c in count.by_country}
    pending = dict(
        Signature.objects.filter(
            petition=petition, verified_at__isnull=True, invalidated_at__isnull=True
        )
        .order_by()
        .values_list("country")
        # COUNT(*), not COUNT(id): the partial index alone answers, without reading the table.
        .annotate(n=Count("*"))
    )
    total = count.signature_count
    rows = sorted(
        (
            CountryCountsRow(
                code=code,
                signature_count=verified.get(code, 0),
                pending_count=pending.get(code, 0),
                share=verified.get(code, 0) / total if total else 0.0,
            )
            for code in set(verified) | set(pending)
        ),
        key=lambda row: (-row.signature_count, -row.pending_count, row.code),
    )
    return SignatureCountsTable(
        petition=petition,
        rows=tuple(rows),
        signature_count=total,
        pending_count=sum(pending.values()),
        updated_at=count.updated_at,
        generated_at=timezone.now(),
    )


@dataclass(frozen=True)
class DaySignatureCount:
    date: dt.date
    signature_count: int


def verified_signatures_by_day(*, petition_id):
    """Return a petition's verified signatures per day (UTC), from the first day to today.

    Past days are counted once every PETITIONS_STATS_CACHE_SECONDS; today, which alone still
    grows, is counted from the (petition, verified_at) index every few seconds.
    """
    today = timezone.now().date()
    past = caching.SIGNATURES_BY_PAST_DAY.get_or_set(
        petition_id,
        today.isoformat(),
        build=lambda: dict(
            _verified(petition_id)
            .filter(verified_at__lt=_start_of(today))
            .annotate(day=TruncDate("verified_at"))
            .order_by()
            .values_list("day")
            .annotate(n=Count("pk"))
        ),
    )
    today_count = caching.SIGNATURES_TODAY.get_or_set(
        petition_id,
        today.isoformat(),
        build=lambda: _verified(petition_id).filter(verified_at__gte=_start_of(today)).count(),
    )
    counts = past | ({today: today_count} if today_count else {})
    if not counts:
        return []
    days = (today - min(counts)).days + 1
    return [
        DaySignatureCount(date=day, signature_count=counts.get(day, 0))
        for day in (min(counts) + dt.timedelta(days=n) for n in range(days))
    ]


def _verified(petition_id):
    return Signature.objects.filter(
        petition_id=petition_id, verified_at__isnull=False, invalidated_at__isnull=True
    )


def _start_of(day):
    return datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def consenting_signers(*, petition):
    """Return (name, email, country, city, verified_at) of each verified, consenting signer.

    Rows come through a server-side cursor on PostgreSQL, so any number of them takes
    constant memory; iterate once.
    """
    return (
        _verified(petition.pk)
        .filter(consent_to_updates=True)
        .order_by("pk")
        .values_list("name", "email", "country", "city", "verified_at")
        .iterator(chunk_size=5000)
    )


def signers_shown_by_name(*, petition):
    """Return (name, city, country) of each counted signer who consented to show the name.

    Oldest first, through a server-side cursor on PostgreSQL: iterate once. Consenting to
    campaign news is not consenting to be named: only these appear in delivery documents.
    """
    return (
        shown_by_name(petition.pk)
        .order_by("pk")
        .values_list("name", "city", "country")
        .iterator(chunk_size=5000)
    )
