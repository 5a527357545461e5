"""Read-only queries on events and recognitions, and the rule of who manages which events."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django_countries import countries

from .models import Campaign, CountryCoordinator, Event, MediaItem, Recognition

# Who manages which events --------------------------------------------------------------------


def manages_every_country(user):
    """Return whether a user manages events in every country (superusers, campaign staff)."""
    return user.is_active and user.has_perm("campaign.manage_all_countries")


def countries_coordinated_by(user):
    """Return the codes of the countries whose events a user may see, add and change."""
    if manages_every_country(user):
        return [code for code, _name in countries]
    coordinator = CountryCoordinator.objects.filter(user=user, user__is_active=True).first()
    if coordinator is None:
        return []
    return [country.code for country in coordinator.countries]


def events_editable_by(user):
    """Return the events a user may see and change in the admin."""
    events = Event.objects.select_related("campaign")
    if manages_every_country(user):
        return events
    return events.filter(country__in=countries_coordinated_by(user))


def media_items_editable_by(user):
    """Return the media items a user may see and change in the admin."""
    # A coordinator's: at one of his or her events at least, at no event of another country.
    # Campaign-wide media, at no event, are staff's.
    if manages_every_country(user):
        return MediaItem.objects.all()
    links = MediaItem.events.through.objects
    coordinated = countries_coordinated_by(user)
    return MediaItem.objects.filter(
        pk__in=links.filter(event__country__in=coordinated).values("mediaitem_id")
    ).exclude(pk__in=links.exclude(event__country__in=coordinated).values("mediaitem_id"))


def media_items_linkable_to(event, *, user):
    """Return the media a user may link to an event: what it shows and what he or she may change."""
    # Linking any other would hand a coordinator campaign-wide media to change, or take another
    # country's media from its coordinator.
    editable = media_items_editable_by(user).values("pk")
    if event is None:
        return MediaItem.objects.filter(pk__in=editable)
    linked = MediaItem.events.through.objects.filter(event=event).values("mediaitem_id")
    return MediaItem.objects.filter(Q(pk__in=editable) | Q(pk__in=linked))


# What the public sees ------------------------------------------------------------------------


def current_campaign():
    """Return the campaign the public site presents (the latest begun), or None."""
    return Campaign.objects.order_by("-start_date", "-pk").first()


def public_events(*, country=None, kind=None, on_or_after=None, on_or_before=None):
    """Return the published events, earliest first, in a country, of a kind, within dates.

    Dates are UTC days; an event is within them if any part of it is.
    """
    events = Event.objects.filter(is_published=True).select_related("campaign")
    if country:
        events = events.filter(country=country)
    if kind:
        events = events.filter(kind=kind)
    if on_or_after:
        events = events.filter(ends_at__gte=_start_of_day(on_or_after))
    # The calendar's last day has no next day to start from; every event begins by its end.
    if on_or_before and on_or_before < date.max:
        events = events.filter(starts_at__lt=_start_of_day(on_or_before + timedelta(days=1)))
    return events


def _start_of_day(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


def public_event(*, pk):
    """Return one published event with its media; raise Event.DoesNotExist."""
    return public_events().prefetch_related("media_items").get(pk=pk)


def upcoming_and_past_events(events, *, now=None):
    """Split events into those not yet over (soonest first) and those over (latest first)."""
    now = now or timezone.now()
    return (
        events.filter(ends_at__gte=now).order_by("starts_at", "pk"),
        events.filter(ends_at__lt=now).order_by("-starts_at", "-pk"),
    )


def upcoming_events(*, limit, now=None):
    """Return the next published events not cancelled, soonest first, at most limit of them."""
    upcoming, _past = upcoming_and_past_events(public_events(), now=now)
    return list(upcoming.exclude(status=Event.Status.CANCELLED)[:limit])


@dataclass(frozen=True)
class EventFigures:
    event_count: int
    country_count: int


def event_figures():
    """Return how many published events, cancelled ones aside, and in how many countries."""
    figures = (
        public_events()
        .exclude(status=Event.Status.CANCELLED)
        .aggregate(events=Count("pk"), countries=Count("country", distinct=True))
    )
    return EventFigures(event_count=figures["events"], country_count=figures["countries"])


@dataclass(frozen=True)
class CountryEventCount:
    code: str
    event_count: int
    upcoming_count: int

    @property
    def name(self):
        # Looked up on use, so each reader gets it in his or her own language.
        return str(countries.name(self.code))


def event_counts_by_country(*, now=None):
    """Return each country with published events, how many, and how many upcoming, by name."""
    now = now or timezone.now()
    # A cancelled event is listed (as cancelled) but will not take place: it is not upcoming.
    upcoming = Q(ends_at__gte=now) & ~Q(status=Event.Status.CANCELLED)
    rows = (
        public_events()
        .order_by()
        .values("country")
        .annotate(n=Count("pk"), upcoming=Count("pk", filter=upcoming))
    )
    counts = [
        CountryEventCount(code=row["country"], event_count=row["n"], upcoming_count=row["upcoming"])
        for row in rows
    ]
    return sorted(counts, key=lambda c: c.name)


def public_recognitions():
    """Return the published recognitions, latest first."""
    return Recognition.objects.filter(is_published=True)


def public_media_items():
    """Return the media the public sees, latest first, each with its published events.

    Campaign-wide media (at no event) and media presented at a published event; a media item
    only at unpublished events waits for one of them.
    """
    published = Event.objects.filter(is_published=True).order_by("starts_at", "pk")
    return (
        MediaItem.objects.filter(Q(events__isnull=True) | Q(events__is_published=True))
        .distinct()
        .prefetch_related(Prefetch("events", queryset=published, to_attr="published_events"))
    )
