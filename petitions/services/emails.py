"""Verification emails: the outbox of emails owed, claimed by a sender and sent once.

The email a signature is owed is a column of the signature (requested later than sent), so the
database, not the broker, remembers it: an enqueue lost to a Redis outage only delays it. Each
email succeeds or fails alone: the relay's permanent refusal (5xx, a bad address or header)
parks it with its reason; a temporary one (4xx, a dropped connection, a timeout) puts off that
email alone, for longer after each failure. Every time the outbox compares is the database's
clock (Now()), never a web node's.
"""

import logging
import smtplib
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

from config.i18n import absolute_url_before_token
from config.unawaited_statements import UnawaitedStatement

from ..models import VERIFICATION_EMAIL_OWED, VERIFICATION_EMAIL_PARKED, Petition, Signature
from ..tokens import verification_tokens, withdrawal_tokens

logger = logging.getLogger(__name__)


def email_subject(template_name, context):
    """Render a subject template as one line, whatever line breaks the text it shows holds."""
    return " ".join(render_to_string(template_name, context).split())


# The greeting shows at most this much of a name: a long "name" could otherwise carry a message
# of its own (a phishing line) in our email.
GREETING_NAME_LENGTH = 50

# Rendered in place of each signer's name and links, put in afterwards: the body is rendered
# once per petition and language of a batch, not once per email. No text typed or translated
# holds a NUL character.
_NAME_MARK = "\x00name\x00"
_VERIFICATION_URL_MARK = "\x00verification-url\x00"
_WITHDRAWAL_URL_MARK = "\x00withdrawal-url\x00"


@dataclass(frozen=True)
class VerificationEmailText:
    """A petition's verification email in one language, rendered once for all its signers."""

    subject: str
    body: str  # with the marks where each signer's name and links go
    # config.i18n.absolute_url_before_token: each link is the prefix, the token, then "/".
    verification_url_prefix: str
    withdrawal_url_prefix: str

    def message(self, signature):
        """Return the email of one signer of the petition."""
        body = (
            self.body.replace(
                _VERIFICATION_URL_MARK,
                f"{self.verification_url_prefix}{verification_tokens.make_token(signature.pk)}/",
            )
            .replace(
                _WITHDRAWAL_URL_MARK,
                f"{self.withdrawal_url_prefix}{withdrawal_tokens.make_token(signature.pk)}/",
            )
            # Last, so that nothing a name holds is taken for a mark.
            .replace(_NAME_MARK, Truncator(signature.name).chars(GREETING_NAME_LENGTH))
        )
        return EmailMessage(subject=self.subject, body=body, to=[signature.email])


def verification_email_text(petition, language):
    """Render a petition's verification email in a language (its texts, its petition title, and
    links to its pages: /az/...)."""
    with translation.override(language):
        context = {
            "petition": petition,
            "name": _NAME_MARK,
            "verification_url": _VERIFICATION_URL_MARK,
            "withdrawal_url": _WITHDRAWAL_URL_MARK,
        }
        return VerificationEmailText(
            subject=email_subject("petitions/email/verification_subject.txt", context),
            body=render_to_string("petitions/email/verification_body.txt", context),
            verification_url_prefix=absolute_url_before_token("petitions:verify"),
            withdrawal_url_prefix=absolute_url_before_token("petitions:withdraw"),
        )


# What sending an email reads of its signature; its petition is read once per batch.
_FIELDS_AN_EMAIL_NEEDS = ("petition_id", "name", "email", "language", "verification_email_attempts")


def verification_email_send(*, signature_id):
    """Send the verification email a signature is owed; return whether it was sent.

    Claims the email first with a conditional UPDATE, so a task and the outbox racing for the
    same signature send it once. If the relay cannot be reached, the claim is given back and
    the error raised; a refusal of this email is recorded as in the outbox.
    """
    _record_what_could_not_be_recorded()
    claimed = (
        _owed_verification_emails(older_than_seconds=0)
        .filter(pk=signature_id)
        .update(verification_email_next_attempt_at=_claim_expiry())
    )
    if not claimed:
        return False
    signature = Signature.objects.only(*_FIELDS_AN_EMAIL_NEEDS).get(pk=signature_id)
    return _send_claimed_verification_emails([signature]) == 1


def verification_emails_send_owed(*, older_than_seconds, limit):
    """Claim up to `limit` owed verification emails and send them; return how many were claimed.

    The batch is claimed in one short transaction (SKIP LOCKED on PostgreSQL), so that several
    senders share the work and each email goes out once. Each email is then sent, parked or put
    off on its own; if the relay cannot be reached at all, the emails not tried yet are owed
    again at once, and the error is raised.
    """
    _record_what_could_not_be_recorded()
    with transaction.atomic():
        batch = list(
            _owed_verification_emails(older_than_seconds=older_than_seconds)
            .select_for_update(skip_locked=True, of=("self",))
            .only(*_FIELDS_AN_EMAIL_NEEDS)
            .order_by("verification_email_requested_at")[:limit]
        )
        Signature.objects.filter(pk__in=[s.pk for s in batch]).update(
            verification_email_next_attempt_at=_claim_expiry()
        )
    if batch:
        _send_claimed_verification_emails(batch)
    return len(batch)


def verification_emails_requeue(*, signatures):
    """Owe the parked among these signatures their email again; return their ids.

    For staff, once the cause is fixed (the relay's configuration, a typo in an address).
    """
    parked = signatures.filter(VERIFICATION_EMAIL_PARKED)
    ids = list(parked.values_list("pk", flat=True))
    Signature.objects.filter(VERIFICATION_EMAIL_PARKED, pk__in=ids).update(
        verification_email_requested_at=Now(),
        verification_email_failed_at=None,
        verification_email_failure="",
        verification_email_attempts=0,
        verification_email_next_attempt_at=None,
    )
    return ids


@dataclass(frozen=True)
class _Failure:
    permanent: bool
    reason: str


def _failure(error):
    """Return how sending one email failed, or None if the failure is not that email's own."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        ((code, reply),) = error.recipients.values()
    elif isinstance(error, smtplib.SMTPSenderRefused):
        return None  # the relay refuses our From address: every email would fail alike
    elif isinstance(error, smtplib.SMTPResponseException):
        code, reply = error.smtp_code, error.smtp_error
    elif isinstance(error, ValueError):
        # BadHeaderError, or an address Django cannot parse: sending again cannot help.
        return _Failure(permanent=True, reason=str(error))
    elif isinstance(error, OSError):
        # The connection dropped or timed out (SMTPServerDisconnected is an OSError too).
        return _Failure(permanent=False, reason=str(error) or type(error).__name__)
    else:
        return None
    if isinstance(reply, bytes):
        reply = reply.decode(errors="replace")
    return _Failure(permanent=code >= 500, reason=f"{code} {reply}")


def _send_claimed_verification_emails(signatures):
    """Send claimed emails over one connection, recording each as it goes; return how many sent.

    Each email is recorded as sent as soon as the relay accepts it, so a sender killed mid-batch
    sends at most one email twice (the one in flight).
    """
    sent = 0
    untried = {signature.pk for signature in signatures}
    petitions = Petition.objects.in_bulk({signature.petition_id for signature in signatures})
    texts = {}  # (petition id, language): the email's text, rendered once per batch
    mail_connection = get_connection()
    try:
        # One email (a task of its own) is recorded as any: nothing to prepare for one.
        with _SentRecorder(batch=len(signatures) > 1) as recorder:
            for signature in signatures:
                text_key = (signature.petition_id, signature.language or settings.LANGUAGE_CODE)
                if text_key not in texts:
                    texts[text_key] = verification_email_text(petitions[text_key[0]], text_key[1])
                # Raises if the relay is unreachable: no email's fault, so the batch stops.
                mail_connection.open()
                try:
                    mail_connection.send_messages([texts[text_key].message(signature)])
                except Exception as error:
                    failure = _failure(error)
                    if failure is None:
                        raise
                    recorder.wait()
                    _record_failure(signature, failure)
                    if not failure.permanent:
                        # After a dropped connection or a 421 the connection is unusable:
                        # the next email opens a new one.
                        with suppress(OSError):
                            mail_connection.close()
                else:
                    untried.discard(signature.pk)
                    recorder.record_sent(signature)
                    sent += 1
                untried.discard(signature.pk)
    finally:
        with suppress(OSError):
            mail_connection.close()
        # Given back: owed again at once, without counting an attempt.
        try:
            Signature.objects.filter(pk__in=untried).update(verification_email_next_attempt_at=None)
        except DatabaseError:
            _given_back_not_recorded.update(untried)
    return sent


# What this process could not record, PostgreSQL being unreachable (restarting): the emails it
# sent, and those it gave back. Recorded by its next run, long before their claim expires, so a
# restart of PostgreSQL in the middle of a batch sends no email twice and delays none by the
# claim's length. (A sender killed then still sends the email in flight again, as any.)
_sent_not_recorded = set()
_given_back_not_recorded = set()


def _record_what_could_not_be_recorded():
    if _sent_not_recorded:
        _mark_sent(Signature.objects.filter(pk__in=_sent_not_recorded))
        _sent_not_recorded.clear()
    if _given_back_not_recorded:
        Signature.objects.filter(pk__in=_given_back_not_recorded).update(
            verification_email_next_attempt_at=None
        )
        _given_back_not_recorded.clear()


def _record_sent(signature):
    _mark_sent(Signature.objects.filter(pk=signature.pk))


def _mark_sent(signatures):
    signatures.update(
        verification_email_sent_at=Now(),
        verification_email_next_attempt_at=None,
        verification_email_attempts=0,
        verification_email_failure="",
    )


class _SentRecorder:
    """Records each email as sent, the instant after the relay accepted it.

    The outbox's hot path: for a batch on PostgreSQL, one statement per email, prepared once
    and not waited for (config.unawaited_statements); otherwise (a task's one email, another
    database) an ordinary UPDATE. Call `wait()` before any other query.
    """

    def __init__(self, *, batch):
        self.statement = None
        if batch and connection.vendor == "postgresql":
            table = connection.ops.quote_name(Signature._meta.db_table)
            self.statement = UnawaitedStatement(
                "petitions_email_sent",
                ["bigint"],
                f"UPDATE {table} SET verification_email_sent_at = STATEMENT_TIMESTAMP(), "
                "verification_email_next_attempt_at = NULL WHERE id = $1",
                on_failure=lambda values: _sent_not_recorded.update(values),
            )

    def __enter__(self):
        if self.statement is not None:
            self.statement.__enter__()
        return self

    def __exit__(self, *exc_info):
        if self.statement is not None:
            self.statement.__exit__(*exc_info)

    def record_sent(self, signature):
        if self.statement is not None and not signature.verification_email_attempts:
            self.statement.execute(signature.pk)
            return
        self.wait()
        try:
            _record_sent(signature)  # its failures are cleared too
        except DatabaseError:
            _sent_not_recorded.add(signature.pk)
            raise

    def wait(self):
        if self.statement is not None:
            self.statement.wait()


def _record_failure(signature, failure):
    """Park the email if the failure is permanent or too frequent; else put it off."""
    attempts = signature.verification_email_attempts + 1
    reason = failure.reason[: Signature._meta.get_field("verification_email_failure").max_length]
    fields = {"verification_email_attempts": attempts, "verification_email_failure": reason}
    if failure.permanent or attempts >= settings.PETITIONS_OUTBOX_MAX_ATTEMPTS:
        logger.warning(
            "Verification email of signature %s parked after %d attempt(s): %s",
            signature.pk,
            attempts,
            failure.reason,
        )
        fields |= {
            "verification_email_failed_at": Now(),
            "verification_email_next_attempt_at": None,
        }
    else:
        logger.info(
            "Verification email of signature %s failed (attempt %d), tried again later: %s",
            signature.pk,
            attempts,
            failure.reason,
        )
        delay = settings.PETITIONS_OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1)
        fields["verification_email_next_attempt_at"] = Now() + timedelta(seconds=delay)
    Signature.objects.filter(pk=signature.pk).update(**fields)


def _claim_expiry():
    return Now() + timedelta(seconds=settings.PETITIONS_OUTBOX_CLAIM_SECONDS)


def _owed_verification_emails(*, older_than_seconds):
    """Signatures owed their email, requested that long ago, and due (not held, not put off)."""
    return Signature.objects.filter(
        VERIFICATION_EMAIL_OWED,
        Q(verification_email_next_attempt_at__isnull=True)
        | Q(verification_email_next_attempt_at__lte=Now()),
        verification_email_requested_at__lte=Now() - timedelta(seconds=older_than_seconds),
    )
