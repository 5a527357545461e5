"""Withdrawal: a supporter takes a signature back; it leaves the count once and is erased.

The signature's row is deleted, not marked: every count, export and statistic reads signatures,
so none has to learn to leave withdrawn ones out, and the mailbox may sign again. Erasure at a
person's request (services.personal_data) withdraws each signature of the address this way.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from config.i18n import absolute_url

from ..models import Signature
from ..signals import signature_withdrawn
from ..tokens import withdrawal_tokens
from .counting import country_count_add


def withdrawal_url(signature):
    """Return the absolute link that withdraws a signature (emailed, and on the confirmed page)."""
    path = reverse(
        "petitions:withdraw", kwargs={"token": withdrawal_tokens.make_token(signature.pk)}
    )
    return absolute_url(path)


@dataclass(frozen=True)
class Withdrawal:
    petition_id: int
    country: str
    # Whether it had counted (verified, not invalidated) and was taken off the count.
    uncounted: bool


def signature_withdraw(*, signature_id):
    """Delete a signature and, if it counted, take it off its country's count: exactly once.

    Return what was withdrawn, or None if the signature is no longer held (withdrawn already,
    erased, or deleted by the retention). Other apps hear of it (signals.signature_withdrawn). The row lock makes a second withdrawal, a link being
    verified or an invalidation at the same moment wait, then see the signature as it is now.
    """
    with transaction.atomic():
        row = (
            Signature.objects.select_for_update()
            .filter(pk=signature_id)
            .values_list(
                "petition_id", "country", "verified_at", "invalidated_at", "email_normalized"
            )
            .first()
        )
        if row is None:
            return None
        petition_id, country, verified_at, invalidated_at, mailbox = row
        Signature.objects.filter(pk=signature_id).delete()
        uncounted = verified_at is not None and invalidated_at is None
        if uncounted:
            country_count_add(petition_id=petition_id, country=country, delta=-1)
    signature_withdrawn.send(sender=None, mailbox=mailbox)
    return Withdrawal(petition_id=petition_id, country=country, uncounted=uncounted)
