"""Signing answers alike whether or not the address has signed: status, body and time."""

import http.client
import json
import math
import os
import random
import statistics
import time

import pytest
from django.db import connection

from petitions.models import Signature
from petitions.services import signature_create, signature_verify
from petitions.tokens import verification_tokens
from tests.config.helpers import gunicorn_serving
from tests.factories import PetitionFactory
from tests.petitions.helpers import database_url_of_the_test_database

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 1000


def rank_test_z(first, second):
    """Mann-Whitney U's z score (normal approximation, ties averaged): near 0 if alike."""
    ranked = sorted([(t, 0) for t in first] + [(t, 1) for t in second])
    ranks, i = [0.0] * len(ranked), 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(first), len(second)
    u = (
        sum(r for r, (_, group) in zip(ranks, ranked, strict=True) if group == 0)
        - n1 * (n1 + 1) / 2
    )
    return (u - n1 * n2 / 2) / math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)


def timed_over_http(origin, path, email):
    """Sign as any client would, over HTTP; return the time to the whole answer, and it."""
    host, port = origin.removeprefix("http://").split(":")
    body = json.dumps({"name": "Leyla Aliyeva", "email": email, "country": "AZ"})
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    start = time.perf_counter()
    connection.request("POST", path, body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = (response.status, response.read())
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, answer


def timed_in_process(client, path, email):
    payload = {"name": "Leyla Aliyeva", "email": email, "country": "AZ"}
    start = time.perf_counter()
    response = client.post(path, payload, content_type="application/json")
    elapsed = time.perf_counter() - start
    return elapsed, (response.status_code, response.content)


@pytest.fixture
def sign_timed(request, petition_with_signers):
    """Sign the petition as a client; return (seconds, (status, body)).

    On PostgreSQL through production's server (gunicorn, config/gunicorn.py) on loopback: the
    closest a client gets. On SQLite, which no second process can share with the tests,
    through the test client.
    """
    path = f"/api/v1/petitions/{petition_with_signers.slug}/signatures/"
    if connection.vendor != "postgresql":
        client = request.getfixturevalue("client")
        yield lambda email: timed_in_process(client, path, email)
        return
    environment = os.environ | {
        "DATABASE_URL": database_url_of_the_test_database(),
        "DEBUG": "0",
        "PETITIONS_VERIFICATION_EMAIL_DISPATCH": "outbox",
        # Thousands of signatures from one loopback address: about answers, not limits.
        "RATE_LIMITS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    with gunicorn_serving(environment, request.getfixturevalue("free_port")) as origin:
        yield lambda email: timed_over_http(origin, path, email)


@pytest.fixture
def petition_with_signers():
    """A petition that TRIES addresses have signed (every other one confirmed), and 300 more.

    Each of the TRIES is asked about once, as someone would ask about a supporter who signed a
    while ago: the 300 signed after them push them out of the address validation's small
    cache, which remembers addresses, whoever signed (petitions/validators.py).
    """
    petition = PetitionFactory()
    for n in range(TRIES + 300):
        result = signature_create(
            petition=petition, name="Supporter", email=f"signed{n}@example.org", country="AZ"
        )
        if n % 2:
            signature_verify(token=verification_tokens.make_token(result.signature_id))
    return petition


def test_signing_again_answers_like_signing_first_and_takes_as_long(sign_timed):
    for n in range(50):  # warm up both paths
        sign_timed(f"warm{n}@example.org")
        sign_timed(f"signed{TRIES + n}@example.org")
    first_times, again_times, answers = [], [], set()
    order = random.Random(10)
    # Interleaved, in pairs of random order, so that the machine's drift and each request's
    # effect on the next (caches, pages) fall on both kinds alike.
    for n in range(TRIES):
        pair = [(first_times, f"new{n}@example.org"), (again_times, f"signed{n}@example.org")]
        order.shuffle(pair)
        for times, email in pair:
            elapsed, answer = sign_timed(email)
            times.append(elapsed)
            answers.add(answer)
    assert answers == {(202, b'{"status":"pending_verification"}')}
    z = rank_test_z(first_times, again_times)
    first_median, again_median = statistics.median(first_times), statistics.median(again_times)
    print(
        f"medians: first {first_median * 1e6:.0f} µs, again {again_median * 1e6:.0f} µs, z={z:.2f}"
    )
    assert abs(z) < 3.3, "the two kinds differ in time (p < 0.001)"


def test_the_sign_form_answers_alike_whether_or_not_the_address_has_signed(client):
    petition = PetitionFactory()
    answers = []
    for _ in range(2):
        response = client.post(
            f"/en/p/{petition.slug}/",
            {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"},
        )
        answers.append((response.status_code, response["Location"], response.content))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302
    assert answers[0][1] == f"/en/p/{petition.slug}/signed/#top"
    assert Signature.objects.filter(petition=petition).count() == 1
