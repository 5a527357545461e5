"""Template tags for sharing a page: absolute links, share links and the page's locale."""

import html
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext

from config.i18n import absolute_url

register = template.Library()

# Open Graph names a locale with its territory; the one each language is mostly read in.
OG_LOCALES = {
    "en": "en_GB",
    "az": "az_AZ",
    "ru": "ru_RU",
    "tr": "tr_TR",
    "fr": "fr_FR",
    "es": "es_ES",
    "de": "de_DE",
    "ar": "ar_AR",
}


register.filter("absolute_url", absolute_url)


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(get_language(), "en_GB")


# Each network's share address; {url} and {text} are filled in percent-encoded.
SHARE_ADDRESSES = (
    ("WhatsApp", "https://wa.me/?text={text}%20{url}"),
    ("Telegram", "https://t.me/share/url?url={url}&text={text}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("X", "https://x.com/intent/post?url={url}&text={text}"),
    ("VK", "https://vk.com/share.php?url={url}&title={text}"),
)


@register.simple_tag
def share_links(url, text, heading=""):
    """Links that share a page on WhatsApp, Telegram, Facebook, X and VK, and its link to copy
    (a button with script, static/js/share.js; a field to select without).

    Written in Python and kept per page and language: the petition page shows it to everyone.
    """
    return _share_links(get_language(), absolute_url(url), str(text), str(heading))


@lru_cache(maxsize=1024)
def _share_links(language, url, text, heading):
    encoded = {"url": quote(url, safe=""), "text": quote(text, safe="")}
    links = format_html_join(
        "",
        '<li><a href="{}" rel="noopener" target="_blank">{}</a></li>',
        ((address.format(**encoded), name) for name, address in SHARE_ADDRESSES),
    )
    return format_html(
        '<section class="share" aria-labelledby="share-title">'
        '<h2 id="share-title">{heading}</h2><ul class="share-links">{links}</ul>'
        '<p class="copy-link"><label for="share-url">{label}</label> '
        '<span class="copy-link-row"><input id="share-url" type="url" value="{url}" readonly '
        'dir="ltr"> <button type="button" class="secondary" data-copy="share-url" '
        'data-copied="{copied}" hidden>{copy}</button></span>'
        '<span class="copy-status" role="status" data-copy-status></span></p></section>'
        '<script src="{script}" defer></script>',
        heading=heading or gettext("Share"),
        links=links,
        label=gettext("Link to share"),
        url=url,
        copied=gettext("Link copied"),
        copy=gettext("Copy link"),
        script=static("js/share.js"),
    )


@register.filter
def summary(text, length=200):
    """The start of a text for a link preview: at most `length` characters, cut at a space."""
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


@register.simple_tag
def embed_snippets(petition):
    """The HTML a partner pastes to embed a petition, one per language: (language, snippet)."""
    snippets = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = absolute_url(reverse("petitions:embed", kwargs={"slug": petition.slug}))
            title = petition.title
        # Plain text to copy: the template escapes it (once more) into its text area.
        snippet = (
            f'<iframe src="{html.escape(url)}" title="{html.escape(title)}" width="100%" '
            'height="720" loading="lazy" style="border: 0; max-width: 40rem"></iframe>'
        )
        snippets.append((name, snippet))
    return snippets
