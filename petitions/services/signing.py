"""Signing: a supporter's signature is stored unverified, and its verification email is owed."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..models import Signature
from ..selectors import current_privacy_notice_id
from ..validators import normalize_email


def hash_ip_address(ip_address):
    """Return a keyed hash of an IP address: enough to spot a burst, not to recover the IP."""
    if not ip_address:
        return ""
    return salted_hmac("petitions.ip", ip_address, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class SigningResult:
    signature: Signature
    created: bool
    # Whether this call made a verification email owed: the caller may queue it (tasks.py).
    email_owed: bool


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
                consent_to_show_name=consent_to_show_name,
                privacy_notice_id=current_privacy_notice_id(),
                language=language,
                ip_hash=hash_ip_address(ip_address),
                user_agent=user_agent.replace("\x00", "")[:300],  # PostgreSQL refuses NUL
                # The database's clock, as the outbox compares it: not this node's.
                verification_email_requested_at=Now(),
            )
        # The instance holds the expression: reading the field loads the time stored.
        del signature.verification_email_requested_at
    except IntegrityError:
        signature = Signature.objects.get(petition=petition, email_normalized=email_normalized)
        owed = verification_email_request_again(signature=signature)
        return SigningResult(signature=signature, created=False, email_owed=owed)
    return SigningResult(signature=signature, created=True, email_owed=True)


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
