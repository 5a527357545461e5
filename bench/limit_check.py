"""What the limits add to one signing request, timed in-process (no HTTP server, no wrk).

    REDIS_URL=redis://127.0.0.1:6379/N DATABASE_URL=… .venv/bin/python -m bench.limit_check [N]

First the limit check alone: N fresh client addresses and domains (the worst case: every counter
is created), the same again (counted and refused), and with an exempt domain. Then N signatures
through the API with Django's test client, each from its own address and domain, limits off and
on, in a throwaway petition of the database named (its signatures are deleted afterwards).
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "SECRET_KEY", "bench-secret-key-only-for-loopback-benchmarks-never-in-production"
)
os.environ.setdefault("HTTPS_ONLY", "0")  # the test client speaks plain HTTP

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.cache.backends.redis import RedisCache  # noqa: E402

from petitions.antiabuse.limits import signing_limit_exceeded  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000


def per_check(addresses, domains):
    start = time.perf_counter()
    for ip_address, domain in zip(addresses, domains, strict=True):
        signing_limit_exceeded(ip_address=ip_address, email_domain=domain)
    return (time.perf_counter() - start) / len(addresses) * 1e6


def main():
    fresh = [f"198.18.{n // 250}.{n % 250 + 1}" for n in range(N)]
    domains = [f"d{n}.bench.example" for n in range(N)]
    settings.PETITIONS_RATE_LIMITS_ADDRESS = ["10/m", "100/h"]
    caches["default"].clear()
    print(f"cache: {caches['default'].__class__.__name__}, {N} checks each")
    settings.RATE_LIMITS_ENABLED = False
    print(f"  limits off:                         {per_check(fresh, domains):7.1f} µs")
    settings.RATE_LIMITS_ENABLED = True
    print(f"  fresh address and domain (4 keys):  {per_check(fresh, domains):7.1f} µs")
    print(f"  same keys again (counted, refused): {per_check(fresh, domains):7.1f} µs")
    exempt = ["gmail.com"] * N
    print(f"  exempt domain (2 keys):             {per_check(fresh, exempt):7.1f} µs")
    caches["default"].clear()
    signing_with_and_without_limits(fresh, domains)


def signing_with_and_without_limits(addresses, domains):
    from django.test import Client

    from petitions.models import Petition, Signature
    from tests.factories import PetitionFactory

    petition = PetitionFactory(slug=f"limit-check-{int(time.time())}")
    client = Client()
    url = f"/api/v1/petitions/{petition.slug}/signatures/"
    batch = 50
    timings = {False: [], True: []}
    cpu = {False: [], True: []}
    try:
        # Off and on alternate in small batches, so that a busy machine slows both alike.
        for first in range(0, len(addresses) - batch + 1, batch):
            for enabled in (False, True):
                settings.RATE_LIMITS_ENABLED = enabled
                start, start_cpu = time.perf_counter(), time.process_time()
                for i in range(first, first + batch):
                    body = {"name": "B", "email": f"s{enabled:d}-{i}@{domains[i]}", "country": "FR"}
                    response = client.post(
                        url,
                        body,
                        content_type="application/json",
                        REMOTE_ADDR=addresses[i],
                    )
                    assert response.status_code == 202, response.content
                timings[enabled].append((time.perf_counter() - start) / batch * 1e3)
                cpu[enabled].append((time.process_time() - start_cpu) / batch * 1e3)
        for name, figures in [("wall time", timings), ("this process's CPU", cpu)]:
            off, on = statistics.median(figures[False]), statistics.median(figures[True])
            print(
                f"  signing through the API, {name}: limits off {off:6.3f} ms, "
                f"on {on:6.3f} ms a request ({on / off - 1:+.1%}; medians of batches of {batch})"
            )
        if isinstance(caches["default"], RedisCache):
            info = caches["default"]._cache.get_client().info("commandstats")
            print(f"  Redis's own time per limit check (EVALSHA): {info.get('cmdstat_evalsha')}")
    finally:
        Signature.objects.filter(petition=petition).delete()
        Petition.objects.filter(pk=petition.pk).delete()
        caches["default"].clear()


if __name__ == "__main__":
    main()
