"""Recounts at the same moment as each other, or as verifications: each drift corrected once."""

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from petitions.models import CountryCount
from petitions.selectors import petition_count
from petitions.services import (
    VerificationOutcome,
    country_count_add,
    country_counts_recount,
    signature_verify,
)
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory
from tests.petitions.helpers import database_url_of_the_test_database, sign_and_verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_writers"),
]


def start_recount(slug):
    return subprocess.Popen(
        [sys.executable, "manage.py", "recount_signatures", slug],
        env=os.environ | {"DATABASE_URL": database_url_of_the_test_database()},
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_both_wait_on_a_lock(cursor, recounts, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recount in recounts:
            if recount.poll() is not None:
                raise AssertionError(recount.stdout.read())
        # Activity is read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        if cursor.fetchone()[0] == len(recounts):
            return
        time.sleep(0.05)
    raise AssertionError("the recounts never waited on a lock together")


def test_two_recounts_at_once_correct_a_drift_once():
    petition = PetitionFactory(slug="declaration")
    sign_and_verify(petition, ["AZ"] * 3)
    country_count_add(petition_id=petition.pk, country="AZ", delta=5)  # a counter gone wrong
    # Holding the counters' table lines both recounts up: each has started and waits on a lock,
    # so without serialization both would read the drift before either corrects it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {CountryCount._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        recounts = [start_recount("declaration"), start_recount("declaration")]
        wait_until_both_wait_on_a_lock(cursor, recounts)
    outputs = [recount.communicate(timeout=60)[0] for recount in recounts]
    assert [recount.returncode for recount in recounts] == [0, 0], outputs
    assert petition_count(petition_id=petition.pk).signature_count == 3
    assert sorted("corrected 1 countries" in output for output in outputs) == [False, True]
    assert country_counts_recount(petition=petition) == []


def test_recounts_while_people_confirm_find_no_drift():
    petition = PetitionFactory()
    signatures = [
        SignatureFactory(petition=petition, country=country)
        for country in ["AZ", "TR", "FR", "DE"] * 50
    ]
    tokens = [verification_tokens.make_token(signature.pk) for signature in signatures]
    all_confirmed = threading.Event()

    def confirm(token):
        try:
            return signature_verify(token=token).outcome
        finally:
            connections.close_all()

    def recount_until_all_confirmed():
        drifts = []
        try:
            while not all_confirmed.is_set():
                drifts += country_counts_recount(petition=petition)
        finally:
            connections.close_all()
        return drifts

    with ThreadPoolExecutor(8) as confirmers, ThreadPoolExecutor(2) as recounters:
        recounts = [recounters.submit(recount_until_all_confirmed) for _ in range(2)]
        outcomes = list(confirmers.map(confirm, tokens))
        all_confirmed.set()
        assert outcomes.count(VerificationOutcome.VERIFIED) == 200
        assert [recount.result() for recount in recounts] == [[], []]
    assert petition_count(petition_id=petition.pk).signature_count == 200
