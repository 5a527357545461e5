"""Read-only queries on petitions, their counts, and what an invalidation would remove.

Counts come from the CountryCount shards, never from COUNT(*) over signatures, and are cached
for PETITIONS_COUNT_CACHE_SECONDS so that a page refreshed by everyone costs one cache read.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django_countries import countries

from .models import CountryCount, Petition


def public_petitions():
    """Return the petitions the public may see: all but drafts."""
    return Petition.objects.exclude(state=Petition.State.DRAFT).select_related("campaign")


def public_petition(*, slug):
    """Return the public petition with that slug, with its addressees; raise DoesNotExist."""
    return public_petitions().prefetch_related("addressees").get(slug=slug)


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
