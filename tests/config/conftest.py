import os
import socket

import pytest
from django.db import connection

from config import heartbeats
from tests.petitions.helpers import database_url_of_the_test_database


@pytest.fixture
def closed_port():
    """A local TCP port that refuses connections: bound, never listening, for the test's span."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def server_environment(tmp_path):
    """The environment of a production node, on the test database and a fresh STATIC_ROOT."""
    if connection.vendor != "postgresql":
        pytest.skip("a separate server process needs a shared database: PostgreSQL (CI runs it)")
    return os.environ | {
        "DATABASE_URL": database_url_of_the_test_database(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "0",
    }


@pytest.fixture(autouse=True)
def heartbeats_recorded_afresh():
    """A process records each heartbeat at most every few seconds: each test records its own."""
    heartbeats._recorded_at.clear()
