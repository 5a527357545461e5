"""Gunicorn's settings for the web server, read from the environment.

    gunicorn -c config/gunicorn.py config.wsgi

Sync workers are enough here: no request waits on anything slow. Signing records its email as
owed (the outbox), counts come from a few counter rows or the cache, and long work (signer exports of
any size, milestone emails) runs in Celery tasks that write files, which the admin then serves
with their Content-Length. So no request streams or blocks for longer than `timeout`, and
concurrency is simply processes: raise WEB_CONCURRENCY or add web nodes.
"""

import importlib
import logging
import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# BIND wins (host:port or unix:/path); else PORT, as platforms set it, on every interface;
# else localhost only, for a machine where a reverse proxy or nobody else connects.
if os.environ.get("BIND"):
    bind = [os.environ["BIND"]]
elif os.environ.get("PORT"):
    bind = [f"0.0.0.0:{os.environ['PORT']}"]
else:
    bind = ["127.0.0.1:8000"]

workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request taking longer than this is a bug: its worker is killed and restarted.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On a restart or a deploy (SIGTERM), requests in flight get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a load balancer that keeps connections open, keep them a little longer than zero.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle each worker after about this many requests (jitter: not all at once), so that a slow
# leak never grows unbounded; rarely, since a new worker starts with cold caches and at a peak
# of 1,000 requests a second, a small number would restart each worker every few seconds.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 10_000)

# Access log on standard output, with the time taken and the request id of each request;
# gunicorn's own messages on standard error. The application's logs follow Django's LOGGING.
# No client address: behind nginx on a unix socket gunicorn has none, X-Forwarded-For is
# partly the client's to write, and an address in clear is personal data that the database
# keeps only hashed; the request id leads to the load balancer's log line, which has it.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'

# No control socket (gunicornc): its default path is one per user, so two servers on one machine
# (a deploy overlapping the last, a test beside `make serve`) would take it from each other.
# Signals (HUP to reload, TERM to stop, TTIN/TTOU for workers) do the same.
control_socket_disable = True


def on_starting(server):
    """Read the Django settings in the master, before any worker starts."""
    # A refused SECRET_KEY then stops gunicorn with its one-line message, instead of each worker
    # exiting on it and being replaced, forever.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    # No email address in clear in the access log either: a search in the admin puts one in the
    # URL, and the referrer of the next request repeats it. Workers inherit the filter.
    from config.logging_filters import PersonalDataFilter

    logging.getLogger("gunicorn.access").addFilter(PersonalDataFilter())
