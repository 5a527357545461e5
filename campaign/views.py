from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_countries import countries

from . import selectors
from .calendars import events_calendar
from .forms import EventFilterForm
from .models import Event


def event_list(request, country=None):
    """Upcoming and past events, everywhere or in one country, by kind."""
    code = _country_code_or_404(country) if country else None
    form = EventFilterForm(request.GET or None)
    if code:
        del form.fields["country"]
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    if code:
        filters["country"] = code
    upcoming, past = selectors.upcoming_and_past_events(selectors.public_events(**filters))
    context = {
        "form": form,
        "country": countries.name(code) if code else None,
        "country_code": code,
        "upcoming": upcoming,
        "past": past,
    }
    status = 400 if form.errors else 200
    return render(request, "campaign/event_list.html", context, status=status)


def event_detail(request, pk):
    return render(request, "campaign/event_detail.html", {"event": _public_event_or_404(pk)})


def event_calendar_entry(request, pk):
    """One published event as an iCalendar file, to add to a calendar app."""
    event = _public_event_or_404(pk)
    return _calendar_response(
        request,
        events=[event],
        name=event.title,
        disposition=f'attachment; filename="event-{event.pk}.ics"',
    )


def country_list(request):
    counts = selectors.event_counts_by_country()
    return render(request, "campaign/country_list.html", {"countries": counts})


def event_calendar(request, country=None):
    """The published events as an iCalendar file, everywhere or in one country."""
    code = _country_code_or_404(country) if country else None
    if code:
        name = _("Campaign events in %(country)s") % {"country": countries.name(code)}
    else:
        name = _("Campaign events")
    return _calendar_response(
        request,
        events=selectors.public_events(country=code),
        name=name,
        disposition=f'inline; filename="events{"-" + code if code else ""}.ics"',
    )


def recognition_list(request):
    recognitions = selectors.public_recognitions()
    return render(request, "campaign/recognition_list.html", {"recognitions": recognitions})


def _calendar_response(request, *, events, name, disposition):
    """An iCalendar file of the events, each linking to its page on this site."""
    body = events_calendar(
        events=events,
        name=name,
        url_for=lambda event: request.build_absolute_uri(event.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = disposition
    return response


def _public_event_or_404(pk):
    try:
        return selectors.public_event(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _country_code_or_404(country):
    code = country.upper()
    if code not in countries:
        raise Http404
    return code


def media_list(request):
    """The campaign's videos, photos, books and articles; videos play here after a click."""
    return render(request, "campaign/media_list.html", {"media": selectors.public_media_items()})
