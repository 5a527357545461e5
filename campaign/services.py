"""Business operations on campaign events and their coordinators."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import CountryCoordinator, Event

COUNTRY_COORDINATORS_GROUP = "Country coordinators"


def events_publish(*, events):
    """Publish events; return how many were not published before."""
    return events.filter(is_published=False).update(is_published=True)


def events_mark_held(*, events, now=None):
    """Mark as held the planned events that have started; return how many."""
    now = now or timezone.now()
    # An event that has not started yet cannot have been held; it stays planned.
    return events.filter(status=Event.Status.PLANNED, starts_at__lte=now).update(
        status=Event.Status.HELD
    )


def events_cancel(*, events):
    """Cancel the planned events; return how many (a held event stays held)."""
    return events.filter(status=Event.Status.PLANNED).update(status=Event.Status.CANCELLED)


@transaction.atomic
def coordinator_appoint(*, user, countries):
    """Make a user the coordinator of countries: staff, in the coordinators' group."""
    coordinator, _ = CountryCoordinator.objects.update_or_create(
        user=user, defaults={"countries": countries}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=COUNTRY_COORDINATORS_GROUP))
    return coordinator
