"""The shared cache: Django's Redis cache, for which a Redis that does not answer is no error.

Counts, statistics and rate-limit counters are kept in Redis, shared by every process. Redis
going away (stopped, restarted, a failover) must not fail a page, a signature or a count: while
it is unreachable, this cache
- keeps what is set or added in this process's memory and reads it back from there (so the
  counts every page shows are read from PostgreSQL once per lifetime and process, not at every
  request, and a solved ALTCHA challenge is spent in this process at least);
- answers other calls to Redis (`redis_or`: the rate limits' count) with their fallback, so
  that the limits let requests through: supporters must still be able to sign;
- after a failure, does not try Redis again for `retry_seconds` (OPTIONS, 5): a Redis that times
  out costs one request per process that long, not every request.
It logs a warning when Redis stops answering (at most once a minute per process) and a line when
it answers again; everything resumes by itself.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Connection refused or reset, a timeout, a Redis still loading its data after a restart.
REDIS_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARNING_INTERVAL = 60


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache, answering from this process's memory while Redis is unreachable."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = options.pop("retry_seconds", 5)
        super().__init__(server, params | {"OPTIONS": options})
        # While Redis is unreachable: what this process set, for as long as it was set for.
        self._memory = LocMemCache(f"fail-soft-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 1000}})
        self._unreachable_until = 0.0
        self._warned_at = None

    @property
    def unreachable(self):
        """Whether Redis failed within the last retry_seconds (then it is not asked)."""
        return time.monotonic() < self._unreachable_until

    def redis_or(self, call, fallback):
        """Return call() (a command to Redis), or fallback() while Redis is unreachable."""
        if self.unreachable:
            return fallback()
        try:
            result = call()
        except REDIS_UNREACHABLE as error:
            self._unreachable_until = time.monotonic() + self.retry_seconds
            now = time.monotonic()
            if self._warned_at is None or now - self._warned_at >= WARNING_INTERVAL:
                self._warned_at = now
                logger.warning(
                    "Redis unreachable (%s): the shared cache answers from this process's "
                    "memory, and rate limits let requests through, until it answers again",
                    error,
                )
            return fallback()
        if self._warned_at is not None:
            self._warned_at = None
            self._memory.clear()
            logger.warning("Redis answers again: the shared cache is back in use")
        return result

    def get(self, key, default=None, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).get(key, default, version),
            lambda: self._memory.get(key, default, version),
        )

    def get_many(self, keys, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).get_many(keys, version),
            lambda: self._memory.get_many(keys, version),
        )

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        if not self.unreachable:
            value = self.get(key, self._missing_key, version)
            if value is not self._missing_key:
                return value
        if self.unreachable:  # already, or since the get above
            return self._memory.get_or_set(key, default, timeout, version)
        if callable(default):
            default = default()
        self.add(key, default, timeout, version)
        # Another process may have added it meanwhile: theirs is the answer, as Django's.
        return self.get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version),
            lambda: self._memory.set(key, value, timeout, version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version),
            lambda: self._memory.set_many(data, timeout, version),
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version),
            lambda: self._memory.add(key, value, timeout, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).touch(key, timeout, version),
            lambda: self._memory.touch(key, timeout, version),
        )

    def has_key(self, key, version=None):
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).has_key(key, version),
            lambda: self._memory.has_key(key, version),
        )

    def delete(self, key, version=None):
        self._memory.delete(key, version)
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).delete(key, version), lambda: False
        )

    def delete_many(self, keys, version=None):
        self._memory.delete_many(keys, version)
        return self.redis_or(
            lambda: super(FailSoftRedisCache, self).delete_many(keys, version), lambda: None
        )

    def clear(self):
        self._memory.clear()
        return self.redis_or(lambda: super(FailSoftRedisCache, self).clear(), lambda: False)


class ProcessMemoryCache(LocMemCache):
    """Django's local-memory cache, keeping each value as built instead of pickled.

    The "local" cache (petitions/caching.py): what every supporter's request reads at a peak,
    where unpickling a petition with its eight languages took 100 µs at every read. Its values
    are not changed once built (frozen dataclasses, strings, model instances that pages only
    read): every reader gets the same object. Its keys are this project's own, so Django's check
    that a key would suit memcached (a loop over its characters) is left out.
    """

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
            return value
