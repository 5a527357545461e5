"""Sending news by email: an outbox of one row per mailbox, claimed in batches, sent once each.

Starting a sending writes its emails (NewsEmail) with one INSERT … SELECT. Senders claim the
emails due in batches (SELECT … FOR UPDATE SKIP LOCKED, so several share the work) and send a
batch over one mail connection, recording each email as sent right after the server accepts it.
A sender killed mid-batch has thus recorded all it sent but, at most, the one email the server
accepted in the instant before the kill; its claim expires after NEWS_EMAIL_CLAIM_SECONDS and the
rest (that one included) are sent by another, with the same Message-ID.

Each email fails on its own: a permanent refusal (5xx, an address the server will not take)
fails it with the server's reason and the batch goes on; a temporary one (4xx, a timeout, a lost
connection) leaves it for another attempt after a delay that doubles each time, up to
NEWS_EMAIL_MAX_ATTEMPTS. A lost connection ends the batch: the emails after it go back
to the outbox untried, and are sent by the next run.
"""

import contextlib
import logging
import smtplib
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config.unawaited_statements import UnawaitedStatement
from petitions.addresses import normalize_email

from .. import selectors
from ..models import NewsEmail, NewsSend, Post
from .emails import news_email_message, post_email_render

logger = logging.getLogger(__name__)

# The first retry waits a minute, then each waits twice as long as the one before, up to this.
RETRY_DELAY_SECONDS = 60
RETRY_DELAY_MAX_SECONDS = 3600


class NewsSendRefused(Exception):
    """A sending that cannot start; the message says why, for staff."""


def news_send_start(*, post, petitions, started_by):
    """Start sending a published post to the consenting signers of petitions; return the record.

    One email per mailbox, however many of the petitions it signed; none to a mailbox that
    another sending of the post reached. The emails are written at once and sent by the outbox.
    """
    petition_ids = sorted({petition.pk for petition in petitions})
    if not petition_ids:
        raise NewsSendRefused(_("Choose at least one petition."))
    if not post.is_public:
        raise NewsSendRefused(
            _("Only a published post can be sent: the email links to its page on the site.")
        )
    with transaction.atomic():
        # One sending of a post starts at a time, so that two never reach the same mailbox.
        Post.objects.select_for_update().filter(pk=post.pk).exists()
        send = NewsSend.objects.create(post=post, started_by=started_by)
        send.petitions.set(petition_ids)
        send.recipient_count = _news_emails_create(send=send, petition_ids=petition_ids)
        send.save(update_fields=["recipient_count"])
    return send


def _news_emails_create(*, send, petition_ids):
    """Write a sending's emails, one per mailbox, with one INSERT … SELECT; return how many."""
    recipients = selectors.news_recipients(post=send.post, petitions=petition_ids)
    select, params = recipients.query.sql_with_params()
    with connection.cursor() as cursor:
        # Status, attempts and the time due are the columns' database defaults.
        cursor.execute(
            f"INSERT INTO {NewsEmail._meta.db_table} (send_id, email, email_normalized, language)"
            " SELECT %s, recipient.email, recipient.email_normalized, recipient.language"
            f" FROM ({select}) recipient",
            [send.pk, *params],
        )
        return cursor.rowcount


def news_test_send(*, post, user):
    """Send the post's email to a staff member's own address now; return the email's row.

    It is recorded as a test sending; its status and failure say how it went.
    """
    if not user.email:
        raise NewsSendRefused(_("Your account has no email address to send the test to."))
    claim = uuid.uuid4()
    with transaction.atomic():
        send = NewsSend.objects.create(post=post, is_test=True, started_by=user, recipient_count=1)
        email = NewsEmail.objects.create(
            send=send,
            email=user.email,
            email_normalized=normalize_email(user.email),
            language=get_language(),
            claim=claim,
            claimed_at=timezone.now(),
        )
    unreachable = _send_claimed([email], claim=claim, claimed_at=time.monotonic())
    # A test is tried once, now: staff read its outcome instead of waiting for retries.
    NewsEmail.objects.filter(pk=email.pk, status=NewsEmail.Status.QUEUED).update(
        status=NewsEmail.Status.FAILED,
        failure=unreachable or F("failure"),
        claim=None,
        claimed_at=None,
    )
    news_sends_finish()
    email.refresh_from_db()
    return email


def news_emails_send_due(*, limit):
    """Claim up to `limit` news emails due and send them over one connection; return how many.

    The count is of emails claimed, sent or not: fewer than `limit` means none is left due.
    It is 0 when the mail server cannot be reached, so that a sender stops instead of claiming
    the same emails again at once.
    """
    claim = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        batch = list(
            _due(now)
            .select_for_update(skip_locked=True, of=("self",))
            # What sending reads of each email; its sending and post are read once per batch.
            .only("send_id", "email", "language", "attempts")
            .order_by("next_attempt_at", "pk")[:limit]
        )
        NewsEmail.objects.filter(pk__in=[email.pk for email in batch]).update(
            claim=claim, claimed_at=now
        )
    if batch and _send_claimed(batch, claim=claim, claimed_at=time.monotonic()):
        return 0  # unreachable: all given back untried
    return len(batch)


def news_sends_finish():
    """Record the outcome of the sendings none of whose emails waits any more."""
    now = timezone.now()
    for send in NewsSend.objects.filter(finished_at__isnull=True).exclude(
        emails__status=NewsEmail.Status.QUEUED
    ):
        progress = selectors.news_send_progress(send)
        NewsSend.objects.filter(pk=send.pk, finished_at__isnull=True).update(
            finished_at=now,
            sent_count=progress.sent,
            failed_count=progress.failed,
            cancelled_count=progress.cancelled,
        )


def news_send_stop(*, send):
    """Cancel the emails of a sending that have not left yet; return how many."""
    return NewsEmail.objects.filter(send=send, status=NewsEmail.Status.QUEUED).update(
        status=NewsEmail.Status.CANCELLED
    )


def _due(now):
    """The emails waiting whose time has come and that no live sender holds."""
    claim_expired = now - timedelta(seconds=settings.NEWS_EMAIL_CLAIM_SECONDS)
    return NewsEmail.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim_expired),
        status=NewsEmail.Status.QUEUED,
        next_attempt_at__lte=now,
    )


def _send_claimed(emails, *, claim, claimed_at):
    """Send claimed emails over one connection, each recorded as soon as its fate is known.

    claimed_at is time.monotonic() at the claim: past half the claim's lifetime the sender
    stops and gives the rest back, so that no other sender takes an email it is sending.
    If the mail server cannot be reached, all go back untried; return why.
    """
    sends = NewsSend.objects.select_related("post__campaign").in_bulk(
        {email.send_id for email in emails}
    )
    post_emails = {}
    mail_connection = get_connection()
    try:
        mail_connection.open()
    except (OSError, smtplib.SMTPException) as error:
        reason = _failure(error)[0]
        logger.warning("News emails: cannot reach the mail server: %s", reason)
        _release(emails, claim=claim)
        return reason
    try:
        with _SentRecorder(claim) as recorder:
            for position, email in enumerate(emails):
                if time.monotonic() - claimed_at > settings.NEWS_EMAIL_CLAIM_SECONDS / 2:
                    recorder.wait()
                    _release(emails[position:], claim=claim)
                    return None
                post = sends[email.send_id].post
                # Rendered once per post and language of a batch, in the recipient's language.
                key = (post.pk, email.language)
                if key not in post_emails:
                    with translation.override(email.language):
                        post_emails[key] = post_email_render(post)
                try:
                    message = news_email_message(
                        email=email, post_email=post_emails[key], mail_connection=mail_connection
                    )
                    mail_connection.send_messages([message])
                except (smtplib.SMTPException, OSError, ValueError) as error:
                    reason, permanent, connection_lost = _failure(error)
                    recorder.wait()
                    _record_failure(email, claim=claim, reason=reason, permanent=permanent)
                    if connection_lost:
                        _release(emails[position + 1 :], claim=claim)
                        return None
                    continue
                recorder.record_sent(email)
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            mail_connection.close()
    return None


class _SentRecorder:
    """Records each email of a claim as sent, the instant after the server accepted it.

    On PostgreSQL one statement per email, prepared once per batch and not waited for
    (config.unawaited_statements): the record is with the server at once, so a sender killed
    next does not send the email again, and only a crash of PostgreSQL itself within a fraction
    of a second could lose it, sending those few emails again. Waiting for each answer (and for
    the disk) would take much of each email's time. Call `wait()` before any other query.
    """

    def __init__(self, claim):
        self.claim = claim
        self.statement = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.statement = UnawaitedStatement(
                "news_email_sent",
                ["uuid", "bigint"],
                f"UPDATE {connection.ops.quote_name(NewsEmail._meta.db_table)}"
                f" SET status = '{NewsEmail.Status.SENT.value}', sent_at = now(),"
                " attempts = attempts + 1, failure = '' WHERE claim = $1 AND id = $2",
            ).__enter__()
        return self

    def __exit__(self, *exc_info):
        if self.statement is not None:
            self.statement.__exit__(*exc_info)

    def record_sent(self, email):
        if self.statement is not None:
            self.statement.execute(self.claim, email.pk)
            return
        NewsEmail.objects.filter(pk=email.pk, claim=self.claim).update(
            status=NewsEmail.Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            failure="",
        )

    def wait(self):
        if self.statement is not None:
            self.statement.wait()


def _failure(error):
    """Return (reason, permanent, connection_lost) of a failed attempt to send one email."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        return _reply(code, reply), code >= 500, code == 421
    if isinstance(error, smtplib.SMTPSenderRefused):
        # The server refuses the sender, not this address: try again later, all of them.
        return _reply(error.smtp_code, error.smtp_error), False, True
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        return _reply(code, error.smtp_error), code >= 500, code == 421
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
        return f"{type(error).__name__}: {error}", False, True
    # The message itself cannot be written (an address Django's mail cannot encode, say).
    return f"{type(error).__name__}: {error}", True, False


def _reply(code, reply):
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return f"{code} {reply}"


def _record_failure(email, *, claim, reason, permanent):
    """Fail the email for good, or leave it for a later attempt, alone, after a growing delay."""
    attempts = email.attempts + 1
    if permanent or attempts >= settings.NEWS_EMAIL_MAX_ATTEMPTS:
        if not permanent:
            reason = _("Gave up after %(attempts)d attempts: %(reason)s") % {
                "attempts": attempts,
                "reason": reason,
            }
        changes = {"status": NewsEmail.Status.FAILED}
    else:
        delay = min(RETRY_DELAY_SECONDS * 2 ** (attempts - 1), RETRY_DELAY_MAX_SECONDS)
        changes = {
            "next_attempt_at": timezone.now() + timedelta(seconds=delay),
            "claim": None,
            "claimed_at": None,
        }
    NewsEmail.objects.filter(pk=email.pk, claim=claim).update(
        attempts=attempts, failure=reason, **changes
    )
    logger.info("News email %s not sent (attempt %d): %s", email.pk, attempts, reason)


def _release(emails, *, claim):
    """Give claimed emails back to the outbox, untried."""
    NewsEmail.objects.filter(pk__in=[email.pk for email in emails], claim=claim).update(
        claim=None, claimed_at=None
    )
