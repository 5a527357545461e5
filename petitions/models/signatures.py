"""Signatures, how they are counted (country count shards) and invalidated."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .petitions import Petition
from .privacy import PrivacyNotice


class SignatureInvalidation(models.Model):
    """The audit record of one bulk invalidation: who removed which signatures, when and why."""

    invalidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signature_invalidations",
        verbose_name=_("invalidated by"),
    )
    invalidated_at = models.DateTimeField(_("invalidated at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    signature_count = models.PositiveIntegerField(_("signatures invalidated"))
    verified_count = models.PositiveIntegerField(_("of which verified (uncounted)"))

    class Meta:
        ordering = ["-invalidated_at"]
        verbose_name = _("signature invalidation")
        verbose_name_plural = _("signature invalidations")

    def __str__(self):
        return f"{self.invalidated_at:%Y-%m-%d %H:%M} {self.invalidated_by}: {self.signature_count}"


# A verification email is owed while it was requested later than it was last sent, to a signature
# still pending, and is not parked. The partial index "signature_email_owed" holds these rows only,
# so the outbox never walks past the emails sent long ago to signers who never clicked.
VERIFICATION_EMAIL_OWED = Q(
    verified_at__isnull=True,
    invalidated_at__isnull=True,
    verification_email_failed_at__isnull=True,
) & (
    Q(verification_email_sent_at__isnull=True)
    | Q(verification_email_sent_at__lt=F("verification_email_requested_at"))
)
# Parked: refused for good (or failing for too long); kept for staff to look at, never retried.
VERIFICATION_EMAIL_PARKED = Q(
    verified_at__isnull=True,
    invalidated_at__isnull=True,
    verification_email_failed_at__isnull=False,
)


class Signature(models.Model):
    """One supporter's signature; it counts once its email address is verified."""

    # No index of its own: one_signature_per_email (petition, email_normalized) starts with it,
    # and every signing and confirmation would write a second one.
    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="signatures", db_index=False
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, help_text=_("As the signer gave it."))
    email_normalized = models.EmailField(_("normalized email"), max_length=254, editable=False)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    # The consents, each unticked unless the signer ticked it, and the privacy notice shown,
    # are given when signing: at created_at. Campaign news by email (the signer exports and
    # news emails go to these signers only):
    consent_to_updates = models.BooleanField(_("consents to campaign news by email"), default=False)
    # The name (and city) shown publicly: recent supporters, the delivery document's appendix.
    # A database default too, so that rows copied in by raw SQL (the benchmarks) get one.
    consent_to_show_name = models.BooleanField(
        _("consents to show the name publicly"), default=False, db_default=False
    )
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # Never looked up by notice: no index to keep up on every signature.
        db_index=False,
        verbose_name=_("privacy notice shown"),
    )
    # The language the supporter signed in (the page's, or the API's Accept-Language): the
    # verification email, and campaign news, are written in it.
    language = models.CharField(_("language"), max_length=7, default="en", db_default="en")
    created_at = models.DateTimeField(_("signed at"), default=timezone.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    invalidation = models.ForeignKey(
        SignatureInvalidation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("invalidation"),
    )
    # The verification email is owed while requested is later than sent (VERIFICATION_EMAIL_OWED):
    # the database, not the broker, remembers it, so an enqueue lost to a Redis outage is sent by
    # the sweep later. The outbox sets and compares these times with the database's clock.
    verification_email_requested_at = models.DateTimeField(null=True, blank=True)
    verification_email_sent_at = models.DateTimeField(null=True, blank=True)
    # Not before then: a sender holds the email until then (PETITIONS_OUTBOX_CLAIM_SECONDS; if it
    # dies mid-way, the email is owed again once that time passes), or the email waits after a
    # temporary failure.
    verification_email_next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True
    )
    # Temporary failures in a row; PETITIONS_OUTBOX_MAX_ATTEMPTS of them park the email. (No
    # CHECK constraint: adding one would scan the whole table while holding its lock.)
    verification_email_attempts = models.SmallIntegerField(
        _("failed attempts"), default=0, db_default=0
    )
    verification_email_failure = models.CharField(
        _("last email failure"), max_length=500, blank=True, default="", db_default=""
    )
    # Parked: the relay refused the email for good (or it failed too often): not owed any more.
    verification_email_failed_at = models.DateTimeField(_("email parked at"), null=True, blank=True)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    # Set by the retention (petitions.services.retention): personal data cleared, counted still.
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        permissions = [("invalidate_signature", _("Can invalidate signatures for fraud"))]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "email_normalized"], name="one_signature_per_email"
            ),
        ]
        indexes = [
            models.Index(fields=["petition", "verified_at"], name="signature_petition_verified"),
            models.Index(
                fields=["verification_email_requested_at"],
                condition=VERIFICATION_EMAIL_OWED,
                name="signature_email_owed",
            ),
            models.Index(
                fields=["verification_email_failed_at"],
                condition=VERIFICATION_EMAIL_PARKED,
                name="signature_email_parked",
            ),
            # Pending signatures per country are counted from this small index, not the table.
            models.Index(
                fields=["petition", "country"],
                condition=Q(verified_at__isnull=True, invalidated_at__isnull=True),
                name="signature_pending",
            ),
            # The petition page's recent supporters: the latest who let their name be shown.
            models.Index(
                fields=["petition", "-verified_at"],
                condition=Q(
                    consent_to_show_name=True,
                    verified_at__isnull=False,
                    invalidated_at__isnull=True,
                ),
                name="signature_shown_recent",
            ),
        ]

    def __str__(self):
        # No name or address: this is what logs, audit records and error reports would show.
        return _("Signature %(id)s") % {"id": self.pk}

    @property
    def is_verified(self):
        return self.verified_at is not None


class CountryCount(models.Model):
    """A shard of a petition's verified-signature count for one country.

    Each verification adds one to a random shard, so concurrent verifications from one country
    rarely wait on the same row. Totals are sums over shards; `recount_signatures` rebuilds them.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="country_counts")
    country = CountryField()
    shard = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("country count")
        verbose_name_plural = _("country counts")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "country", "shard"], name="one_counter_per_shard"
            ),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.country} #{self.shard}: {self.count}"
