"""Signing: a supporter's signature is stored unverified, and its verification email is owed."""

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from ..addresses import hash_ip_address, normalize_email
from ..models import Signature
from ..selectors import current_privacy_notice_id


@dataclass(frozen=True)
class SigningResult:
    signature_id: int
    created: bool


def signature_create(
    *,
    petition,
    name,
    email,
    country,
    city="",
    consent_to_updates=False,
    consent_to_show_name=False,
    ip_address=None,
    user_agent="",
    language=settings.LANGUAGE_CODE,
):
    """Store an unverified signature and owe it a verification email, in the given language.

    The signature records the consents given and the privacy notice in force (the version the
    form linked to, as this process read it within PETITIONS_LOCAL_CACHE_SECONDS).

    Signing again from the same mailbox (normalize_email decides) creates nothing: an
    unverified signature is owed its email again, at most once per PETITIONS_RESEND_INTERVAL.
    Callers must answer both cases alike, so a response never reveals who has signed; both
    take the same time too (_signature_insert_or_owe_again).
    """
    if not petition.is_open_for_signing():
        raise ValidationError(_("This petition is not open for signatures."), code="closed")
    now = timezone.now()
    signature = {
        "petition": petition.pk,
        "name": name.strip(),
        "email": email.strip(),
        "email_normalized": normalize_email(email),
        "country": country,
        "city": city.strip(),
        "consent_to_updates": consent_to_updates,
        "consent_to_show_name": consent_to_show_name,
        "privacy_notice": current_privacy_notice_id(),
        "language": language,
        "ip_hash": hash_ip_address(ip_address),
        "user_agent": user_agent.replace("\x00", "")[:300],  # PostgreSQL refuses NUL
        "created_at": now,
    }
    return _signature_insert_or_owe_again(signature, now=now)


# The indexed columns: a repeated signature rewrites their index entries, so that it does an
# insert's work (see _insert_or_owe_again_sql).
_INDEXED_COLUMNS = ["petition_id", "email_normalized", "verified_at", "country", "ip_hash"]
REQUESTED = "verification_email_requested_at"


def _signature_insert_or_owe_again(signature, *, now):
    """Insert the signature or, if its mailbox has signed, owe the stored one its email again.

    One statement either way (INSERT … ON CONFLICT DO UPDATE, on PostgreSQL and SQLite alike)
    that writes a row and its index entries in both cases: a first signature and a repeated
    one take the same time, where an INSERT refused as a duplicate followed by a SELECT and an
    UPDATE took about two milliseconds more, and an update that left the indexes alone some
    50 µs less: over a thousand tries, either told who has signed. The email is owed again
    under verification_email_request_again's rule. The email's request time is the database's
    clock, as the outbox compares it, not this node's.

    signature holds the values signature_create gives, by field name; the other columns start
    as the database's default (NULL, or the field's db_default). Preparing only these values,
    without a model instance, takes 18 µs where all 22 fields of a Signature took 74.
    """
    values = [
        Signature._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in signature.items()
    ]
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = _insert_or_owe_again_sql(connection.vendor, tuple(signature))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, settings.PETITIONS_RESEND_INTERVAL, stamp])
        signature_id, created = cursor.fetchone()
    return SigningResult(signature_id=signature_id, created=bool(created))


def _database_now_sql():
    compiler = Signature.objects.none().query.get_compiler(connection=connection)
    sql, params = compiler.compile(Now())
    assert not params
    return sql


@functools.cache
def _insert_or_owe_again_sql(vendor, names):
    """The statement of _signature_insert_or_owe_again for these fields, written once per
    database vendor."""
    quote = connection.ops.quote_name
    table = quote(Signature._meta.db_table)
    requested = quote(REQUESTED)
    fields = [Signature._meta.get_field(name) for name in names]
    now = _database_now_sql()  # one value for the whole statement, on both databases
    if vendor == "postgresql":
        # PostgreSQL updates a row without touching its indexes (a HOT update) unless an
        # indexed value changes: moving the request a microsecond changes nothing the outbox
        # or the resend interval can tell (an email sent is sent milliseconds later), and has
        # every index written, as an insert does.
        not_owed = f"COALESCE({table}.{requested}, {table}.{quote('created_at')}) + interval '1 microsecond'"
        rewritten = ""
        resend_after = f"{now} - %s * interval '1 second'"
    else:
        # SQLite writes the index entries of every column an UPDATE sets, changed or not.
        not_owed = f"{table}.{requested}"
        rewritten = "".join(f"{quote(c)} = {table}.{quote(c)}, " for c in _INDEXED_COLUMNS)
        resend_after = "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW', '-' || %s || ' seconds')"
    return (
        f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}, {requested}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}, {now}) "
        f"ON CONFLICT ({quote('petition_id')}, {quote('email_normalized')}) DO UPDATE SET "
        + rewritten
        + f"{requested} = CASE WHEN {table}.{quote('verified_at')} IS NULL "
        f"AND {table}.{quote('invalidated_at')} IS NULL "
        # A parked email stays parked (see verification_email_request_again).
        f"AND {table}.{quote('verification_email_failed_at')} IS NULL "
        f"AND ({table}.{requested} IS NULL OR {table}.{requested} < {resend_after}) "
        f"THEN excluded.{requested} ELSE {not_owed} END "
        f"RETURNING {quote('id')}, {quote('created_at')} = %s"
    )


def verification_email_request_again(*, signature):
    """Owe an unverified signature its email again, unless one went out very recently.

    Return whether an email is now owed. A parked email stays parked: the address is the one
    the relay refused, and staff may send it again from the admin once the cause is fixed.
    """
    if signature.verified_at or signature.invalidated_at or signature.verification_email_failed_at:
        return False
    recently = Now() - timedelta(seconds=settings.PETITIONS_RESEND_INTERVAL)
    # One conditional UPDATE, so two simultaneous requests cannot both pass the interval check.
    requested = (
        Signature.objects.filter(
            pk=signature.pk, verified_at__isnull=True, verification_email_failed_at__isnull=True
        )
        .filter(
            Q(verification_email_requested_at__isnull=True)
            | Q(verification_email_requested_at__lt=recently)
        )
        .update(verification_email_requested_at=Now())
    )
    return bool(requested)
