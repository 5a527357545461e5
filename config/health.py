"""/healthz for load balancers: can this web node serve? Only PostgreSQL decides.

It is answered by a middleware placed right after the request id, ahead of SecurityMiddleware
and CommonMiddleware, so that:
- a load balancer probing a node by its IP address (Host: 10.0.0.5:8000) is not refused by
  ALLOWED_HOSTS: the probe never reaches the code that validates the Host header;
- no session, authentication, CSRF or locale work is done: a probe costs one `SELECT 1` and one
  Redis PING.
Every other path goes through the whole stack, Host validation included.

Without PostgreSQL nothing can be served: 503. Without Redis every page, signing and
confirming still work (config/cache.py; the emails wait in PostgreSQL), so the answer stays 200
with "status": "degraded" and "redis": "failed": a load balancer must not take every node out
because the cache they share is down.

`/healthz?details=1` adds what a load balancer need not act on, for operators and monitoring:
the verification emails owed, parked (refused for good) and the age of the oldest owed, each
read from a small index; "delayed" (and "emails delayed" in "warnings") once the oldest has
been owed longer than PETITIONS_EMAILS_DELAYED_SECONDS; when beat last had a task run, and the
workers seen in the last minute (config/heartbeats.py). None of it changes the status code.
Worker host names and the backlog are not for anyone: details are given to monitoring with
`Authorization: Bearer <HEALTHZ_DETAILS_TOKEN>` and to a staff session that may use the admin;
anyone else gets the plain answer.
"""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django_otp.middleware import OTPMiddleware

from petitions.caching import LOCAL, CachedAnswer
from petitions.selectors import verification_emails_outbox

from .heartbeats import heartbeats_figures

PATH = "/healthz"

logger = logging.getLogger(__name__)

# Kept a second in each process, like the outbox's figures: monitoring may poll often.
HEARTBEAT_FIGURES = CachedAnswer("heartbeat-figures", LOCAL, "PETITIONS_LOCAL_CACHE_SECONDS")


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
    """(ok, report): ok unless the database failed; Redis failing only degrades the node."""
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
    except Exception as error:
        # One line, no traceback: a probe every few seconds while Redis is down.
        logger.warning("health check: Redis failed: %s", error)
        report["redis"] = "failed"
    ok = report["database"] == "ok"
    if not ok:
        report["status"] = "failed"
    elif report["redis"] == "failed":
        report["status"] = "degraded"
    return ok, report


def details():
    """The outbox's figures and the background processes' signs of life, for monitoring.

    Each part is "failed" if it cannot be read: details never change the status of the answer.
    """
    report = {"warnings": []}
    try:
        emails = dict(verification_emails_outbox())
        emails["delayed"] = (
            emails["oldest_owed_seconds"] > settings.PETITIONS_EMAILS_DELAYED_SECONDS
        )
        if emails["delayed"]:
            report["warnings"].append("emails delayed")
        report["emails"] = emails
    except Exception:
        logger.exception("health check: the outbox's figures failed")
        report["emails"] = "failed"
    try:
        report |= HEARTBEAT_FIGURES.get_or_set(build=heartbeats_figures)
    except Exception:
        logger.exception("health check: the heartbeats failed")
        report["workers"] = "failed"
    return report


def details_allowed(request):
    """Whether a request may read the details: monitoring's bearer token, or a staff session."""
    token = settings.HEALTHZ_DETAILS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and constant_time_compare(given.strip(), token):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    # This answer comes before the session, authentication and two-factor middlewares: read
    # the session as they would (and save nothing), then ask what the admin asks.
    SessionMiddleware(lambda request: None).process_request(request)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    OTPMiddleware(lambda request: None)(request)
    return admin.site.has_permission(request)


def healthz(request):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"status": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
    else:
        ok, report = health()
        if "details" in request.GET and report["database"] == "ok" and details_allowed(request):
            report |= details()
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
