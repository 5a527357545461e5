"""Limits on bursts: how often one client address and one email domain may sign or ask for a link.

django-ratelimit makes the rules: rates written "10/m", the fixed windows with their jitter,
and the counters' keys; the client is known by petitions.addresses.client_network (its address,
an IPv6 client by its /64), as django-ratelimit would know it. What it does not do is count
several rates at once: each rate costs it an add and an incr, and Django's Redis incr is two
commands, so signing's four rates would cost up to twelve round trips. Here one Lua script
counts them all in one round trip to Redis, in order, and stops at the first rate exceeded, so
that a refused attempt spends nothing of the limits after it (a flood from one address does not
use up its email domain's allowance). While Redis is unreachable the shared cache's outage
state decides (config/cache.py): nothing is counted, Redis is not asked again for a few seconds,
one warning a minute. Without Redis (the embedded default) the counters are the shared cache's,
in the process's memory, counted with add and incr.
"""

import functools
import hashlib
import logging
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate
from redis.exceptions import NoScriptError, RedisError

from config.cache import REDIS_UNREACHABLE, FailSoftRedisCache

from .. import caching
from ..addresses import client_network
from .lists import ip_address_allowed

logger = logging.getLogger(__name__)

ADDRESS = "address"
DOMAIN = "domain"

# KEYS: the counters; ARGV: each one's limit and lifetime. Returns the position (from 1) of the
# first counter past its limit, or 0; counters after it are left as they were. A new window's
# counter is created at 1 with its lifetime in one command; an existing one is incremented.
COUNT_SCRIPT = """
for i, key in ipairs(KEYS) do
  local count = 1
  if not redis.call('SET', key, 1, 'EX', ARGV[2 * i], 'NX') then
    count = redis.call('INCR', key)
  end
  if count > tonumber(ARGV[2 * i - 1]) then
    return i
  end
end
return 0
"""


COUNT_SCRIPT_SHA = hashlib.sha1(COUNT_SCRIPT.encode()).hexdigest()


class Counter(NamedTuple):
    scope: str  # ADDRESS or DOMAIN
    key: str
    limit: int
    period: int  # seconds
    window_end: int  # Unix time at which this window's count starts again from zero


@dataclass(frozen=True)
class LimitExceeded:
    scope: str  # ADDRESS or DOMAIN
    retry_after: int  # seconds until the window that refused ends


def signing_limit_exceeded(*, ip_address, email_domain):
    """Count one signing (or request for a link) by the client and the email domain.

    Return what was exceeded, or None. At most one round trip to the shared cache; none when
    RATE_LIMITS_ENABLED is off.
    """
    if not settings.RATE_LIMITS_ENABLED:
        return None
    counters = []
    if not ip_address_allowed(ip_address):
        counters += _counters(
            ADDRESS, settings.PETITIONS_RATE_LIMITS_ADDRESS, client_network(ip_address)
        )
    if email_domain not in _domains_exempt():
        counters += _counters(DOMAIN, settings.PETITIONS_RATE_LIMITS_DOMAIN, email_domain)
    if not counters:
        return None
    exceeded = _count(counters)
    if exceeded is None:
        return None
    return LimitExceeded(
        scope=exceeded.scope, retry_after=max(1, exceeded.window_end - int(time.time()))
    )


@functools.cache
def _domains_exempt_for(domains):
    return frozenset(domain.strip().lower() for domain in domains)


def _domains_exempt():
    return _domains_exempt_for(tuple(settings.PETITIONS_RATE_LIMITS_DOMAIN_EXEMPT))


@functools.cache
def _parsed_rates(rates):
    """Each rate ("10/m") as (limit, period in seconds), which django-ratelimit's keys take."""
    return tuple(_split_rate(rate) for rate in rates)


def _counters(scope, rates, value):
    group = f"petitions.sign.{scope}"
    counters = []
    for limit, period in _parsed_rates(tuple(rates)):
        window_end = _get_window(value, period)
        key = _make_cache_key(group, window_end, (limit, period), value, None)
        counters.append(Counter(scope, key, limit, period, window_end))
    return counters


def _count(counters):
    """Add one to each counter in order; return the first one past its limit, or None."""
    cache = caches[caching.SHARED]
    if isinstance(cache, FailSoftRedisCache):
        # Signing goes on without Redis (emails wait in the database); so do the limits: while
        # Redis is unreachable, nothing is counted (position 0).
        try:
            position = cache.redis_or(lambda: _redis_count(cache, counters), lambda: 0)
        except RedisError as error:  # an answer that is an error (out of memory, read-only)
            logger.warning("rate limits not counted: Redis answered %s", error)
            return None
        return counters[position - 1] if position else None
    for counter in counters:
        cache.add(counter.key, 0, counter.period + EXPIRATION_FUDGE)
        try:
            count = cache.incr(counter.key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(counter.key, 1, counter.period + EXPIRATION_FUDGE)
            count = 1
        if count > counter.limit:
            return counter
    return None


def _redis_count(cache, counters):
    """Run the counting script on a connection of the cache's pool; return its answer.

    Straight on the connection, as Django's Redis cache has no script call: redis-py's layers
    above it (retries, events, metrics) cost more than the round trip itself. A Redis that lost
    its scripts (restarted) is sent the script once more, which it keeps.
    """
    args = []
    for counter in counters:
        args += [counter.limit, counter.period + EXPIRATION_FUDGE]
    # The keys are hex digests: nothing in them to validate.
    keys = [cache.make_key(counter.key) for counter in counters]
    pool = cache._cache._get_connection_pool(write=True)
    connection = pool.get_connection()
    try:
        try:
            connection.send_command("EVALSHA", COUNT_SCRIPT_SHA, len(keys), *keys, *args)
            return connection.read_response()
        except NoScriptError:
            connection.send_command("EVAL", COUNT_SCRIPT, len(keys), *keys, *args)
            return connection.read_response()
    except REDIS_UNREACHABLE:
        connection.disconnect()  # not given back half read
        raise
    finally:
        pool.release(connection)
