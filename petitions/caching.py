"""Every cached answer of petitions and the home page: its key, its lifetime and its layer, in one place.

Two layers, both Django caches:
- SHARED ("default"): Redis in production, shared by every web process and worker. Counts are
  kept there for PETITIONS_COUNT_CACHE_SECONDS, so a page reloaded by everyone costs one cache
  read instead of a query.
- LOCAL ("local"): each process's own memory, for what every supporter reads at a peak and may
  be a second old (PETITIONS_LOCAL_CACHE_SECONDS): no network round trip at all. A count read
  there is at most LOCAL + SHARED seconds old.

Parts of pages are kept in LOCAL too, by the templates' {% cache %} tags: every page's brand, menu
and footer (templates/base.html, a minute, per language and campaign name) and the petition
page's parts around its form (petition_detail.html, PETITIONS_LOCAL_CACHE_SECONDS, per petition,
language and count).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

SHARED = "default"
LOCAL = "local"


@dataclass(frozen=True)
class CachedAnswer:
    """One kind of cached answer: a key prefix, the layer that keeps it, and for how long."""

    prefix: str
    layer: str
    seconds_setting: str | None = None
    seconds: float | None = None

    def key(self, *parts):
        return ":".join([self.prefix, *map(str, parts)])

    def timeout(self):
        if self.seconds_setting:
            return getattr(settings, self.seconds_setting)
        return self.seconds

    def get_or_set(self, *parts, build):
        """Return the answer cached for these parts, or build, keep and return it."""
        return caches[self.layer].get_or_set(self.key(*parts), build, self.timeout())

    def add(self, *parts, timeout=None):
        """Keep a mark for these parts unless one is kept; return whether this call kept it."""
        return caches[self.layer].add(self.key(*parts), 1, timeout or self.timeout())

    def get_or_set_many(self, parts, *, build_missing):
        """Return {part: answer} in one round trip; build_missing(parts) gives those not kept."""
        keys = {self.key(part): part for part in parts}
        cache = caches[self.layer]
        found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
        missing = [part for part in parts if part not in found]
        if missing:
            built = build_missing(missing)
            cache.set_many({self.key(part): built[part] for part in missing}, self.timeout())
            found |= built
        return found


# A petition's verified total and per-country counts (selectors.petition_count).
PETITION_COUNT = CachedAnswer("petition-count", SHARED, "PETITIONS_COUNT_CACHE_SECONDS")
# Verified signatures per day before today, which only invalidation changes; and today's.
SIGNATURES_BY_PAST_DAY = CachedAnswer("petition-by-day", SHARED, "PETITIONS_STATS_CACHE_SECONDS")
SIGNATURES_TODAY = CachedAnswer("petition-today", SHARED, "PETITIONS_COUNT_CACHE_SECONDS")

# What every supporter's request reads at a peak, from this process's memory.
RECENT_PUBLIC_PETITION = CachedAnswer("public-petition", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS")
RECENT_PETITION = CachedAnswer("petition", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS")
RECENT_PETITION_COUNT = CachedAnswer(
    "public-petition-count", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS"
)
# The API's answers, as the JSON-ready data (detail: per language, for the country names) or the
# rendered bytes (count: what every open page polls).
PETITION_DETAIL_ANSWER = CachedAnswer(
    "petition-detail-answer", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS"
)
PETITION_COUNT_ANSWER = CachedAnswer(
    "petition-count-answer", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS"
)
# The petition page's recent supporters (those who consented to show their name), and the id of
# the privacy notice in force, which every signature records.
RECENT_SUPPORTERS = CachedAnswer(
    "recent-supporters", LOCAL, "PETITIONS_RECENT_SUPPORTERS_CACHE_SECONDS"
)
CURRENT_PRIVACY_NOTICE_ID = CachedAnswer(
    "privacy-notice-id", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS"
)
# The empty sign form's fields (250 countries: most of the petition page's rendering time), per
# language; it changes only with a deployment.
SIGN_FORM_FIELDS = CachedAnswer("sign-form-fields", LOCAL, seconds=3600)
# The outbox's figures for /healthz?details=1 (public: a flood of requests costs no more).
OUTBOX_FIGURES = CachedAnswer("outbox-figures", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS")
# The campaign's name and what is open for signing (every page's header) change a few times a
# year: a minute's delay. The home's petitions, events, recognitions and news, as fresh as the
# petition page's petition; its map, drawn once per language (country names) every few seconds.
PUBLIC_SITE = CachedAnswer("public-site", LOCAL, seconds=60)
HOME_CONTENT = CachedAnswer("home-content", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS")
SIGNATURES_MAP = CachedAnswer("signatures-map", LOCAL, "PETITIONS_COUNT_CACHE_SECONDS")
# Share images (link previews) of petitions and of the campaign, per language: drawn at most
# once per PETITIONS_SHARE_IMAGE_SECONDS for every web process.
SHARE_IMAGE = CachedAnswer("share-image", SHARED, "PETITIONS_SHARE_IMAGE_SECONDS")


class ProcessMemo:
    """One value kept in this process's memory as built, not pickled, for a lifetime.

    For what every signing consults and staff rarely change: building it costs queries, and a
    Django cache would unpickle the whole of it on every read. Saving one of its models clears
    it in the process that saved; the others see the change within the lifetime.
    """

    def __init__(self, seconds_setting):
        self.seconds_setting = seconds_setting
        self._value = None
        self._expires_at = 0.0

    def get_or_build(self, build):
        """Return the value kept, or build, keep and return it once the lifetime is over."""
        now = time.monotonic()
        if self._value is None or now >= self._expires_at:
            self._value = build()
            self._expires_at = now + getattr(settings, self.seconds_setting)
        return self._value

    def clear(self):
        self._value = None


# The staff's block lists (email domains, IP hashes) and allowed networks (antiabuse/lists.py).
ABUSE_LISTS = ProcessMemo("PETITIONS_ABUSE_LISTS_CACHE_SECONDS")
# Limit counters live in the SHARED cache (antiabuse/limits.py: django-ratelimit's keys); a
# solved ALTCHA challenge is remembered there until it expires, so it serves once.
ALTCHA_USED = CachedAnswer("altcha-used", SHARED, "PETITIONS_ALTCHA_EXPIRES_SECONDS")
