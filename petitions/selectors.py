"""Read-only queries: public petitions, their counts, recent supporters, the privacy notice,
organizers, what an invalidation would do.

Counts come from the CountryCount shards, never from COUNT(*) over signatures, and are cached
(petitions/caching.py) so that a page refreshed by everyone costs one cache read.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, DurationField, ExpressionWrapper, Max, Min, Q, Sum
from django.db.models.functions import Now
from django.utils import timezone
from django_countries.fields import Country

from . import caching
from .models import (
    ORGANIZERS_GROUP,
    VERIFICATION_EMAIL_OWED,
    VERIFICATION_EMAIL_PARKED,
    CountryCount,
    Milestone,
    Petition,
    PrivacyNotice,
    Signature,
)


@dataclass(frozen=True)
class CountryFigure:
    """A figure for one country, kept by its ISO code (cheap to cache)."""

    code: str

    @property
    def country(self):
        # Built on use, so that each reader gets the name in his or her own language.
        return Country(self.code)


# Petitions -------------------------------------------------------------------------------------


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
    return caching.RECENT_PUBLIC_PETITION.get_or_set(slug, build=lambda: public_petition(slug=slug))


def recent_petition(*, petition_id):
    """The petition with that id, of any state, as this process read it in the last
    PETITIONS_LOCAL_CACHE_SECONDS; None if there is none.

    For the pages of a signature at a peak (confirming it): its petition's title and links.
    """
    return caching.RECENT_PETITION.get_or_set(
        petition_id,
        build=lambda: Petition.objects.select_related("campaign").filter(pk=petition_id).first(),
    )


# Counts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountrySignatureCount(CountryFigure):
    signature_count: int


@dataclass(frozen=True)
class PetitionCount:
    signature_count: int
    updated_at: datetime | None
    by_country: tuple[CountrySignatureCount, ...]

    def progress(self, goal):
        """Return how far the count has come toward a goal, in whole percent, at most 100."""
        if not goal:
            return 100
        return min(100, self.signature_count * 100 // goal)


def petition_count(*, petition_id):
    """Return a petition's verified total and per-country counts, largest country first."""
    return caching.PETITION_COUNT.get_or_set(
        petition_id, build=lambda: _petition_counts_uncached([petition_id])[petition_id]
    )


def petition_counts(*, petition_ids):
    """Return {petition id: petition_count()} for many petitions in one cache round trip."""
    return caching.PETITION_COUNT.get_or_set_many(
        list(petition_ids), build_missing=_petition_counts_uncached
    )


def recent_petition_count(*, petition_id):
    """petition_count() for public pages: up to a second older, and without a network trip."""
    return caching.RECENT_PETITION_COUNT.get_or_set(
        petition_id, build=lambda: petition_count(petition_id=petition_id)
    )


def _petition_counts_uncached(petition_ids):
    rows = {petition_id: [] for petition_id in petition_ids}
    for row in (
        CountryCount.objects.filter(petition_id__in=petition_ids)
        .values("petition_id", "country")
        .annotate(n=Sum("count"), updated_at=Max("updated_at"))
    ):
        rows[row["petition_id"]].append(row)
    return {
        petition_id: _petition_count(country_rows) for petition_id, country_rows in rows.items()
    }


def _petition_count(rows):
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


@dataclass(frozen=True)
class PetitionWithCount:
    petition: Petition
    count: PetitionCount

    @property
    def progress(self):
        return self.count.progress(self.petition.goal)


def petitions_with_counts(petitions):
    """Return each petition with its count, all counts read in one cache round trip."""
    counts = petition_counts(petition_ids=[petition.pk for petition in petitions])
    return [PetitionWithCount(petition=p, count=counts[p.pk]) for p in petitions]


def petition_counts_combined(counts):
    """Return one PetitionCount adding up several petitions' counts, largest country first."""
    by_code = {}
    for count in counts:
        for row in count.by_country:
            by_code[row.code] = by_code.get(row.code, 0) + row.signature_count
    return PetitionCount(
        signature_count=sum(count.signature_count for count in counts),
        updated_at=max((c.updated_at for c in counts if c.updated_at), default=None),
        by_country=tuple(
            sorted(
                (
                    CountrySignatureCount(code=code, signature_count=n)
                    for code, n in by_code.items()
                ),
                key=lambda c: (-c.signature_count, c.code),
            )
        ),
    )


# Supporters shown by name ----------------------------------------------------------------------


def shown_by_name(petition_id):
    """Verified signatures, still counted, of signers who consented to show their name."""
    return Signature.objects.filter(
        petition_id=petition_id,
        consent_to_show_name=True,
        verified_at__isnull=False,
        invalidated_at__isnull=True,
    )


@dataclass(frozen=True)
class RecentSupporter(CountryFigure):
    name: str


def recent_supporters(*, petition_id):
    """Return the latest supporters who let their name be shown, newest first.

    PETITIONS_RECENT_SUPPORTERS of them, named as PETITIONS_SUPPORTER_NAME says; one query on
    the signature_shown_recent index, kept in this process for a few seconds.
    """

    def build():
        rows = (
            shown_by_name(petition_id)
            .order_by("-verified_at")
            .values_list("name", "country")[: settings.PETITIONS_RECENT_SUPPORTERS]
        )
        return tuple(
            RecentSupporter(code=country, name=_shown_name(name)) for name, country in rows
        )

    return caching.RECENT_SUPPORTERS.get_or_set(petition_id, build=build)


def _shown_name(name):
    """The name as given, or its first word and the initial of its last ("Leyla A.")."""
    words = name.split()
    if settings.PETITIONS_SUPPORTER_NAME == "full" or len(words) < 2:
        return name
    return f"{words[0]} {words[-1][0]}."


# Privacy notice ---------------------------------------------------------------------------------


def current_privacy_notice():
    """Return the privacy notice in force (the newest version), or None if none was published."""
    return PrivacyNotice.objects.order_by("-version").first()


def current_privacy_notice_id():
    """The id of the notice in force, as this process read it in the last second (signing)."""
    return caching.CURRENT_PRIVACY_NOTICE_ID.get_or_set(
        build=lambda: (
            PrivacyNotice.objects.order_by("-version").values_list("pk", flat=True).first()
        )
    )


# Organizers and milestones ---------------------------------------------------------------------


def organizer_emails():
    """Return the addresses of the active members of the Organizers group."""
    return sorted(
        get_user_model()
        .objects.filter(groups__name=ORGANIZERS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def milestones_unannounced(*, older_than_seconds):
    """Return the ids of milestones reached that long ago whose email has not gone out."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        Milestone.objects.filter(notified_at__isnull=True, reached_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )


# Verification emails ---------------------------------------------------------------------------


def verification_emails_outbox():
    """Return the outbox's figures: emails owed, emails parked, age of the oldest owed (seconds).

    Each figure is read from its small partial index, then kept in this process's memory for
    PETITIONS_LOCAL_CACHE_SECONDS: the figures are public, and a flood of requests costs no more.
    """
    return caching.OUTBOX_FIGURES.get_or_set(build=_verification_emails_outbox)


def _verification_emails_outbox():
    owed = Signature.objects.filter(VERIFICATION_EMAIL_OWED).aggregate(
        owed=Count("*"),
        oldest_age=ExpressionWrapper(
            Now() - Min("verification_email_requested_at"), output_field=DurationField()
        ),
    )
    oldest_age = owed["oldest_age"]
    return {
        "owed": owed["owed"],
        "parked": Signature.objects.filter(VERIFICATION_EMAIL_PARKED).count(),
        "oldest_owed_seconds": max(0, round(oldest_age.total_seconds())) if oldest_age else 0,
    }


# Invalidation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryInvalidationPreview(CountryFigure):
    signature_count: int
    verified_count: int


@dataclass(frozen=True)
class PetitionInvalidationPreview:
    petition_id: int
    title: str
    signature_count: int
    verified_count: int


@dataclass(frozen=True)
class InvalidationPreview:
    signature_count: int
    verified_count: int
    already_invalidated_count: int
    by_country: tuple[CountryInvalidationPreview, ...]
    by_petition: tuple[PetitionInvalidationPreview, ...]


def invalidation_preview(*, signatures):
    """Return what invalidating signatures would do: how many, how many counted, by country and petition."""
    left = signatures.filter(invalidated_at__isnull=True).order_by()
    counted = {"n": Count("pk"), "verified": Count("pk", filter=Q(verified_at__isnull=False))}
    by_country = sorted(
        (
            CountryInvalidationPreview(
                code=row["country"], signature_count=row["n"], verified_count=row["verified"]
            )
            for row in left.values("country").annotate(**counted)
        ),
        key=lambda c: (-c.signature_count, c.code),
    )
    by_petition = sorted(
        (
            PetitionInvalidationPreview(
                petition_id=row["petition_id"],
                title=row["petition__title"],
                signature_count=row["n"],
                verified_count=row["verified"],
            )
            for row in left.values("petition_id", "petition__title").annotate(**counted)
        ),
        key=lambda p: (-p.signature_count, p.title),
    )
    return InvalidationPreview(
        signature_count=sum(c.signature_count for c in by_country),
        verified_count=sum(c.verified_count for c in by_country),
        already_invalidated_count=signatures.filter(invalidated_at__isnull=False).count(),
        by_country=tuple(by_country),
        by_petition=tuple(by_petition),
    )
