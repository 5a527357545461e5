"""What staff look at when a petition is attacked: its signing rate and the largest sources."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Value
from django.db.models.functions import StrIndex, Substr, TruncMinute
from django.utils import timezone

from ..models import Signature


def with_email_domain(signatures):
    """Annotate signatures with email_domain, the part of the normalized address after the @."""
    return signatures.annotate(
        email_domain=Substr("email_normalized", StrIndex("email_normalized", Value("@")) + 1)
    )


@dataclass(frozen=True)
class MinuteCount:
    date: datetime.datetime  # the minute's start (named date for the bar chart)
    signature_count: int


@dataclass(frozen=True)
class Source:
    value: str
    signature_count: int


@dataclass(frozen=True)
class SigningRate:
    since: datetime.datetime
    until: datetime.datetime
    signature_count: int
    by_minute: tuple[MinuteCount, ...]
    ip_hashes: tuple[Source, ...]
    email_domains: tuple[Source, ...]
    user_agents: tuple[Source, ...]


def signing_rate(*, petition_id, since, until, top=10):
    """Return a petition's signatures per minute in [since, until) and their largest sources."""
    since = since.replace(second=0, microsecond=0)
    signatures = _signed_between(petition_id=petition_id, since=since, until=until)
    per_minute = {
        row["minute"]: row["n"]
        for row in signatures.annotate(minute=TruncMinute("created_at"))
        .values("minute")
        .annotate(n=Count("pk"))
        .order_by()
    }
    minutes = []
    minute = since
    while minute < until:
        minutes.append(MinuteCount(date=minute, signature_count=per_minute.get(minute, 0)))
        minute += datetime.timedelta(minutes=1)

    def largest(queryset, field):
        rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)[:top]
        return tuple(Source(value=row[field], signature_count=row["n"]) for row in rows)

    return SigningRate(
        since=since,
        until=until,
        signature_count=sum(per_minute.values()),
        by_minute=tuple(minutes),
        ip_hashes=largest(signatures.exclude(ip_hash=""), "ip_hash"),
        email_domains=largest(with_email_domain(signatures), "email_domain"),
        user_agents=largest(signatures, "user_agent"),
    )


def largest_recent_sources(field, *, hours=24, top=20):
    """Return the largest sources of the last hours' signatures, all petitions: a field's values.

    field is "ip_hash", "email_domain" or "user_agent".
    """
    until = timezone.now()
    signatures = _signed_between(
        petition_id=None, since=until - datetime.timedelta(hours=hours), until=until
    )
    if field == "email_domain":
        signatures = with_email_domain(signatures)
    rows = (
        signatures.exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)[:top]
    )
    return tuple(Source(value=row[field], signature_count=row["n"]) for row in rows)


def _signed_between(*, petition_id, since, until):
    # No index leads from a petition to its recent signatures (each index costs every signing),
    # but ids grow with time: the newest signature older than the window, found walking the
    # primary key back from the end, bounds the window's ids, so these queries read only it.
    older = (
        Signature.objects.filter(created_at__lt=since)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    signatures = Signature.objects.filter(created_at__gte=since, created_at__lt=until)
    if petition_id is not None:
        signatures = signatures.filter(petition_id=petition_id)
    if older is not None:
        signatures = signatures.filter(pk__gt=older)
    return signatures.order_by()
