"""Rights of the person: everything held about one email address, exported or erased.

An address is looked up by its mailbox key (normalize_email), as signing does. Each request is
recorded (PersonalDataRequest) with a keyed hash and a masked form of the address, never the
address itself; the admin adds its own log entry.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.crypto import salted_hmac

from config.masking import mask_email

from ..addresses import normalize_email
from ..models import DeliveryDocument, PersonalDataRequest, Signature, SignerExport
from ..signals import personal_data_erased, personal_data_exported
from .withdrawal import signature_withdraw


def personal_data_email_hash(email):
    """Return the keyed hash that requests about an address are recorded under."""
    return salted_hmac(
        "petitions.personal-data-request", normalize_email(email), algorithm="sha256"
    ).hexdigest()


def _signatures_of(email):
    return (
        Signature.objects.filter(email_normalized=normalize_email(email))
        .select_related("petition", "privacy_notice")
        .order_by("pk")
    )


@dataclass(frozen=True)
class PersonalDataSummary:
    """What is held about an address, in numbers: what staff see before exporting or erasing."""

    signature_count: int
    counted_count: int
    petition_titles: tuple[str, ...]
    signer_export_count: int
    delivery_document_count: int
    earlier_requests: tuple[PersonalDataRequest, ...]


def personal_data_summary(*, email):
    """Return how much is held about an address, without the data itself, and the requests
    about it so far."""
    signatures = list(_signatures_of(email))
    return PersonalDataSummary(
        signature_count=len(signatures),
        counted_count=sum(1 for s in signatures if s.verified_at and not s.invalidated_at),
        petition_titles=tuple(s.petition.title for s in signatures),
        signer_export_count=sum(len(_signer_exports_including(s)) for s in signatures),
        delivery_document_count=sum(len(_delivery_documents_naming(s)) for s in signatures),
        # Found by the address's hash: the records never hold it in clear.
        earlier_requests=tuple(
            PersonalDataRequest.objects.filter(email_hash=personal_data_email_hash(email))
            .select_related("requested_by")
            .order_by("-requested_at")
        ),
    )


def personal_data_export(*, email, requested_by, note=""):
    """Return everything held about an address as JSON-ready data; record the request."""
    signatures = list(_signatures_of(email))
    mailbox = normalize_email(email)
    document = {
        "email_address": mailbox,
        "generated_at": timezone.now().isoformat(),
        "signatures": [_signature_document(signature) for signature in signatures],
    }
    # What other apps hold about the mailbox (news emails).
    for _receiver, held in personal_data_exported.send(sender=None, mailbox=mailbox):
        document |= held
    record = PersonalDataRequest.objects.create(
        kind=PersonalDataRequest.Kind.EXPORT,
        email_hash=personal_data_email_hash(email),
        email_masked=mask_email(normalize_email(email)),
        requested_by=requested_by,
        note=note,
        signature_count=len(signatures),
    )
    return record, document


def personal_data_erase(*, email, requested_by, note=""):
    """Withdraw every signature of an address, as its withdrawal links would; record it.

    Each one leaves its count exactly once (services.withdrawal). Return the record.
    """
    erased = uncounted = 0
    for signature_id in _signatures_of(email).values_list("pk", flat=True):
        withdrawal = signature_withdraw(signature_id=signature_id)
        if withdrawal is not None:
            erased += 1
            uncounted += withdrawal.uncounted
    personal_data_erased.send(sender=None, mailbox=normalize_email(email))
    return PersonalDataRequest.objects.create(
        kind=PersonalDataRequest.Kind.ERASURE,
        email_hash=personal_data_email_hash(email),
        email_masked=mask_email(normalize_email(email)),
        requested_by=requested_by,
        note=note,
        signature_count=erased,
        uncounted_count=uncounted,
    )


def _signature_document(signature):
    return {
        "petition": {"slug": signature.petition.slug, "title": signature.petition.title},
        "name": signature.name,
        "email": signature.email,
        "country": signature.country.code,
        "city": signature.city,
        "signed_at": _iso(signature.created_at),
        "verified_at": _iso(signature.verified_at),
        "invalidated_at": _iso(signature.invalidated_at),
        "counted": bool(signature.verified_at and not signature.invalidated_at),
        "consents": {
            "given_at": _iso(signature.created_at),
            "privacy_notice_version": (
                signature.privacy_notice.version if signature.privacy_notice else None
            ),
            "campaign_news_by_email": signature.consent_to_updates,
            "show_name_publicly": signature.consent_to_show_name,
        },
        "ip_address_hash": signature.ip_hash,
        "user_agent": signature.user_agent,
        "emails_sent": _emails_sent(signature),
        "signer_exports": [
            {"id": export.pk, "requested_at": _iso(export.created_at), "rows": export.row_count}
            for export in _signer_exports_including(signature)
        ],
        "delivery_documents": [
            {"id": document.pk, "requested_at": _iso(document.created_at)}
            for document in _delivery_documents_naming(signature)
        ],
    }


def _emails_sent(signature):
    """The verification emails of a signature (news emails are the news app's: see signals)."""
    emails = []
    if signature.verification_email_sent_at is not None:
        emails.append(
            {"kind": "verification", "sent_at": _iso(signature.verification_email_sent_at)}
        )
    if signature.verification_email_failed_at is not None:
        emails.append(
            {
                "kind": "verification, not delivered",
                "failed_at": _iso(signature.verification_email_failed_at),
                "reason": signature.verification_email_failure,
            }
        )
    return emails


def _signer_exports_including(signature):
    """The finished signer exports of its petition made while the signature was in them.

    Exports list the verified, consenting signers at the time: those made after this one was
    verified, if it consents to news.
    """
    if not (signature.verified_at and signature.consent_to_updates):
        return []
    return list(
        SignerExport.objects.filter(
            petition_id=signature.petition_id,
            status=SignerExport.Status.FINISHED,
            created_at__gte=signature.verified_at,
        ).order_by("pk")
    )


def _delivery_documents_naming(signature):
    """The finished delivery documents of its petition with signers' names that name it.

    They name the counted signers who consented to show their name at the time: those made
    after this one was verified, if it so consents.
    """
    if not (signature.verified_at and signature.consent_to_show_name):
        return []
    return list(
        DeliveryDocument.objects.filter(
            petition_id=signature.petition_id,
            with_signers=True,
            status=DeliveryDocument.Status.FINISHED,
            created_at__gte=signature.verified_at,
        ).order_by("pk")
    )


def _iso(moment):
    return moment.isoformat() if moment else None
