"""Charts drawn on the server as inline SVG: they need no JavaScript and scale to a phone."""

import json
import math
from functools import cache
from pathlib import Path

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WORLD_MAP = Path(__file__).resolve().parent.parent / "data" / "world-map.json"
NO_SIGNATURES = "#e3e7ea"
# Light to dark green, so that more signatures read as more ink in any culture's colours.
SHADES = ("#c7e9d5", "#8fd0ad", "#4fae80", "#1f8a5b", "#0b5e3b")


@cache
def world_map_shapes():
    """Return the map's view box and each country's path, keyed by ISO 3166-1 alpha-2 code."""
    with WORLD_MAP.open(encoding="utf-8") as file:
        data = json.load(file)
    return data["viewBox"], data["countries"]


def shade(signature_count, largest):
    """Return the fill for a country: five steps on a logarithmic scale up to the largest."""
    if not signature_count:
        return NO_SIGNATURES
    if largest <= 1:
        return SHADES[-1]
    step = math.log(signature_count) / math.log(largest) * (len(SHADES) - 1)
    return SHADES[min(len(SHADES) - 1, round(step))]


def world_map_svg(by_country):
    """Return an SVG world map with each country coloured by its verified signatures."""
    view_box, shapes = world_map_shapes()
    counts = {c.code: c for c in by_country}
    largest = max((c.signature_count for c in by_country), default=0)
    paths = format_html_join(
        "",
        '<path d="{}" fill="{}" data-country="{}"><title>{}</title></path>',
        (
            (
                path,
                shade(counts[code].signature_count if code in counts else 0, largest),
                code,
                f"{counts[code].country.name}: {number_format(counts[code].signature_count, force_grouping=True)}"
                if code in counts
                else code,
            )
            for code, path in shapes.items()
        ),
    )
    return format_html(
        '<svg class="world-map" viewBox="{}" role="img" aria-label="{}" '
        'stroke="#fff" stroke-width="0.4">{}</svg>',
        view_box,
        _("World map of signatures per country"),
        paths,
    )


def map_legend(by_country):
    """Return (fill, label) pairs explaining the map's colours."""
    largest = max((c.signature_count for c in by_country), default=0)
    legend = [(NO_SIGNATURES, _("none"))]
    if largest:
        bounds = [max(1, round(largest ** (i / (len(SHADES) - 1)))) for i in range(len(SHADES))]
        legend += [
            (fill, f"≈ {number_format(bound, force_grouping=True)}")
            for fill, bound in zip(SHADES, bounds, strict=True)
        ]
    return legend


def bar_chart_svg(days, *, width=640, height=260, label=None, format_date=None):
    """Return an SVG bar chart of signatures per day, labelled with its first and last day.

    days have .date and .signature_count; format_date writes a .date (default: a short date),
    so the same chart shows minutes (the signing rate that staff watch).
    """
    if not days:
        return ""
    if format_date is None:

        def format_date(date):
            return date_format(date, "SHORT_DATE_FORMAT")

    top = max(day.signature_count for day in days) or 1
    plot_top, plot_bottom = 30, height - 30
    bar_width = width / len(days)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{i * bar_width + bar_width * 0.1:.2f}",
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
        '<g fill="#0b6e4f">{bars}</g>'
        '<line x1="0" y1="{bottom}" x2="{w}" y2="{bottom}" stroke="#9aa5ae"/>'
        '<g font-size="22" fill="#5b6670"><text x="0" y="22">{top}</text>'
        '<text x="0" y="{h}">{first}</text>'
        '<text x="{w}" y="{h}" text-anchor="end">{last}</text></g>'
        "</svg>",
        w=width,
        h=height,
        label=label or _("Verified signatures per day"),
        bars=bars,
        bottom=plot_bottom,
        top=number_format(top, force_grouping=True),
        first=format_date(days[0].date),
        last=format_date(days[-1].date),
    )
