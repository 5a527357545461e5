from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page

from petitions import selectors as petition_selectors
from petitions.reporting import charts

from . import selectors

LEADING_COUNTRIES_SHOWN = 5


def home(request):
    """The campaign: its story, what to sign with live counts, the map, events, recognitions."""
    content = selectors.home_content()
    cards = petition_selectors.petitions_with_counts(content.petitions)
    total = petition_selectors.petition_counts_combined([card.count for card in cards])
    view_box = charts.world_map_shapes()[0].split()
    context = {
        "site": selectors.public_site(),
        "cards": cards,
        "total": total,
        "leading_countries": total.by_country[:LEADING_COUNTRIES_SHOWN],
        "event_figures": content.event_figures,
        "upcoming_events": content.upcoming_events,
        "recognitions": content.recognitions,
        "map_width": view_box[2],
        "map_height": view_box[3],
    }
    return render(request, "home/home.html", context)


@gzip_page
@cache_control(public=True, max_age=60)
def signatures_map(request):
    """The world map of verified signatures on every public petition, as an SVG image."""

    def build():
        petitions = selectors.home_content().petitions
        counts = petition_selectors.petition_counts(petition_ids=[p.pk for p in petitions])
        total = petition_selectors.petition_counts_combined(list(counts.values()))
        return charts.world_map_svg(total.by_country)

    svg = selectors.SIGNATURES_MAP.get_or_set(get_language(), build=build)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
