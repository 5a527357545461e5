"""Verification: the supporter confirms a signature exactly once, and it is added to the count.

Opening the emailed link only shows what would be confirmed (signature_verification_state): mail
scanners open links, some run the page's scripts too. The supporter's press of the button, a POST
that the link's token authorizes, confirms it (signature_verify).

A signature counts if it was made before its petition's closing date and is confirmed before the
count is settled, PETITIONS_VERIFICATION_MAX_AGE after that date: the last moment a link sent
while the petition was open is valid.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import Petition, Signature
from ..selectors import recent_petition
from ..tokens import ExpiredToken, InvalidToken, verification_tokens
from .counting import country_count_add, country_count_upsert_sql, random_shard


class VerificationOutcome(Enum):
    PENDING = "pending"  # the link is valid; the supporter has not confirmed yet
    VERIFIED = "verified"
    ALREADY_VERIFIED = "already_verified"
    EXPIRED = "expired"
    CLOSED = "closed"
    INVALID = "invalid"


@dataclass(frozen=True)
class VerificationResult:
    outcome: VerificationOutcome
    signature: Signature | None = None


def signature_verify(*, token):
    """Verify the signature a link names, exactly once, and count it.

    Confirming again (a second press, a reload of the answer) answers ALREADY_VERIFIED and
    counts nothing. An expired link answers EXPIRED with its signature, so that a fresh link
    can be offered, or CLOSED once the petition takes no signatures: no link is sent then. A
    signature made after the closing date, or confirmed after the count is settled, answers
    CLOSED; one that was invalidated answers INVALID.
    """
    signature_id, answer = _signature_id_or_answer(token)
    if answer:
        return answer
    verified = _verify_and_count(signature_id)
    if verified is not None:
        verified.petition = recent_petition(petition_id=verified.petition_id)
        return VerificationResult(VerificationOutcome.VERIFIED, verified)
    signature = _signature_with_petition(signature_id)
    if signature is None or signature.invalidated_at:
        return VerificationResult(VerificationOutcome.INVALID, signature)
    if signature.verified_at is None:  # the only other reason the UPDATE matched nothing
        return VerificationResult(VerificationOutcome.CLOSED, signature)
    return VerificationResult(VerificationOutcome.ALREADY_VERIFIED, signature)


def signature_verification_state(*, token):
    """Return what confirming the link's signature now would do, changing nothing.

    PENDING when signature_verify would verify it; otherwise the outcome signature_verify would
    answer (ALREADY_VERIFIED, EXPIRED, CLOSED, INVALID).
    """
    signature_id, answer = _signature_id_or_answer(token)
    if answer:
        return answer
    signature = _signature_with_petition(signature_id)
    if signature is None or signature.invalidated_at:
        return VerificationResult(VerificationOutcome.INVALID, signature)
    if signature.verified_at:
        return VerificationResult(VerificationOutcome.ALREADY_VERIFIED, signature)
    if not _counts_if_confirmed_now(signature):
        return VerificationResult(VerificationOutcome.CLOSED, signature)
    return VerificationResult(VerificationOutcome.PENDING, signature)


def _signature_id_or_answer(token):
    """Return (the token's signature id, None), or (None, the answer to an expired or bad link)."""
    try:
        return verification_tokens.check_token(token), None
    except ExpiredToken as expired:
        return None, _expired_link_result(expired.signature_id)
    except InvalidToken:
        return None, VerificationResult(VerificationOutcome.INVALID)


def _signature_with_petition(signature_id):
    """The signature, with its petition as this process read it a second ago: what its pages
    show. Confirming reads the petition's closing date afresh (_verify_and_count)."""
    # Not first(): its ORDER BY costs a fifth of building the query, for one row by its key.
    signature = next(iter(Signature.objects.filter(pk=signature_id)), None)
    if signature is not None:
        signature.petition = recent_petition(petition_id=signature.petition_id)
    return signature


def _expired_link_result(signature_id):
    """An expired link's outcome: a new link is offered while its petition takes signatures."""
    signature = _signature_with_petition(signature_id)
    if signature is not None and signature.verified_at:
        return VerificationResult(VerificationOutcome.ALREADY_VERIFIED, signature)
    if signature is not None and not signature.petition.is_open_for_signing():
        return VerificationResult(VerificationOutcome.CLOSED, signature)
    return VerificationResult(VerificationOutcome.EXPIRED, signature)


def _settled_if_closed_before(now):
    """A petition that closed before this moment has its count settled."""
    return now - timedelta(seconds=settings.PETITIONS_VERIFICATION_MAX_AGE)


def _counts_if_confirmed_now(signature):
    """The closing rule of _verify_and_count's statement, for a signature already read."""
    closes_at = signature.petition.closes_at
    return closes_at is None or (
        signature.created_at < closes_at and closes_at > _settled_if_closed_before(timezone.now())
    )


# What the pages and the API show of a signature just verified (the rest is read if asked for).
VERIFIED_FIELDS = ["id", "petition_id", "email", "country", "verified_at"]


def _verify_and_count(signature_id):
    """Mark a signature verified and add it to its country's count, in one transaction.

    Return the signature if this call verified it (with VERIFIED_FIELDS read), else None. The
    conditional UPDATE is the "exactly once": of two simultaneous clicks, one matches; an
    invalidated signature matches none, nor one that no longer counts when confirmed now (see
    the module's docstring).
    """
    now = timezone.now()
    settled_if_closed_before = _settled_if_closed_before(now)
    if connection.vendor == "postgresql":
        # One statement, so one round trip at a peak instead of six (BEGIN, UPDATE, SELECT,
        # upsert, COMMIT, and the page's SELECT). SQLite cannot put an UPDATE in a WITH: it
        # takes the steps below. The upsert runs whether or not the last SELECT reads it.
        signatures = connection.ops.quote_name(Signature._meta.db_table)
        petitions = connection.ops.quote_name(Petition._meta.db_table)
        returned = ", ".join(f"s.{connection.ops.quote_name(f)}" for f in VERIFIED_FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH verified AS (UPDATE {signatures} s SET verified_at = %s "
                f"FROM {petitions} p WHERE s.id = %s AND p.id = s.petition_id "
                "AND s.verified_at IS NULL AND s.invalidated_at IS NULL "
                "AND (p.closes_at IS NULL OR (s.created_at < p.closes_at AND p.closes_at > %s)) "
                f"RETURNING {returned}), counted AS ("
                + country_count_upsert_sql("SELECT petition_id, country, %s, 1, %s FROM verified")
                + ") SELECT * FROM verified",
                [now, signature_id, settled_if_closed_before, random_shard(), now],
            )
            row = cursor.fetchone()
        return None if row is None else Signature.from_db(connection.alias, VERIFIED_FIELDS, row)
    with transaction.atomic():
        verified = (
            Signature.objects.filter(
                pk=signature_id, verified_at__isnull=True, invalidated_at__isnull=True
            )
            .filter(
                Q(petition__closes_at__isnull=True)
                | Q(
                    created_at__lt=F("petition__closes_at"),
                    petition__closes_at__gt=settled_if_closed_before,
                )
            )
            .update(verified_at=now)
        )
        if not verified:
            return None
        signature = Signature.objects.get(pk=signature_id)
        country_count_add(
            petition_id=signature.petition_id, country=signature.country.code, delta=1
        )
    return signature
