"""A statement executed without waiting for its answer: each execution is committed on its own,
visible to others before its answer is read, and a failed one is named and raised."""

import psycopg
import pytest
from django.db import DatabaseError, connection

from config.unawaited_statements import UnawaitedStatement
from tests.factories import SignatureFactory
from tests.petitions.helpers import database_url_of_the_test_database
from tests.throwaway import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="libpq's calls: PostgreSQL (CI) runs this"
    ),
]


def naming(*, on_failure=None):
    """A statement that renames a signature: (its id, the name)."""
    return UnawaitedStatement(
        "tests_signature_named",
        ["bigint", "text"],
        "UPDATE petitions_signature SET name = $2 WHERE id = $1",
        on_failure=on_failure,
    )


def name_seen_by_another_session(signature_id):
    with psycopg.connect(database_url_of_the_test_database()) as other:
        query = "SELECT name FROM petitions_signature WHERE id = %s"
        return other.execute(query, [signature_id]).fetchone()[0]


def test_each_execution_is_committed_before_its_answer_is_read():
    signature = SignatureFactory(name="Leyla")
    with naming() as statement:
        statement.execute(signature.pk, "Leyla Aliyeva")
        assert statement.pending == (signature.pk, "Leyla Aliyeva")
        wait_until(lambda: name_seen_by_another_session(signature.pk) == "Leyla Aliyeva", 10)
        statement.execute(signature.pk, "Leyla Əliyeva")
    assert statement.pending is None
    assert name_seen_by_another_session(signature.pk) == "Leyla Əliyeva"
    # The connection is usable again, its session as it was.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)


def test_a_failed_execution_is_named_and_raised_before_the_next_is_sent():
    failed = []
    signature = SignatureFactory(name="Leyla")
    with naming(on_failure=failed.append) as statement:
        statement.execute(signature.pk, "x" * 1000)  # longer than the column
        with pytest.raises(DatabaseError, match="too long"):
            statement.execute(signature.pk, "Leyla Aliyeva")
        # Neither the failed execution nor the one it held back is taken for done.
        assert failed == [(signature.pk, "x" * 1000), (signature.pk, "Leyla Aliyeva")]
    assert name_seen_by_another_session(signature.pk) == "Leyla"
