"""Verifications arriving at the same moment: no double count, no lost update."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from petitions.models import Signature
from petitions.selectors import petition_count
from petitions.services import VerificationOutcome, signature_verify
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_writers"),
]


def verify_in_threads(tokens, threads=8):
    def verify(token):
        try:
            return signature_verify(token=token).outcome
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(verify, tokens))


def test_each_link_opened_twice_at_once_counts_once():
    petition = PetitionFactory()
    signatures = SignatureFactory.create_batch(40, petition=petition, country="AZ")
    tokens = [verification_tokens.make_token(s.pk) for s in signatures] * 2
    outcomes = verify_in_threads(tokens)
    assert outcomes.count(VerificationOutcome.VERIFIED) == 40
    assert outcomes.count(VerificationOutcome.ALREADY_VERIFIED) == 40
    assert petition_count(petition_id=petition.pk).signature_count == 40


def test_one_hot_petition_and_country_loses_no_update():
    petition = PetitionFactory()
    signatures = SignatureFactory.create_batch(200, petition=petition, country="AZ")
    verify_in_threads([verification_tokens.make_token(s.pk) for s in signatures], threads=16)
    verified = Signature.objects.filter(petition=petition, verified_at__isnull=False).count()
    count = petition_count(petition_id=petition.pk)
    assert verified == 200
    assert [(c.code, c.signature_count) for c in count.by_country] == [("AZ", 200)]
