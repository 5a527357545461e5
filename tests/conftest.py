import socket

import pytest
from django.core.cache import caches
from django.db import connection

from config.celery import app as celery_app
from petitions import caching


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Run tasks in-process, except in tests that start a real worker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def verification_email_per_task(settings):
    """Send each verification email as a task at commit, so tests read it at once.

    Production with Redis uses the outbox instead; tests/petitions/test_outbox.py covers it.
    """
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "task"


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Serve static files by name: tests do not run collectstatic to build the manifest."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Counts are cached for a few seconds; each test starts from none."""
    for each in caches.all():
        each.clear()
    caching.ABUSE_LISTS.clear()
    yield
    for each in caches.all():
        each.clear()
    caching.ABUSE_LISTS.clear()


@pytest.fixture(autouse=True)
def no_limits_unless_asked(settings):
    """Tests that are not about limits or bots sign freely (RATE_LIMITS_ENABLED=false, as the
    benchmarks do) and post the form at once; tests/petitions/test_antiabuse_*.py turn them on.
    """
    settings.RATE_LIMITS_ENABLED = False
    settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0


@pytest.fixture
def concurrent_writers():
    """Skip on SQLite, which takes one writer at a time; PostgreSQL (CI) shows the races."""
    if connection.vendor != "postgresql":
        pytest.skip("races need concurrent writers: PostgreSQL (CI) runs this")


@pytest.fixture
def free_port():
    """A local TCP port nothing listens on, for a server the test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
