"""Business operations on petitions and signatures: sign, verify, send, count, recount.

Read top to bottom, this module is the life of a signature: it is created unverified, its
verification email is owed and sent, its link verifies it exactly once and adds it to its
country's count, and the counts can be rebuilt from the signatures at any time. Signatures
found fraudulent are invalidated in bulk, uncounted, and the invalidation is recorded. Then come
what organizers need: milestones reached, and exports of the consenting signers.
"""

import io
import logging
import random
import tempfile
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .exports import write_signers_csv
from .models import (
    ORGANIZERS_GROUP,
    CountryCount,
    Milestone,
    Signature,
    SignatureInvalidation,
    SignerExport,
)
from .tokens import ExpiredToken, InvalidToken, verification_tokens
from .validators import normalize_email

logger = logging.getLogger(__name__)


def hash_ip_address(ip_address):
    """Return a keyed hash of an IP address: enough to spot a burst, not to recover the IP."""
    if not ip_address:
        return ""
    return salted_hmac("petitions.ip", ip_address, algorithm="sha256").hexdigest()


# Signing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningResult:
    signature: Signature
    created: bool


def signature_create(
    *,
    petition,
    name,
    email,
    country,
    city="",
    consent_to_updates=False,
    ip_address=None,
    user_agent="",
):
    """Store an unverified signature and owe it a verification email.

    Signing again with the same address (any case, any surrounding spaces) creates nothing: an
    unverified signature is sent its email again, at most once per PETITIONS_RESEND_INTERVAL.
    Callers must answer both cases alike, so a response never reveals who has signed.
    """
    if not petition.is_open_for_signing():
        raise ValidationError(_("This petition is not open for signatures."), code="closed")
    email_normalized = normalize_email(email)
    # Alone, the INSERT is its own transaction: no BEGIN and COMMIT round trips at a peak. In a
    # caller's transaction, a savepoint keeps a duplicate from breaking that transaction.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            signature = Signature.objects.create(
                petition=petition,
                name=name.strip(),
                email=email.strip(),
                email_normalized=email_normalized,
                country=country,
                city=city.strip(),
                consent_to_updates=consent_to_updates,
                ip_hash=hash_ip_address(ip_address),
                user_agent=user_agent.replace("\x00", "")[:300],  # PostgreSQL refuses NUL
                verification_email_requested_at=timezone.now(),
            )
    except IntegrityError:
        signature = Signature.objects.get(petition=petition, email_normalized=email_normalized)
        verification_email_request_again(signature=signature)
        return SigningResult(signature=signature, created=False)
    _owe_verification_email(signature.pk)
    return SigningResult(signature=signature, created=True)


def verification_email_request_again(*, signature):
    """Owe an unverified signature its email again, unless one went out very recently.

    Return whether an email was requested.
    """
    if signature.verified_at or signature.invalidated_at:
        return False
    now = timezone.now()
    recently = now - timezone.timedelta(seconds=settings.PETITIONS_RESEND_INTERVAL)
    # One conditional UPDATE, so two simultaneous requests cannot both pass the interval check.
    requested = (
        Signature.objects.filter(pk=signature.pk, verified_at__isnull=True)
        .filter(
            Q(verification_email_requested_at__isnull=True)
            | Q(verification_email_requested_at__lt=recently)
        )
        .update(verification_email_requested_at=now)
    )
    if requested:
        _owe_verification_email(signature.pk)
    return bool(requested)


# Verification emails ---------------------------------------------------------------------------


def _owe_verification_email(signature_id):
    """Send the email just recorded as owed: queued at commit, or left to the outbox.

    With the outbox (PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox") the signer's request does
    not talk to the broker at all: the owed email is already in the database, and the beat task
    send_owed_verification_emails sends it within PETITIONS_OUTBOX_INTERVAL seconds.
    """
    if settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH == "task":
        transaction.on_commit(lambda: enqueue_verification_email(signature_id))


def enqueue_verification_email(signature_id):
    """Hand the email to the task queue; if the broker is down, the sweep sends it later."""
    from .tasks import send_verification_email_task

    try:
        send_verification_email_task.delay(signature_id)
    except Exception:
        # The signature is stored and its email is owed in the database; never fail the signer.
        logger.exception("Could not enqueue the verification email of signature %s", signature_id)


def verification_url(signature):
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


def send_verification_email(*, signature_id):
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


def send_owed_verification_emails(*, older_than_seconds, limit):
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


# Verification ----------------------------------------------------------------------------------


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
                + _country_count_upsert("SELECT petition_id, country, %s, 1, %s FROM verified")
                + " RETURNING 1",
                [now, signature_id, _random_shard(), now],
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
            add_to_country_count(petition_id=petition_id, country=country, delta=1)
    return bool(verified)


# Counting --------------------------------------------------------------------------------------


def add_to_country_count(*, petition_id, country, delta):
    """Add delta to a random shard of a petition's count for a country, creating it if need be.

    Call it inside the transaction that changes the signatures it counts. One upsert statement
    (PostgreSQL and SQLite alike) holds one shard's row lock only until that transaction ends.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _country_count_upsert("VALUES (%s, %s, %s, %s, %s)"),
            [petition_id, country, _random_shard(), delta, timezone.now()],
        )


def _country_count_upsert(rows_sql):
    """SQL adding rows (petition_id, country, shard, count, updated_at) to the counter shards."""
    table = connection.ops.quote_name(CountryCount._meta.db_table)
    return (
        f"INSERT INTO {table} (petition_id, country, shard, count, updated_at) {rows_sql} "
        "ON CONFLICT (petition_id, country, shard) "
        f"DO UPDATE SET count = {table}.count + EXCLUDED.count, updated_at = EXCLUDED.updated_at"
    )


def _random_shard():
    return random.randrange(settings.PETITIONS_COUNTER_SHARDS)


@dataclass(frozen=True)
class CountDrift:
    country: str
    counted: int
    actual: int


def recount_signatures(*, petition):
    """Make a petition's country counts equal its verified signatures; return what drifted.

    Safe while signatures are being verified: counts and signatures are read in one snapshot,
    and what differed is then added as a correction, not written over the live counters.
    """
    # Inside a caller's transaction the snapshot is the caller's; on its own it takes one.
    takes_snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if takes_snapshot:
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        actual = dict(
            Signature.objects.filter(
                petition=petition, verified_at__isnull=False, invalidated_at__isnull=True
            )
            .values_list("country")
            .annotate(n=Count("pk"))
        )
        counted = dict(
            CountryCount.objects.filter(petition=petition)
            .values_list("country")
            .annotate(n=Sum("count"))
        )
    drifts = [
        CountDrift(country=code, counted=counted.get(code, 0), actual=actual.get(code, 0))
        for code in sorted(set(actual) | set(counted))
        if counted.get(code, 0) != actual.get(code, 0)
    ]
    with transaction.atomic():
        for drift in drifts:
            add_to_country_count(
                petition_id=petition.pk, country=drift.country, delta=drift.actual - drift.counted
            )
    return drifts


# Invalidation ----------------------------------------------------------------------------------


def signatures_invalidate(*, signatures, invalidated_by, reason):
    """Invalidate signatures for fraud, uncount the verified ones, and record who did it and why.

    Locks the signatures for the transaction, so that none is verified meanwhile; signatures
    invalidated before are left alone, so that none is uncounted twice. Return the record, or
    None when there was nothing left to invalidate.
    """
    with transaction.atomic():
        rows = list(
            Signature.objects.select_for_update()
            .filter(pk__in=signatures.values("pk"), invalidated_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "petition_id", "country", "verified_at")
        )
        if not rows:
            return None
        verified = Counter(
            (petition_id, country) for _pk, petition_id, country, verified_at in rows if verified_at
        )
        invalidation = SignatureInvalidation.objects.create(
            invalidated_by=invalidated_by,
            reason=reason,
            signature_count=len(rows),
            verified_count=verified.total(),
        )
        # In batches: SQLite allows a limited number of parameters in one statement.
        pks = [pk for pk, *_ in rows]
        for start in range(0, len(pks), 500):
            Signature.objects.filter(pk__in=pks[start : start + 500]).update(
                invalidated_at=invalidation.invalidated_at, invalidation=invalidation
            )
        for (petition_id, country), n in sorted(verified.items()):
            add_to_country_count(petition_id=petition_id, country=country, delta=-n)
    return invalidation


# Milestones ------------------------------------------------------------------------------------


def milestones_check():
    """Mark the milestones that petitions' verified counts have crossed; notify each once.

    Run by Celery beat every few seconds rather than on each verification, which stays one
    UPDATE and one upsert. Marking is one conditional UPDATE per milestone, so of two checks
    racing, one marks it and only that one enqueues the email. Return the milestones marked.
    """
    from .selectors import petition_count
    from .tasks import send_milestone_email_task

    reached = []
    petition_ids = Milestone.objects.filter(reached_at__isnull=True).values_list(
        "petition_id", flat=True
    )
    for petition_id in set(petition_ids):
        total = petition_count(petition_id=petition_id).signature_count
        for milestone in Milestone.objects.filter(
            petition_id=petition_id, reached_at__isnull=True, threshold__lte=total
        ):
            marked = Milestone.objects.filter(pk=milestone.pk, reached_at__isnull=True).update(
                reached_at=timezone.now()
            )
            if marked:
                reached.append(milestone)
                transaction.on_commit(lambda pk=milestone.pk: send_milestone_email_task.delay(pk))
    # An email whose enqueue was lost (broker down) is sent on a later check.
    cutoff = timezone.now() - timezone.timedelta(seconds=60)
    for pk in Milestone.objects.filter(notified_at__isnull=True, reached_at__lt=cutoff).values_list(
        "pk", flat=True
    ):
        send_milestone_email_task.delay(pk)
    return reached


def organizer_emails():
    """Return the addresses of the active members of the Organizers group."""
    return sorted(
        get_user_model()
        .objects.filter(groups__name=ORGANIZERS_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def send_milestone_email(*, milestone_id):
    """Email the organizers that a milestone was reached, unless they were; return whether sent.

    Claims the email with a conditional UPDATE first, so a retried or duplicated task sends
    it once; a failed send gives the claim back and re-raises.
    """
    claimed = Milestone.objects.filter(
        pk=milestone_id, reached_at__isnull=False, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    milestone = Milestone.objects.select_related("petition").get(pk=milestone_id)
    recipients = organizer_emails()
    if not recipients:
        # Keep the claim: a member who joins later need not be told of a past milestone.
        logger.warning("Milestone %s reached, but the Organizers group has no email", milestone)
        return False
    context = {
        "milestone": milestone,
        "petition": milestone.petition,
        "stats_url": settings.SITE_URL.rstrip("/")
        + reverse("petitions:stats", kwargs={"slug": milestone.petition.slug}),
    }
    try:
        send_mail(
            subject=render_to_string("petitions/email/milestone_subject.txt", context).strip(),
            message=render_to_string("petitions/email/milestone_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        Milestone.objects.filter(pk=milestone_id).update(notified_at=None)
        raise
    return True


# Signer exports --------------------------------------------------------------------------------


def signer_export_request(*, petition, requested_by, channel=SignerExport.Channel.ADMIN):
    """Log a request to export a petition's consenting signers, and write it in the background.

    A long export in a web request would be cut at the worker's timeout while the client still
    got a 200 and a truncated file; a job that records its row count when done cannot be.
    """
    from .tasks import export_signers_task

    export = SignerExport.objects.create(
        petition=petition, requested_by=requested_by, channel=channel
    )
    transaction.on_commit(lambda: export_signers_task.delay(export.pk))
    return export


def signer_export_run(*, export_id):
    """Write a requested signer export to storage; mark it finished with its row count."""
    from .selectors import consenting_signers

    claimed = SignerExport.objects.filter(pk=export_id, status=SignerExport.Status.PENDING).update(
        status=SignerExport.Status.RUNNING
    )
    if not claimed:
        return
    export = SignerExport.objects.select_related("petition").get(pk=export_id)
    try:
        # Rows go to a temporary file on disk, then to storage: memory stays constant.
        with tempfile.TemporaryFile("w+b") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            row_count = write_signers_csv(consenting_signers(petition=export.petition), text)
            text.flush()
            raw.seek(0)
            name = f"{export.petition.slug}-signers-{export.created_at:%Y%m%d-%H%M%S}.csv"
            export.file.save(name, File(raw), save=False)
            text.detach()
    except BaseException as error:
        _signer_export_end(export, error=error)
        raise
    _signer_export_end(export, row_count=row_count, also_saved=["file"])
    logger.info(
        "Signer export %s of %s by %s: %s rows",
        export.pk,
        export.petition.slug,
        export.requested_by or export.channel,
        row_count,
    )


def signer_export_write(
    *, petition, stream, requested_by=None, channel=SignerExport.Channel.COMMAND
):
    """Write a petition's consenting signers to a text stream now, and log the export."""
    from .selectors import consenting_signers

    export = SignerExport.objects.create(
        petition=petition,
        requested_by=requested_by,
        channel=channel,
        status=SignerExport.Status.RUNNING,
    )
    try:
        row_count = write_signers_csv(consenting_signers(petition=petition), stream)
    except BaseException as error:
        _signer_export_end(export, error=error)
        raise
    _signer_export_end(export, row_count=row_count)
    return export


def _signer_export_end(export, *, row_count=None, error=None, also_saved=()):
    """Record how an export ended: finished with its row count, or failed with its error.

    Callers catch BaseException, so an export cut short (a stopped worker, Ctrl-C on the
    command) is logged as failed rather than left looking unfinished or complete.
    """
    export.finished_at = timezone.now()
    if error is None:
        export.status, export.row_count = SignerExport.Status.FINISHED, row_count
        fields = ["status", "row_count", "finished_at", *also_saved]
    else:
        export.status, export.error = SignerExport.Status.FAILED, repr(error)
        fields = ["status", "error", "finished_at"]
    export.save(update_fields=fields)
