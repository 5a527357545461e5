"""Template tags for sharing a page: absolute links, share links and the page's locale."""

import html

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

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


@register.filter
def absolute_url(path):
    """The site's absolute address of a path (for link previews and share links)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def og_locale():
    return OG_LOCALES.get(get_language(), "en_GB")


@register.inclusion_tag("_share.html")
def share_links(url, text, heading=""):
    """Links that share a page on WhatsApp, Telegram, Facebook, X and VK, and a copy button."""
    return {"url": absolute_url(url), "text": text, "heading": heading}


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
