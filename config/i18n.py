"""The page in every language: the language of a request, the language switcher and the
hreflang alternates.

Every public page's URL starts with its language (/az/p/<slug>/): the same page in another
language is the same path under another prefix. No URL is resolved or reversed per language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.middleware import locale
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    activate,
    get_language,
    get_language_from_request,
    get_language_info,
)

# Paths outside i18n_patterns (config/urls.py): their language is the cookie's or
# Accept-Language's.
UNPREFIXED_PATHS = ("/api/", "/admin/")


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, which need not look for a language in the path of the API or the admin.

    Django looks three times per request (first segment "api": no such language), and the
    lookup is not cached when it fails: half the middleware's time, which the count that every
    open page polls spends for nothing. Those paths have no page in another language to redirect
    a 404 to, either.
    """

    def process_request(self, request):
        if not request.path_info.startswith(UNPREFIXED_PATHS):
            return super().process_request(request)
        activate(get_language_from_request(request))
        request.LANGUAGE_CODE = get_language()
        return None

    def process_response(self, request, response):
        if not request.path_info.startswith(UNPREFIXED_PATHS):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", get_language())
        return response


@dataclass(frozen=True)
class LanguageLink:
    code: str
    # The language's name in itself ("Azərbaycanca", "العربيّة"): what its reader looks for.
    name: str
    bidi: bool
    path: str
    is_current: bool

    @property
    def absolute_url(self):
        """The page's address for search engines and link previews (hreflang, og:url)."""
        return absolute_url(self.path)


_LANGUAGE_INFO = {}


def _language_info(code):
    if code not in _LANGUAGE_INFO:
        # Right to left as the pages are (LANGUAGES_BIDI): Django's language info calls
        # Azerbaijani bidi, for its Arabic script in Iran; the site writes it in Latin letters.
        bidi = code.split("-")[0] in settings.LANGUAGES_BIDI
        _LANGUAGE_INFO[code] = (get_language_info(code)["name_local"], bidi)
    return _LANGUAGE_INFO[code]


def path_in_language(path, code):
    """Return a page's path (starting with its language prefix) in another language."""
    current = get_language()
    return f"/{code}{path[len(current) + 1 :]}"


def page_in_languages(path):
    """Return a LanguageLink per language for a page; none for an unprefixed page (admin, API)."""
    current = get_language()
    if not path.startswith(f"/{current}/"):
        return []
    links = []
    for code, _name in settings.LANGUAGES:
        name, bidi = _language_info(code)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                bidi=bidi,
                path=path_in_language(path, code),
                is_current=code == current,
            )
        )
    return links


def absolute_url(path):
    """The site's absolute address of a path (for search engines, link previews, sharing)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def absolute_url_before_token(view_name):
    """The absolute link of a view that takes a token, up to the token: this, the token and "/"
    make the link. Tokens hold only characters that URLs keep as they are, so reverse() would
    add nothing: emails sent in batches put each recipient's token in without reversing."""
    return absolute_url(reverse(view_name, kwargs={"token": "-"}).removesuffix("-/"))
