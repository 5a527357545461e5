"""Withdrawals racing each other and the verification of the same signatures: counts end exact."""

import functools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connections

from petitions.models import Signature
from petitions.selectors import petition_count
from petitions.services import country_counts_recount, signature_verify, signature_withdraw
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory, verified_signature

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_writers"),
]


def at_once(*calls):
    """Run the calls in threads released together; return their results."""
    start = threading.Barrier(len(calls))

    def run(call):
        try:
            start.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


def total(petition):
    cache.clear()
    return petition_count(petition_id=petition.pk).signature_count


def test_two_clicks_at_once_take_one_off_the_count():
    petition = PetitionFactory()
    signature = verified_signature(petition=petition)
    verified_signature(petition=petition)
    for _attempt in range(5):
        withdraw = functools.partial(signature_withdraw, signature_id=signature.pk)
        results = at_once(withdraw, withdraw)
        assert sorted(result is None for result in results) == [False, True]
        assert total(petition) == 1
        assert country_counts_recount(petition=petition) == []
        signature = verified_signature(petition=petition)


def test_withdrawals_racing_verifications_leave_counts_exact():
    petition = PetitionFactory()
    signatures = SignatureFactory.create_batch(40, petition=petition, country="AZ")

    calls = [
        call
        for s in signatures
        for call in (
            functools.partial(signature_verify, token=verification_tokens.make_token(s.pk)),
            functools.partial(signature_withdraw, signature_id=s.pk),
        )
    ]
    for start in range(0, len(calls), 8):
        at_once(*calls[start : start + 8])

    assert not Signature.objects.filter(petition=petition).exists()
    assert total(petition) == 0
    assert country_counts_recount(petition=petition) == []
