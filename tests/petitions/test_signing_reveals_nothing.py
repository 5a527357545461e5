"""Signing answers alike whether or not the address has signed: status, body and time."""

import math
import random
import statistics
import time

import pytest

from petitions.services import signature_create, signature_verify
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory
from tests.petitions.helpers import sign_json

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


def timed(client, petition, email):
    start = time.perf_counter()
    response = sign_json(client, petition, email=email)
    return time.perf_counter() - start, response


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


def test_signing_again_answers_like_signing_first_and_takes_as_long(
    client, settings, petition_with_signers
):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"  # production's, with Redis
    petition = petition_with_signers
    for n in range(50):  # warm up both paths
        timed(client, petition, f"warm{n}@example.org")
        timed(client, petition, f"signed{TRIES + n}@example.org")
    first_times, again_times, answers = [], [], set()
    order = random.Random(10)
    # Interleaved, in pairs of random order, so that the machine's drift and each request's
    # effect on the next (caches, pages) fall on both kinds alike.
    for n in range(TRIES):
        pair = [(first_times, f"new{n}@example.org"), (again_times, f"signed{n}@example.org")]
        order.shuffle(pair)
        for times, email in pair:
            elapsed, response = timed(client, petition, email)
            times.append(elapsed)
            answers.add((response.status_code, response.content))
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
            f"/p/{petition.slug}/",
            {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"},
        )
        answers.append((response.status_code, response["Location"], response.content))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302
