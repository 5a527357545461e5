"""What the news app holds about one mailbox, for the rights of the person, and its end at a
withdrawal or by the retention (petitions.signals)."""

from django.db.models import Exists, OuterRef

from ..models import NewsEmail, NewsSend, NewsUnsubscription


def news_personal_data(*, mailbox, **kwargs):
    """Return the news emails sent or owed to a mailbox, and its unsubscription."""
    emails = NewsEmail.objects.filter(email_normalized=mailbox).select_related("send__post")
    unsubscription = NewsUnsubscription.objects.filter(email_normalized=mailbox).first()
    return {
        "news_emails": [
            {
                "post": email.send.post.title,
                "address": email.email,
                "status": email.status,
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in emails.order_by("pk")
        ],
        "news_unsubscribed_at": (
            unsubscription.unsubscribed_at.isoformat() if unsubscription else None
        ),
    }


def news_personal_data_erase(*, mailbox, **kwargs):
    """Delete the news emails of a mailbox; return how many.

    Its unsubscription stays: it holds no more than the fact that this mailbox wants no news,
    which is what keeps it from being sent any again.
    """
    deleted, _by_model = NewsEmail.objects.filter(email_normalized=mailbox).delete()
    return deleted


def news_emails_cancel_withdrawn(*, mailbox, **kwargs):
    """Cancel the mailbox's waiting news emails that no signature of it asks for any more.

    A sending reaches the verified, valid, consenting signatures of its petitions: an email
    waits on if another such signature of the mailbox remains on one of them. Return how many.
    """
    still_asked_for = NewsSend.petitions.through.objects.filter(
        newssend_id=OuterRef("send_id"),
        petition__signatures__email_normalized=mailbox,
        petition__signatures__verified_at__isnull=False,
        petition__signatures__invalidated_at__isnull=True,
        petition__signatures__consent_to_updates=True,
    )
    return (
        NewsEmail.objects.filter(
            email_normalized=mailbox, status=NewsEmail.Status.QUEUED, send__is_test=False
        )
        .exclude(Exists(still_asked_for))
        .update(status=NewsEmail.Status.CANCELLED)
    )


def news_emails_delete_expired(*, before, **kwargs):
    """Delete the news emails (addresses) of the sendings finished before then; return how many.

    The record of each sending stays, with its counts.
    """
    deleted, _by_model = NewsEmail.objects.filter(send__finished_at__lt=before).delete()
    return deleted
