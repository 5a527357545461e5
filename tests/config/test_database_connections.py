"""PostgreSQL connections between requests: a connection that served a request a moment ago
is used as it is; one idle longer is checked first, and replaced if it was dropped meanwhile."""

import time

import psycopg
import pytest
from django.db import close_old_connections, connection

from config.postgresql import base
from tests.petitions.helpers import database_url_of_the_test_database

# close_old_connections() is what Django calls as each request starts and ends.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's backend: CI runs this")
    monkeypatch.setattr(base, "ALIVE_SECONDS", 0.3)


def on_another_connection(sql, *params):
    with psycopg.connect(database_url_of_the_test_database(), autocommit=True) as other:
        return other.execute(sql, params).fetchone()[0]


def backend_pid():
    return connection.connection.info.backend_pid


def request(sql):
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute(sql)
    close_old_connections()


def last_statement(pid):
    return on_another_connection("SELECT query FROM pg_stat_activity WHERE pid = %s", pid)


def test_a_connection_that_has_just_served_a_request_is_not_asked_select_1():
    request("SELECT 'the first request'")
    close_old_connections()
    connection.cursor().close()  # the next request's first query would follow
    assert last_statement(backend_pid()) == "SELECT 'the first request'"


def test_a_connection_idle_for_a_moment_is_checked_and_replaced_if_it_was_dropped():
    request("SELECT 'the first request'")
    idle = backend_pid()
    time.sleep(0.4)
    connection.cursor().close()
    assert last_statement(idle) == "SELECT 1"

    request("SELECT 'the second request'")
    dropped = backend_pid()
    on_another_connection("SELECT pg_terminate_backend(%s)", dropped)
    time.sleep(0.4)
    request("SELECT 'the third request'")  # no error: a new connection answers
    assert backend_pid() != dropped
