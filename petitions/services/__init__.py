"""Business operations on petitions and signatures, one module per stage of a signature's life.

- signing: a signature is created unverified, and its verification email is owed;
- emails: the outbox sends each owed email once;
- verification: the link confirms the signature exactly once and counts it;
- counting: the sharded per-country counters, and recounts from the signatures;
- invalidation: fraudulent signatures uncounted in bulk, with an audit record;
- milestones: thresholds crossed, announced once to the organizers;
- withdrawal: a supporter takes a signature back, off the count once, and it is erased;
- retention: unverified signatures deleted, closed petitions' signatures anonymized;
- personal_data: everything held about one address, exported or erased.

Signer exports, counts exports and delivery documents are in petitions.reporting. Services never
queue tasks: whoever starts the work (a view, the admin, a command, beat) queues what follows,
with the helpers of petitions.tasks, or leaves it to the outbox.
"""

from .counting import CountDrift, country_count_add, country_counts_recount
from .emails import (
    verification_email_send,
    verification_emails_requeue,
    verification_emails_send_owed,
)
from .invalidation import signatures_invalidate
from .milestones import milestone_email_send, milestones_check
from .personal_data import (
    PersonalDataSummary,
    personal_data_email_hash,
    personal_data_erase,
    personal_data_export,
    personal_data_summary,
)
from .retention import retention_apply, retention_preview, retention_runs_fail_stopped
from .signing import (
    SigningResult,
    hash_ip_address,
    normalize_email,
    signature_create,
    verification_email_request_again,
)
from .verification import (
    VerificationOutcome,
    VerificationResult,
    signature_verification_state,
    signature_verify,
)
from .withdrawal import Withdrawal, signature_withdraw, withdrawal_url

__all__ = [
    "CountDrift",
    "PersonalDataSummary",
    "SigningResult",
    "VerificationOutcome",
    "VerificationResult",
    "Withdrawal",
    "country_count_add",
    "country_counts_recount",
    "hash_ip_address",
    "milestone_email_send",
    "milestones_check",
    "normalize_email",
    "personal_data_email_hash",
    "personal_data_erase",
    "personal_data_export",
    "personal_data_summary",
    "retention_apply",
    "retention_preview",
    "retention_runs_fail_stopped",
    "signature_create",
    "signature_verification_state",
    "signature_verify",
    "signature_withdraw",
    "signatures_invalidate",
    "verification_email_request_again",
    "verification_email_send",
    "verification_emails_requeue",
    "verification_emails_send_owed",
    "withdrawal_url",
]
