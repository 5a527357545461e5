"""Read-only queries on petitions, their counts, and what an invalidation would remove.

Counts come from the CountryCount shards, never from COUNT(*) over signatures, and are cached
for PETITIONS_COUNT_CACHE_SECONDS so that a page refreshed by everyone costs one cache read.
Pending signatures and today's are counted from small indexes built for the purpose.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_countries import countries

from .models import CountryCount, Petition, Signature


def locally_cached(key, build):
    """Return build()'s answer as this process computed it in the last second or so.

    For the public answers that everyone polls at a peak: no database query and no network
    round trip, at the price of counts a second older than the shared cache's.
    """
    local = caches["local"]
    data = local.get(key)
    if data is None:
        data = build()
        local.set(key, data, settings.PETITIONS_LOCAL_CACHE_SECONDS)
    return data


def public_petitions():
    """Return the petitions the public may see: all but drafts."""
    return Petition.objects.exclude(state=Petition.State.DRAFT).select_related("campaign")


def public_petition(*, slug):
    """Return the public petition with that slug, with its addressees; raise DoesNotExist."""
    return public_petitions().prefetch_related("addressees").get(slug=slug)


def recent_public_petition(*, slug):
    """public_petition() as this process read it in the last PETITIONS_LOCAL_CACHE_SECONDS.

    For the paths every supporter takes at a peak (the page, signing, the count): a petition
    closed by hand may still take signatures for that second; a closing date is exact.
    """
    return locally_cached(f"public-petition:{slug}", lambda: public_petition(slug=slug))


@dataclass(frozen=True)
class CountrySignatureCount:
    code: str
    signature_count: int

    @property
    def name(self):
        # Looked up on use, not cached, so each reader gets it in his or her own language.
        return str(countries.name(self.code))


@dataclass(frozen=True)
class PetitionCount:
    signature_count: int
    updated_at: datetime | None
    by_country: tuple[CountrySignatureCount, ...]


def petition_count(*, petition_id):
    """Return a petition's verified total and per-country counts, largest country first."""
    key = f"petition-count:{petition_id}"
    count = cache.get(key)
    if count is None:
        count = _petition_count_uncached(petition_id)
        cache.set(key, count, settings.PETITIONS_COUNT_CACHE_SECONDS)
    return count


def public_petition_count(*, petition_id):
    """petition_count() for public pages: up to a second older, and without a network trip."""
    return locally_cached(
        f"public-petition-count:{petition_id}", lambda: petition_count(petition_id=petition_id)
    )


def _petition_count_uncached(petition_id):
    rows = list(
        CountryCount.objects.filter(petition_id=petition_id)
        .values("country")
        .annotate(n=Sum("count"), updated_at=Max("updated_at"))
    )
    by_country = sorted(
        (
            CountrySignatureCount(code=row["country"], signature_count=row["n"])
            for row in rows
            if row["n"] > 0
        ),
        key=lambda c: (-c.signature_count, c.code),
    )
    return PetitionCount(
        signature_count=sum(c.signature_count for c in by_country),
        updated_at=max((row["updated_at"] for row in rows), default=None),
        by_country=tuple(by_country),
    )


def progress_percent(*, signature_count, goal):
    """Return how far a count has come toward a goal, in whole percent, at most 100."""
    if not goal:
        return 100
    return min(100, signature_count * 100 // goal)


# Exports and statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryCountsRow:
    code: str
    signature_count: int
    pending_count: int
    share: float  # of the verified total, from 0 to 1

    @property
    def name(self):
        return str(countries.name(self.code))


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
    key = f"petition-by-day:{petition_id}:{today.isoformat()}"
    past = cache.get(key)
    if past is None:
        past = dict(
            _verified(petition_id)
            .filter(verified_at__lt=_start_of(today))
            .annotate(day=TruncDate("verified_at"))
            .order_by()
            .values_list("day")
            .annotate(n=Count("pk"))
        )
        cache.set(key, past, settings.PETITIONS_STATS_CACHE_SECONDS)
    today_key = f"petition-today:{petition_id}:{today.isoformat()}"
    today_count = cache.get(today_key)
    if today_count is None:
        today_count = _verified(petition_id).filter(verified_at__gte=_start_of(today)).count()
        cache.set(today_key, today_count, settings.PETITIONS_COUNT_CACHE_SECONDS)
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


# Invalidation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryInvalidationPreview:
    code: str
    signature_count: int
    verified_count: int

    @property
    def name(self):
        return str(countries.name(self.code))


@dataclass(frozen=True)
class InvalidationPreview:
    signature_count: int
    verified_count: int
    already_invalidated_count: int
    by_country: tuple[CountryInvalidationPreview, ...]


def invalidation_preview(*, signatures):
    """Return what invalidating signatures would do: how many, how many counted, per country."""
    rows = (
        signatures.filter(invalidated_at__isnull=True)
        .order_by()
        .values("country")
        .annotate(n=Count("pk"), verified=Count("pk", filter=Q(verified_at__isnull=False)))
    )
    by_country = sorted(
        (
            CountryInvalidationPreview(
                code=row["country"], signature_count=row["n"], verified_count=row["verified"]
            )
            for row in rows
        ),
        key=lambda c: (-c.signature_count, c.code),
    )
    return InvalidationPreview(
        signature_count=sum(c.signature_count for c in by_country),
        verified_count=sum(c.verified_count for c in by_country),
        already_invalidated_count=signatures.filter(invalidated_at__isnull=False).count(),
        by_country=tuple(by_country),
    )
