"""Verification: the emailed link confirms a signature exactly once and adds it to the count."""

from dataclasses import dataclass
from enum import Enum

from django.db import connection, transaction
from django.utils import timezone

from ..models import Signature
from ..tokens import ExpiredToken, InvalidToken, verification_tokens
from .counting import country_count_add, country_count_upsert_sql, random_shard


class VerificationOutcome(Enum):
    VERIFIED = "verified"
    ALREADY_VERIFIED = "already_verified"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class VerificationResult:
    outcome: VerificationOutcome
    signature: Signature | None = None


def signature_verify(*, token):
    """Verify the signature a link names, exactly once, and count it.

    Opening the link again (a mail scanner first, then the supporter) answers ALREADY_VERIFIED
    and counts nothing. An expired link answers EXPIRED with its signature, so that a fresh link
    can be offered; a signature that was invalidated answers INVALID.
    """
    try:
        signature_id = verification_tokens.check_token(token)
    except ExpiredToken as expired:
        signature = Signature.objects.filter(pk=expired.signature_id).first()
        if signature is not None and signature.verified_at:
            return VerificationResult(VerificationOutcome.ALREADY_VERIFIED, signature)
        return VerificationResult(VerificationOutcome.EXPIRED, signature)
    except InvalidToken:
        return VerificationResult(VerificationOutcome.INVALID)

    verified = _verify_and_count(signature_id)
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    if verified:
        return VerificationResult(VerificationOutcome.VERIFIED, signature)
    if signature is None or signature.invalidated_at:
        return VerificationResult(VerificationOutcome.INVALID, signature)
    return VerificationResult(VerificationOutcome.ALREADY_VERIFIED, signature)


def _verify_and_count(signature_id):
    """Mark a signature verified and add it to its country's count, in one transaction.

    Return whether this call verified it. The conditional UPDATE is the "exactly once": of two
    simultaneous clicks, one matches; an invalidated signature matches none.
    """
    now = timezone.now()
    if connection.vendor == "postgresql":
        # One statement, so one round trip at a peak instead of five (BEGIN, UPDATE, SELECT,
        # upsert, COMMIT). SQLite cannot put an UPDATE in a WITH: it takes the steps below.
        signatures = connection.ops.quote_name(Signature._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH verified AS (UPDATE {signatures} SET verified_at = %s "
                "WHERE id = %s AND verified_at IS NULL AND invalidated_at IS NULL "
                "RETURNING petition_id, country) "
                + country_count_upsert_sql("SELECT petition_id, country, %s, 1, %s FROM verified")
                + " RETURNING 1",
                [now, signature_id, random_shard(), now],
            )
            return cursor.fetchone() is not None
    with transaction.atomic():
        verified = Signature.objects.filter(
            pk=signature_id, verified_at__isnull=True, invalidated_at__isnull=True
        ).update(verified_at=now)
        if verified:
            petition_id, country = Signature.objects.values_list("petition_id", "country").get(
                pk=signature_id
            )
            country_count_add(petition_id=petition_id, country=country, delta=1)
    return bool(verified)
