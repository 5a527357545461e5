"""Verification emails: the outbox of emails owed, claimed by a sender and sent once.

The email a signature is owed is a column of the signature (requested later than sent), so the
database, not the broker, remembers it: an enqueue lost to a Redis outage only delays it.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Signature
from ..tokens import verification_tokens


def verification_url(signature):
    """Return the absolute link that verifies a signature."""
    path = reverse(
        "petitions:verify", kwargs={"token": verification_tokens.make_token(signature.pk)}
    )
    return settings.SITE_URL.rstrip("/") + path


def _verification_email(signature, mail_connection=None):
    context = {
        "signature": signature,
        "petition": signature.petition,
        "url": verification_url(signature),
    }
    return EmailMessage(
        subject=render_to_string("petitions/email/verification_subject.txt", context).strip(),
        body=render_to_string("petitions/email/verification_body.txt", context),
        to=[signature.email],
        connection=mail_connection,
    )


def verification_email_send(*, signature_id):
    """Send the verification email a signature is owed; return whether one was sent.

    Claims the email first with a conditional UPDATE, so a task and the outbox racing for the
    same signature send it once. A failed send gives the claim back and re-raises.
    """
    claimed = (
        _owed_verification_emails(older_than_seconds=0)
        .filter(pk=signature_id)
        .update(verification_email_claimed_at=timezone.now())
    )
    if not claimed:
        return False
    signature = Signature.objects.select_related("petition").get(pk=signature_id)
    _send_claimed_verification_emails([signature])
    return True


def verification_emails_send_owed(*, older_than_seconds, limit):
    """Send up to `limit` owed verification emails over one mail connection; return how many.

    The batch is claimed in one short transaction (SKIP LOCKED on PostgreSQL), so that several
    senders share the work and each email goes out once. If sending fails, the emails not sent
    are owed again, and the error is raised.
    """
    with transaction.atomic():
        batch = list(
            _owed_verification_emails(older_than_seconds=older_than_seconds)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("petition")
            .order_by("verification_email_requested_at")[:limit]
        )
        Signature.objects.filter(pk__in=[s.pk for s in batch]).update(
            verification_email_claimed_at=timezone.now()
        )
    if batch:
        _send_claimed_verification_emails(batch)
    return len(batch)


def _send_claimed_verification_emails(signatures):
    """Send claimed emails over one connection; record those sent, give back the rest."""
    sent = []
    try:
        with get_connection() as mail_connection:
            for signature in signatures:
                _verification_email(signature, mail_connection).send()
                sent.append(signature.pk)
    finally:
        Signature.objects.filter(pk__in=sent).update(
            verification_email_sent_at=timezone.now(), verification_email_claimed_at=None
        )
        Signature.objects.filter(pk__in=[s.pk for s in signatures if s.pk not in sent]).update(
            verification_email_claimed_at=None
        )


def _owed_verification_emails(*, older_than_seconds):
    """Unverified signatures owed their email: requested that long ago and not sent since.

    Leaves out those a sender holds (a claim younger than PETITIONS_OUTBOX_CLAIM_SECONDS).
    """
    now = timezone.now()
    claim_expired = now - timezone.timedelta(seconds=settings.PETITIONS_OUTBOX_CLAIM_SECONDS)
    return Signature.objects.filter(
        verified_at__isnull=True,
        invalidated_at__isnull=True,
        verification_email_requested_at__lte=now - timezone.timedelta(seconds=older_than_seconds),
    ).filter(
        Q(verification_email_sent_at__isnull=True)
        | Q(verification_email_sent_at__lt=F("verification_email_requested_at")),
        Q(verification_email_claimed_at__isnull=True)
        | Q(verification_email_claimed_at__lt=claim_expired),
    )
