from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page

from petitions import caching
from petitions import selectors as petition_selectors
from petitions.reporting import charts
from petitions.reporting.share_images import can_draw_text, share_image_png
from petitions.sharing import share_image_response

from . import selectors

LEADING_COUNTRIES_SHOWN = 5


def home(request):
    """The campaign: its story, what to sign with live counts, the map, events, news,
    recognitions."""
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
        "news_posts": content.news_posts,
        "map_width": view_box[2],
        "map_height": view_box[3],
    }
    return render(request, "home/home.html", context)


@gzip_page
@cache_control(public=True, max_age=60)
def signatures_map(request):
    """The world map of verified signatures on every public petition, as an SVG image."""

    def build():
        return charts.world_map_svg(selectors.campaign_counts().by_country)

    svg = caching.SIGNATURES_MAP.get_or_set(get_language(), build=build)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def share_image(request):
    """The campaign's share image (home, events, media pages): its name and every signature."""

    def build():
        total = selectors.campaign_counts()
        png = _campaign_share_image(total)
        if png is None:
            # A right-to-left name that Pillow cannot shape here (no libraqm): in English.
            with translation.override(settings.LANGUAGE_CODE):
                png = _campaign_share_image(total)
        return png

    png = caching.SHARE_IMAGE.get_or_set("campaign", get_language(), build=build)
    return share_image_response(png)


def _campaign_share_image(total):
    heading = gettext("International awareness campaign")
    name = selectors.public_site().name
    caption = ngettext("verified signature", "verified signatures", total.signature_count)
    if not can_draw_text(heading, name, caption):
        return None
    return share_image_png(
        heading=heading,
        title=name,
        figure=number_format(total.signature_count, force_grouping=True),
        caption=caption,
    )
