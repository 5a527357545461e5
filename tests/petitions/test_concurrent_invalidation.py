"""Invalidation racing verifications: whichever comes first, the counts end exact."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from petitions.models import Signature
from petitions.services import country_counts_recount, signature_verify, signatures_invalidate
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_writers"),
]


def test_links_opened_while_their_signatures_are_invalidated_leave_counts_exact():
    petition = PetitionFactory()
    signatures = SignatureFactory.create_batch(60, petition=petition, country="AZ")
    moderator = UserFactory()

    def verify(signature):
        try:
            signature_verify(token=verification_tokens.make_token(signature.pk))
        finally:
            connections.close_all()

    def invalidate():
        try:
            signatures_invalidate(
                signatures=Signature.objects.filter(petition=petition),
                invalidated_by=moderator,
                reason="Bot burst",
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(verify, s) for s in signatures[:30]]
        futures.append(pool.submit(invalidate))
        futures += [pool.submit(verify, s) for s in signatures[30:]]
        for future in futures:
            future.result()

    assert country_counts_recount(petition=petition) == []
    assert not Signature.objects.filter(petition=petition, invalidated_at__isnull=True).exists()
