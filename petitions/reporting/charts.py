"""Charts drawn on the server as inline SVG: they need no JavaScript and scale to a phone."""

import bisect
import json
import math
from functools import cache
from pathlib import Path

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_bidi, pgettext
from django.utils.translation import gettext as _
from django_countries.fields import Country

WORLD_MAP = Path(__file__).resolve().parent.parent / "data" / "world-map.json"
NO_SIGNATURES = "#e3e7ea"
# Light to dark crimson, the campaign's colour: more signatures read as more ink.
SHADES = ("#f2d4d3", "#e0a0a0", "#c4636a", "#9b2c39", "#5e0f1b")
LEADER_OUTLINE = "#1b1d21"
# Head/tail breaks: a class is split off while the countries above the mean are a minority.
HEAD_SHARE = 0.4


@cache
def world_map_shapes():
    """Return the map's view box and each country's path, keyed by ISO 3166-1 alpha-2 code."""
    with WORLD_MAP.open(encoding="utf-8") as file:
        data = json.load(file)
    return data["viewBox"], data["countries"]


def map_classes(by_country):
    """Return the lowest count of each of the map's classes, smallest first, starting at 1.

    Few different counts: one class each. Otherwise head/tail breaks, as signatures by country
    are heavy-tailed (a few countries hold most): the countries above the mean form the next
    class, then those above their mean, while they are a minority; so the leading countries get
    shades of their own instead of sharing the darkest with a dozen others. Shades left over
    split the class holding the most signatures at its mean.
    """
    counts = sorted(c.signature_count for c in by_country if c.signature_count)
    if not counts:
        return []
    distinct = sorted(set(counts))
    if len(distinct) <= len(SHADES):
        return [1, *distinct[1:]]
    bounds = [1]
    tail = counts
    while len(bounds) < len(SHADES) and tail[0] < tail[-1]:
        head = _above_mean(tail)
        bounds.append(head[0])
        if len(head) / len(tail) > HEAD_SHARE:
            break
        tail = head
    while len(bounds) < len(SHADES):
        splittable = [c for c in _classes(counts, bounds) if c[0] < c[-1]]
        if not splittable:
            break
        heaviest = max(splittable, key=sum)
        bounds = sorted([*bounds, _above_mean(heaviest)[0]])
    return bounds


def _above_mean(counts):
    mean = sum(counts) / len(counts)
    return [n for n in counts if n > mean]


def _classes(counts, bounds):
    uppers = [*bounds[1:], math.inf]
    return [[n for n in counts if low <= n < up] for low, up in zip(bounds, uppers, strict=True)]


def shade(signature_count, bounds):
    """Return the fill for a country: the darkest for the top class, lighter below."""
    if not signature_count:
        return NO_SIGNATURES
    offset = len(SHADES) - len(bounds)
    return SHADES[offset + bisect.bisect_right(bounds, signature_count) - 1]


def world_map_svg(by_country):
    """Return an SVG world map with each country coloured by its verified signatures.

    Each country's name and count is its tooltip; the leading country is outlined, as it may
    be a small one.
    """
    view_box, shapes = world_map_shapes()
    counts = {c.code: c.signature_count for c in by_country}
    bounds = map_classes(by_country)
    largest = max(counts.values(), default=0)
    paths = format_html_join(
        "",
        '<path d="{}" fill="{}" data-country="{}">{}</path>',
        (
            (path, shade(counts.get(code, 0), bounds), code, _country_title(code, counts))
            for code, path in shapes.items()
        ),
    )
    leaders = format_html_join(
        "",
        '<path d="{}" data-leading="{}"/>',
        ((path, code) for code, path in shapes.items() if largest and counts.get(code) == largest),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="{}" role="img" '
        'aria-label="{}" stroke="#fff" stroke-width="0.4">{}'
        '<g fill="none" stroke="{}" stroke-width="1.2" pointer-events="none">{}</g></svg>',
        view_box,
        _("World map of signatures per country"),
        paths,
        LEADER_OUTLINE,
        leaders,
    )


def _country_title(code, counts):
    name = Country(code).name
    if not name:  # a territory without an ISO code of its own
        return ""
    if code in counts:
        figure = number_format(counts[code], force_grouping=True)
    else:
        figure = _("no signatures")
    return format_html("<title>{}: {}</title>", name, figure)


def map_legend(by_country):
    """Return (fill, label) pairs explaining the map's colours: each class as a range."""
    bounds = map_classes(by_country)
    legend = [(NO_SIGNATURES, pgettext("map legend: no signatures", "none"))]
    if not bounds:
        return legend
    largest = max(c.signature_count for c in by_country)
    uppers = [bound - 1 for bound in bounds[1:]] + [largest]
    for lower, upper in zip(bounds, uppers, strict=True):
        label = _number(lower) if lower == upper else f"{_number(lower)}–{_number(upper)}"
        legend.append((shade(lower, bounds), label))
    return legend


def _number(n):
    return number_format(n, force_grouping=True)


def bar_chart_svg(days, *, width=640, height=260, label=None, format_date=None):
    """Return an SVG bar chart of signatures per day, labelled with its first and last day.

    days have .date and .signature_count; format_date writes a .date (default: the language's),
    so the same chart shows minutes (the signing rate that staff watch). In a right-to-left
    language time runs from the right, as its reader reads: the first day and the scale on the
    right.
    """
    if not days:
        return ""
    if format_date is None:

        def format_date(date):
            return date_format(date, "DATE_FORMAT")

    rtl = get_language_bidi()
    top = max(day.signature_count for day in days) or 1
    plot_top, plot_bottom = 30, height - 30
    bar_width = width / len(days)

    def bar_x(i):
        position = len(days) - 1 - i if rtl else i
        return f"{position * bar_width + bar_width * 0.1:.2f}"

    # Each label at its edge, anchored inward: "start" is the right edge in right-to-left text.
    near, far = (width, 0) if rtl else (0, width)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
        (
            (
                bar_x(i),
                f"{plot_bottom - (plot_bottom - plot_top) * day.signature_count / top:.2f}",
                f"{bar_width * 0.8:.2f}",
                f"{(plot_bottom - plot_top) * day.signature_count / top:.2f}",
                format_date(day.date),
                number_format(day.signature_count, force_grouping=True),
            )
            for i, day in enumerate(days)
        ),
    )
    return format_html(
        '<svg class="bar-chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<g fill="{fill}">{bars}</g>'
        '<line x1="0" y1="{bottom}" x2="{w}" y2="{bottom}" stroke="#9aa5ae"/>'
        '<g font-size="22" fill="#5b6670" direction="{direction}">'
        '<text x="{near}" y="22">{top}</text>'
        '<text x="{near}" y="{h}">{first}</text>'
        '<text x="{far}" y="{h}" text-anchor="end">{last}</text></g>'
        "</svg>",
        w=width,
        h=height,
        direction="rtl" if rtl else "ltr",
        near=near,
        far=far,
        label=label or _("Verified signatures per day"),
        fill=SHADES[-2],
        bars=bars,
        bottom=plot_bottom,
        top=number_format(top, force_grouping=True),
        first=format_date(days[0].date),
        last=format_date(days[-1].date),
    )
