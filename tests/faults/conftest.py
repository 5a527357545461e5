import os

import pytest
from django.db import connection

from tests.petitions.helpers import database_url_of_the_test_database

from .servers import Service, collected_static


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the service's processes share a PostgreSQL database (CI runs this)")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    with collected_static(tmp_path_factory.mktemp("static")) as root:
        yield root


@pytest.fixture
def production_environment(postgresql, static_root):
    """The environment of a production node, less its database and Redis (each test's own)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return environment | {
        "DEBUG": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "PETITIONS_VERIFICATION_EMAIL_DISPATCH": "outbox",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # About faults, not limits: thousands sign from one loopback address, by script.
        "RATE_LIMITS_ENABLED": "false",
        "PETITIONS_SIGN_FORM_MIN_SECONDS": "0",
    }


@pytest.fixture
def processes(production_environment, tmp_path):
    started = Service(production_environment, tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def test_database_url(postgresql):
    return database_url_of_the_test_database()
