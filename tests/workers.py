"""Each pytest-xdist worker (`make test` runs one per core) on a Redis database of its own.

The tests clear the cache (a FLUSHDB) and purge Celery's queues, and the Celery workers they
start take any task on their broker: two test workers on one Redis database would clear each
other's counts mid-test and run each other's tasks against the wrong test database. So worker
gwN takes the database N below REDIS_URL's (gw0 REDIS_URL's own, gw1 the one below, …): with
REDIS_URL=redis://…/15, 15 and 14. Each has its own test database already (pytest-django names
it test_<name>_gwN), a SQLite one in memory, and its own ports and folders (free_port, tmp_path).

A plugin named with -p (pyproject.toml's addopts), not a conftest: the settings read REDIS_URL
once, when pytest-django imports them, before any conftest is loaded; the servers and workers
that the tests start take it from the environment.
"""

import os
from urllib.parse import urlsplit

import pytest


def redis_url_of_worker(url, worker_number):
    """Return url with its database number lowered by worker_number."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) - worker_number
    if database < 0:
        raise pytest.UsageError(
            f"REDIS_URL={url} leaves no Redis database for test worker {worker_number}: "
            "name a higher database (the workers take it and those below) or fewer workers (-n)"
        )
    return parts._replace(path=f"/{database}").geturl()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # set by xdist before the worker's config
    if worker and os.environ.get("REDIS_URL"):
        number = int(worker.removeprefix("gw"))
        os.environ["REDIS_URL"] = redis_url_of_worker(os.environ["REDIS_URL"], number)
