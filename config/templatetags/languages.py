"""The page in each language, written in Python and kept per page: a template loop over eight
languages cost the petition page a sixth of its time."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from config.i18n import absolute_url, page_in_languages, unprefixed_path

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
    if request is None:  # a page rendered without one (the 503 page): no links to itself
        return "", ""
    return _page_links_of(get_language(), request.path, request.META.get("QUERY_STRING", ""))


# The same few pages (a petition, the home) are most requests: their links are kept, a few
# thousand pages' worth per process.
@lru_cache(maxsize=4096)
def _page_links_of(language, path, query):
    links = page_in_languages(path, query)
    if not links:
        return "", ""
    current = next(link for link in links if link.is_current)
    alternates = format_html(
        '{}<link rel="alternate" hreflang="x-default" href="{}">',
        format_html_join(
            "",
            '<link rel="alternate" hreflang="{}" href="{}">\n  ',
            ((link.code, link.absolute_url) for link in links),
        ),
        absolute_url(unprefixed_path(path)),
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
                    link.href,
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
