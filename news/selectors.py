"""Read-only queries of campaign news: public posts, who a sending reaches, its progress."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from petitions.models import Signature

from .models import NewsEmail, NewsUnsubscription, Post
from .tokens import unsubscribe_token_email_id


def published_posts(*, limit=None):
    """Return the posts published by now, newest first; at most `limit` of them if given."""
    posts = (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())
        .select_related("campaign")
        .order_by("-published_at", "-pk")
    )
    return posts[:limit] if limit is not None else posts


def published_post(*, slug):
    """Return the published post of that slug; raise Post.DoesNotExist."""
    return published_posts().get(slug=slug)


def news_recipients(*, post, petitions, include_already_sent=False):
    """Return (email, email_normalized, language) of each mailbox a sending of the post reaches.

    The verified, valid signatures of the petitions that consented to news, one per mailbox (the
    latest one's address), leaving out a mailbox unsubscribed since it signed and, unless asked,
    a mailbox that another sending of this post already reached or is about to.
    """
    signatures = Signature.objects.filter(
        petition__in=petitions,
        verified_at__isnull=False,
        invalidated_at__isnull=True,
        consent_to_updates=True,
    ).exclude(
        # A signature given after unsubscribing consented anew.
        Exists(
            NewsUnsubscription.objects.filter(
                email_normalized=OuterRef("email_normalized"),
                unsubscribed_at__gte=OuterRef("created_at"),
            )
        )
    )
    if not include_already_sent:
        signatures = signatures.exclude(
            Exists(
                NewsEmail.objects.filter(
                    email_normalized=OuterRef("email_normalized"),
                    send__post=post,
                    send__is_test=False,
                    status__in=[NewsEmail.Status.QUEUED, NewsEmail.Status.SENT],
                )
            )
        )
    latest_first = Window(
        RowNumber(),
        partition_by=[F("email_normalized")],
        order_by=[F("verified_at").desc(), F("pk").desc()],
    )
    return (
        signatures.annotate(latest=latest_first)
        .filter(latest=1)
        .order_by()
        .values("email", "email_normalized", "language")
    )


@dataclass(frozen=True)
class RecipientCounts:
    recipients: int  # mailboxes the sending would reach
    already_sent: int  # mailboxes left out because another sending of the post reached them


def news_recipient_counts(*, post, petitions):
    """Return how many mailboxes a sending of the post to these petitions' signers reaches."""
    recipients = news_recipients(post=post, petitions=petitions).count()
    everyone = news_recipients(post=post, petitions=petitions, include_already_sent=True).count()
    return RecipientCounts(recipients=recipients, already_sent=everyone - recipients)


@dataclass(frozen=True)
class SendProgress:
    waiting: int
    sent: int
    failed: int
    cancelled: int


def news_send_progress(send):
    """Return a sending's emails by outcome: stored once it finished, counted while it runs."""
    if send.finished_at is not None:
        return SendProgress(
            waiting=0,
            sent=send.sent_count or 0,
            failed=send.failed_count or 0,
            cancelled=send.cancelled_count or 0,
        )
    counts = dict(
        NewsEmail.objects.filter(send=send)
        .order_by()
        .values_list("status")
        .annotate(Count("pk"))
        .values_list("status", "pk__count")
    )
    return SendProgress(
        waiting=counts.get(NewsEmail.Status.QUEUED, 0),
        sent=counts.get(NewsEmail.Status.SENT, 0),
        failed=counts.get(NewsEmail.Status.FAILED, 0),
        cancelled=counts.get(NewsEmail.Status.CANCELLED, 0),
    )


def news_send_failures(send, *, limit=100):
    """Return the failed emails of a sending with their reasons, at most `limit`."""
    return NewsEmail.objects.filter(send=send, status=NewsEmail.Status.FAILED).order_by("pk")[
        :limit
    ]


def news_email_of_token(*, token):
    """Return the news email an unsubscribe token names; raise InvalidToken or DoesNotExist."""
    return NewsEmail.objects.get(pk=unsubscribe_token_email_id(token))
