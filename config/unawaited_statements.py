"""A statement run once per email sent, without waiting for PostgreSQL's answer each time.

The outboxes record each email as sent the moment the mail server accepts it, so that a sender
killed mid-batch sends again at most the one email in flight. Waiting for PostgreSQL's answer to
each record put a round trip to PostgreSQL between every two emails; the answer is needed only
before the connection is used again. So each execution is sent at once (a transaction of its own, on the server as
soon as it is sent: a sender killed next cannot take it back), and its answer read just before
the next execution, or at the end.

PostgreSQL only (libpq's asynchronous calls, through psycopg's `pgconn`); other databases record
each email with an ordinary UPDATE.
"""

import select

from django.db import connection
from psycopg import OperationalError, pq


class UnawaitedStatement:
    """A statement prepared for the default connection's session and executed without waiting.

    Use it as a context manager: inside, call `execute(*values)` once per item. Before any other
    query on the connection, call `wait()`; on the way out it reads the last answer, and
    deallocates the statement. An execution whose outcome is unknown (it failed, or the
    connection broke before its answer came) is passed to `on_failure` before the error is
    raised. Its commits do not wait for the WAL to reach the disk (synchronous_commit off for
    the session meanwhile): a crash of PostgreSQL itself may lose the last fraction of a second
    of them, never a sender's death.
    """

    def __init__(self, name, parameter_types, sql, *, on_failure=None):
        self.name = name
        self.parameter_types = parameter_types
        self.sql = sql
        self.on_failure = on_failure or (lambda values: None)
        self.pending = None  # the values of the execution whose answer is not read yet

    def __enter__(self):
        types = ", ".join(self.parameter_types)
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute(f"PREPARE {self.name} ({types}) AS {self.sql}")
        return self

    def __exit__(self, *exc_info):
        try:
            self.wait()
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DEALLOCATE {self.name}")
                cursor.execute("RESET synchronous_commit")

    def execute(self, *values):
        """Send one execution with these values; raise if it or the one before failed."""
        try:
            self.wait()
        except Exception:
            self.on_failure(values)
            raise
        pgconn = connection.connection.pgconn
        try:
            with connection.wrap_database_errors:
                pgconn.send_query_prepared(
                    self.name.encode(), [str(value).encode() for value in values]
                )
                # The connection does not block: wait until the whole query is with the server.
                while pgconn.flush():
                    select.select([], [pgconn.socket], [])
        except Exception:
            self.on_failure(values)
            raise
        self.pending = values

    def wait(self):
        """Read the answer of the last execution, if not read yet; raise if it failed."""
        if self.pending is None:
            return
        values, self.pending = self.pending, None
        pgconn = connection.connection.pgconn
        try:
            with connection.wrap_database_errors:
                pgconn.consume_input()
                while pgconn.is_busy():
                    select.select([pgconn.socket], [], [])
                    pgconn.consume_input()
                failure = None
                while (result := pgconn.get_result()) is not None:
                    if result.status != pq.ExecStatus.COMMAND_OK:
                        failure = result.error_message.decode(errors="replace")
                if failure is not None:
                    raise OperationalError(failure)
        except Exception:
            self.on_failure(values)
            raise
