"""What the news app holds about one mailbox, for the rights of the person (petitions.signals)."""

from ..models import NewsEmail, NewsUnsubscription


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
