"""Invalidation: signatures found fraudulent are removed from the counts, with an audit record."""

from collections import Counter

from django.db import transaction

from ..models import Signature, SignatureInvalidation
from .counting import country_count_add


def signatures_invalidate(*, signatures, invalidated_by, reason):
    """Invalidate signatures for fraud, uncount the verified ones, and record who did it and why.

    Locks the signatures for the transaction, so that none is verified meanwhile; signatures
    invalidated before are left alone, so that none is uncounted twice. Return the record, or
    None when there was nothing left to invalidate.
    """
    with transaction.atomic():
        rows = list(
            Signature.objects.select_for_update()
            .filter(pk__in=signatures.values("pk"), invalidated_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "petition_id", "country", "verified_at")
        )
        if not rows:
            return None
        verified = Counter(
            (petition_id, country) for _pk, petition_id, country, verified_at in rows if verified_at
        )
        invalidation = SignatureInvalidation.objects.create(
            invalidated_by=invalidated_by,
            reason=reason,
            signature_count=len(rows),
            verified_count=verified.total(),
        )
        # In batches: SQLite allows a limited number of parameters in one statement.
        pks = [pk for pk, *_ in rows]
        for start in range(0, len(pks), 500):
            Signature.objects.filter(pk__in=pks[start : start + 500]).update(
                invalidated_at=invalidation.invalidated_at, invalidation=invalidation
            )
        for (petition_id, country), n in sorted(verified.items()):
            country_count_add(petition_id=petition_id, country=country, delta=-n)
    return invalidation
