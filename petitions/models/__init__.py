"""The petitions app's models, one module per concern; all of them importable from here."""

from .abuse import AllowedNetwork, BlockedEmailDomain, BlockedIpHash
from .petitions import ORGANIZERS_GROUP, Addressee, Milestone, Petition
from .privacy import PersonalDataRequest, PrivacyNotice, RetentionRun
from .reports import DeliveryDocument, ReportJob, SignerExport
from .signatures import (
    VERIFICATION_EMAIL_OWED,
    VERIFICATION_EMAIL_PARKED,
    CountryCount,
    Signature,
    SignatureInvalidation,
)

__all__ = [
    "ORGANIZERS_GROUP",
    "VERIFICATION_EMAIL_OWED",
    "VERIFICATION_EMAIL_PARKED",
    "Addressee",
    "AllowedNetwork",
    "BlockedEmailDomain",
    "BlockedIpHash",
    "CountryCount",
    "DeliveryDocument",
    "Milestone",
    "PersonalDataRequest",
    "Petition",
    "PrivacyNotice",
    "ReportJob",
    "RetentionRun",
    "Signature",
    "SignatureInvalidation",
    "SignerExport",
]
