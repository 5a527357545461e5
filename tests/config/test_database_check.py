"""`make serve` before its database exists: one message saying what to do, not a traceback."""

import os
import subprocess

import pytest
from django.db import connection

from tests.config.helpers import BASE_DIR


def make_serve(database_url):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG",)}
    return subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR,
        # Redis is not reached before the database is migrated: any address will do.
        env=environment | {"DATABASE_URL": database_url, "REDIS_URL": "redis://127.0.0.1:9/0"},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_make_serve_without_a_reachable_database_says_what_to_do(tmp_path):
    result = make_serve(f"sqlite:///{tmp_path}/no-such-directory/db.sqlite3")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "The database cannot be reached: unable to open database file" in result.stderr
    assert "Check DATABASE_URL" in result.stderr


@pytest.mark.django_db
def test_make_serve_before_the_postgresql_database_is_created_says_to_create_it():
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server: CI runs it")
    db = connection.settings_dict
    missing = f"{db['NAME']}_not_created"
    result = make_serve(f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{missing}")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert f'database "{missing}" does not exist' in result.stderr
    assert f"createdb -h {db['HOST']} -p {db['PORT']} -O {db['USER']} {missing}" in result.stderr
