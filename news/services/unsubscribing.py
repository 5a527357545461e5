"""Unsubscribing: at once, by a signed link, with no login."""

from django.db import transaction
from django.utils import timezone

from petitions.models import Signature

from ..models import NewsEmail, NewsUnsubscription


def news_unsubscribe(*, email_normalized):
    """Send a mailbox no more news: record it, withdraw its consents, cancel its waiting emails.

    Consents are withdrawn on every signature of the mailbox, so that signer exports leave it
    out too; a later signature may consent again.
    """
    with transaction.atomic():
        NewsUnsubscription.objects.update_or_create(
            email_normalized=email_normalized, defaults={"unsubscribed_at": timezone.now()}
        )
        Signature.objects.filter(email_normalized=email_normalized, consent_to_updates=True).update(
            consent_to_updates=False
        )
        NewsEmail.objects.filter(
            email_normalized=email_normalized, status=NewsEmail.Status.QUEUED
        ).update(status=NewsEmail.Status.CANCELLED)
