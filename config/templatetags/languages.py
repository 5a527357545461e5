"""The page in each language, written in Python and kept per language: a template loop over
eight languages cost the petition page a sixth of its time."""

from functools import cache

from django import template
from django.conf import settings
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from config.i18n import absolute_url, page_in_languages

register = template.Library()


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for each language and x-default, for search engines."""
    return _page_links(context.get("request"))[0]


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """A disclosure listing the page in each language, each named in itself; works without
    script."""
    return _page_links(context.get("request"))[1]


def _page_links(request):
    language = get_language()
    prefix = f"/{language}/"
    if request is None or not request.path.startswith(prefix):
        # Rendered without a request (the 503 page), or unprefixed (admin, API): no links.
        return "", ""
    # The links differ from page to page only by the path after the language: they are built
    # once per language around a mark, which each page's path replaces (with its query in the
    # switcher, which keeps the events' filters).
    path = request.path[len(prefix) - 1 :]
    query = request.META.get("QUERY_STRING", "")
    alternates, switcher = _page_links_around_mark(language, settings.SITE_URL)
    return (
        mark_safe(alternates.replace(PATH_MARK, escape(path))),
        mark_safe(switcher.replace(PATH_MARK, escape(f"{path}?{query}" if query else path))),
    )


# Stands for the path after the language prefix ("/p/<slug>/"): nothing escapes or encodes it.
PATH_MARK = "/PAGE-PATH-MARK"


@cache
def _page_links_around_mark(language, site_url):
    """The alternates and the switcher around PATH_MARK; site_url is in the key, as the
    alternates are absolute."""
    links = page_in_languages(f"/{language}{PATH_MARK}")
    current = next(link for link in links if link.is_current)
    alternates = format_html(
        '{}<link rel="alternate" hreflang="x-default" href="{}">',
        format_html_join(
            "",
            '<link rel="alternate" hreflang="{}" href="{}">\n  ',
            ((link.code, link.absolute_url) for link in links),
        ),
        absolute_url(PATH_MARK),
    )
    switcher = format_html(
        '<details class="language-switcher"><summary><span class="visually-hidden">{} </span>'
        '<span lang="{}">{}</span></summary>\n<ul>{}</ul></details>',
        gettext("Language:"),
        current.code,
        current.name,
        format_html_join(
            "",
            '<li><a href="{}" hreflang="{}" lang="{}" dir="{}"{}>{}</a></li>\n',
            (
                (
                    link.path,
                    link.code,
                    link.code,
                    "rtl" if link.bidi else "ltr",
                    mark_safe(' aria-current="true"') if link.is_current else "",
                    link.name,
                )
                for link in links
            ),
        ),
    )
    return alternates, switcher
