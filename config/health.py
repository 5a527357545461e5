"""/healthz for load balancers: is this web node able to serve (database, and Redis if used)?

It is answered by a middleware placed right after the request id, ahead of SecurityMiddleware
and CommonMiddleware, so that:
- a load balancer probing a node by its IP address (Host: 10.0.0.5:8000) is not refused by
  ALLOWED_HOSTS: the probe never reaches the code that validates the Host header;
- no session, authentication, CSRF or locale work is done: a probe costs one `SELECT 1` and one
  Redis PING.
Every other path goes through the whole stack, Host validation included.

`/healthz?details=1` adds what a load balancer need not act on: the verification emails owed,
parked (refused for good) and the age of the oldest owed, each read from a small index. Parked
emails are for staff to look at in the admin; they never turn the answer into a 503.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from petitions.selectors import verification_emails_outbox

PATH = "/healthz"

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def redis_client():
    """The default cache's Redis client, or None when the cache is not Redis (no REDIS_URL)."""
    # Django's RedisCache keeps its redis-py client behind `_cache`; there is no public accessor.
    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    return client.get_client(write=True)


def health():
    """(ok, report): each check "ok", "failed", or for Redis "not configured"."""
    report = {"status": "ok", "database": "ok", "redis": "not configured"}
    try:
        check_database()
    except Exception:
        logger.exception("health check: the database failed")
        report["database"] = "failed"
    try:
        client = redis_client()
        if client is not None:
            client.ping()
            report["redis"] = "ok"
    except Exception:
        logger.exception("health check: Redis failed")
        report["redis"] = "failed"
    ok = "failed" not in report.values()
    if not ok:
        report["status"] = "failed"
    return ok, report


def emails_details():
    """The outbox's figures, or "failed": details never change the status of the answer."""
    try:
        return verification_emails_outbox()
    except Exception:
        logger.exception("health check: the outbox's figures failed")
        return "failed"


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"status": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
    else:
        ok, report = health()
        if "details" in request.GET and report["database"] == "ok":
            report["emails"] = emails_details()
        response = JsonResponse(report, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers /healthz before Host validation, sessions and the rest (see the module's text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in (PATH, PATH + "/"):
            return healthz(request)
        return self.get_response(request)
