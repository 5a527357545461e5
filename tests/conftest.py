import copy
import os
import shutil
import socket

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.utils import translation

from config.celery import app as celery_app
from petitions import caching
from tests.petitions.helpers import database_url_of_the_test_database
from tests.throwaway import Processes, skip_or_fail


def settings_and_environment():
    """Return the settings, the environment and Celery's eager flag as they are now."""
    return {
        "settings": {
            name: copy.deepcopy(getattr(django_settings, name))
            for name in dir(django_settings)
            if name.isupper()
        },
        # pytest sets PYTEST_CURRENT_TEST to the test that runs, teardown included.
        "environment": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
        "task_always_eager": celery_app.conf.task_always_eager,
    }


@pytest.fixture(scope="session", autouse=True)
def left_as_found(django_db_modify_db_settings):
    """Fail the session if tests leave a setting, an environment variable or the eager flag
    changed: a later test would run in another configuration than it states.

    Read after pytest-django names each test worker's database (test_<name>_gw0, …).
    """
    before = settings_and_environment()
    yield
    after = settings_and_environment()
    changed = sorted(
        f"{part}: {name}"
        for part in ("settings", "environment")
        for name in before[part].keys() | after[part].keys()
        if before[part].get(name, "<unset>") != after[part].get(name, "<unset>")
    )
    if before["task_always_eager"] != after["task_always_eager"]:
        changed.append("Celery's task_always_eager")
    assert not changed, f"tests left these changed: {', '.join(changed)}"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Hash test users' passwords with MD5: production's PBKDF2 takes a fraction of a second each."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Run tasks in-process, except in tests that start a real worker; restore the flag after."""
    worker = request.node.get_closest_marker("celery_worker") is not None
    # A patch of its own: a test's monkeypatch.undo() must not switch tasks to the broker.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(celery_app.conf, "task_always_eager", not worker)
        yield


@pytest.fixture(autouse=True)
def verification_email_outbox(settings):
    """Verification emails leave through the outbox, as in production with Redis.

    Signing only records the email as owed; tests read it after the outbox ran (see
    tests/petitions/helpers.py). The per-signature task mode is tested on purpose in
    tests/petitions/test_verification_emails.py.
    """
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"


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
def default_language():
    """Each test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware), and a later test's texts would be in it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_limits_unless_asked(settings):
    """Tests that are not about limits or bots sign freely (RATE_LIMITS_ENABLED=false, as the
    benchmarks do) and post the form at once; tests/petitions/test_antiabuse_*.py turn them on.
    """
    settings.RATE_LIMITS_ENABLED = False
    settings.PETITIONS_SIGN_FORM_MIN_SECONDS = 0


@pytest.fixture
def counts_shown_at_once(settings):
    """A confirmed signature shows in the count at the next page load: no cached counts (in
    production they lag a few seconds, see petitions/caching.py)."""
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    settings.PETITIONS_LOCAL_CACHE_SECONDS = 0


@pytest.fixture
def concurrent_writers():
    """Skip on SQLite, which takes one writer at a time; PostgreSQL (CI) shows the races."""
    if connection.vendor != "postgresql":
        pytest.skip("races need concurrent writers: PostgreSQL (CI) runs this")


@pytest.fixture
def celery_workers(tmp_path):
    """Start real Celery workers (celery_workers.worker(…)) on the test database and Redis, with
    the queues emptied first; stop them after the test. For tests marked celery_worker."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database: PostgreSQL (CI runs it)")
    if not django_settings.REDIS_URL:
        skip_or_fail("a worker needs REDIS_URL, its broker (CI sets it)")
    celery_app.control.purge()
    processes = Processes(
        os.environ
        | {
            "DATABASE_URL": database_url_of_the_test_database(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
        },
        tmp_path,
    )
    yield processes
    processes.stop_all()


@pytest.fixture
def free_port():
    """A local TCP port nothing listens on, for a server the test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last, after pytest-django's ordering: they share one chromium whose
    Playwright event loop runs in this thread until the session ends (see chromium)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium through Playwright, launched once; skipped if missing (failed with
    REQUIRE_BROWSER=1)."""
    executable = shutil.which("chromium")
    if executable is None:
        skip_or_fail("chromium is not installed (apt-get install chromium)", "REQUIRE_BROWSER")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop running in this thread, so Django takes the
        # tests' own ORM calls for calls from async code; the live server runs in its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=executable,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield launched
            launched.close()


@pytest.fixture
def browser(chromium):
    """The shared chromium; the contexts (cookies, pages) a test opens are closed after it."""
    yield chromium
    for context in chromium.contexts:
        context.close()
