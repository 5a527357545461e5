import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .validators import normalize_email_domain

# The group that the data migration creates: may read petitions and counts and export the
# counts, but sees no signer's personal data unless a permission is granted one by one.
ORGANIZERS_GROUP = "Organizers"


class Petition(models.Model):
    """A text that supporters sign: a declaration, or a petition to named addressees."""

    class Kind(models.TextChoices):
        DECLARATION = "declaration", _("Declaration")
        PETITION = "petition", _("Petition")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = models.ForeignKey(
        "campaign.Campaign", on_delete=models.PROTECT, related_name="petitions"
    )
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PETITION)
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text"))
    goal = models.PositiveIntegerField(_("goal"), help_text=_("Target number of signatures."))
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # When the state last became Closed (cleared when reopened): the retention of a petition
    # closed by hand, without a closing date, runs from here (Petition.save keeps it).
    closed_at = models.DateTimeField(_("state closed at"), null=True, blank=True, editable=False)
    # When the retention anonymized its signatures, so that later runs pass it by; cleared
    # when it reopens (Petition.save).
    signatures_anonymized_at = models.DateTimeField(
        _("signatures anonymized at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    under_attack = models.BooleanField(
        _("under attack"),
        default=False,
        help_text=_(
            "Signers must first solve a proof-of-work challenge in their browser (ALTCHA), and "
            "API clients must send its solution: slows scripts down, a second or so for people. "
            "Signing then needs JavaScript."
        ),
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        permissions = [
            ("export_signature_counts", _("Can export signature counts")),
            ("export_signers", _("Can export the names and emails of consenting signers")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        before = (self.closed_at, self.signatures_anonymized_at)
        now = timezone.now()
        if self.state != self.State.CLOSED:
            self.closed_at = None
        elif self.closed_at is None:
            self.closed_at = now
        if self.state != self.State.CLOSED and (self.closes_at is None or self.closes_at > now):
            self.signatures_anonymized_at = None  # reopened: new signatures to keep, then erase
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and (self.closed_at, self.signatures_anonymized_at) != before:
            kwargs["update_fields"] = {*update_fields, "closed_at", "signatures_anonymized_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    def is_open_for_signing(self, *, now=None):
        now = now or timezone.now()
        return (
            self.state == self.State.OPEN
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )


class Addressee(models.Model):
    """A person or body that a petition is addressed to, in the order they are named."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="addressees")
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(
        _("office or organization"),
        max_length=250,
        help_text=_('For example "Secretary-General, United Nations".'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")

    def __str__(self):
        return f"{self.name}, {self.office}"


class PrivacyNotice(models.Model):
    """One version of the privacy notice that signers are shown; a version never changes.

    Staff publish a new version to change the text; each signature keeps the version it was
    given under (Signature.privacy_notice). The newest version is the one in force.
    """

    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; a blank line starts a new paragraph. These words are replaced when "
            "shown: $controller, $contact, $unverified_retention_days, "
            "$closed_petition_retention_days (from the settings)."
        ),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self):
        return _("Privacy notice, version %(version)s") % {"version": self.version}


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

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
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
    language = models.CharField(
        _("language"), max_length=7, default=settings.LANGUAGE_CODE, db_default="en"
    )
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


class Milestone(models.Model):
    """A verified-signature count on which the organizers are emailed, once."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="milestones")
    threshold = models.PositiveIntegerField(_("threshold"))
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(
        _("organizers notified at"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["petition", "threshold"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "threshold"], name="one_milestone_per_threshold"
            ),
        ]

    def __str__(self):
        return f"{self.petition}: {self.threshold}"


class ReportJob(models.Model):
    """A file written in the background for staff: who asked for it, when, and how it went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The writer's sign of life (for a pending job: when it was queued). A job without one for
    # PETITIONS_EXPORT_STALE_SECONDS was stopped (a killed worker) or lost (a broker outage).
    progress_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class SignerExport(ReportJob):
    """One export of a petition's consenting signers: the job, its file, and its log entry."""

    class Channel(models.TextChoices):
        ADMIN = "admin", _("Admin")
        API = "api", _("API")
        COMMAND = "command", _("Command line")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signer_exports")
    channel = models.CharField(_("requested from"), max_length=10, choices=Channel.choices)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="signer-exports/", blank=True)

    class Meta(ReportJob.Meta):
        verbose_name = _("signer export")
        verbose_name_plural = _("signer exports")

    def __str__(self):
        return f"{self.petition.slug} {self.created_at:%Y-%m-%d %H:%M}"


class DeliveryDocument(ReportJob):
    """One delivery document (PDF) of a petition for one addressee, written in the background."""

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="delivery_documents"
    )
    # The log entry and its file outlive an addressee removed from the petition later.
    addressee = models.ForeignKey(
        Addressee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="delivery_documents",
        verbose_name=_("addressee"),
    )
    with_signers = models.BooleanField(_("signers' names"), default=False)
    signer_count = models.PositiveIntegerField(_("signers named"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="delivery-documents/", blank=True)

    class Meta(ReportJob.Meta):
        verbose_name = _("delivery document")
        verbose_name_plural = _("delivery documents")

    def __str__(self):
        return f"{self.petition.slug} {self.created_at:%Y-%m-%d %H:%M}"


class RetentionRun(models.Model):
    """What one run of the retention did: unverified signatures deleted, signatures anonymized."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        COMMAND = "command", _("Command line")

    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A run records progress at each batch; one without any for PETITIONS_EXPORT_STALE_SECONDS
    # was stopped (its worker killed) and is marked so in `error` (the next run carries on).
    progress_at = models.DateTimeField(_("last progress"), default=timezone.now)
    error = models.TextField(_("error"), blank=True)
    unverified_retention_days = models.PositiveIntegerField(_("unverified kept (days)"))
    closed_petition_retention_days = models.PositiveIntegerField(
        _("kept after a petition closed (days)")
    )
    unverified_deleted = models.PositiveIntegerField(_("unverified signatures deleted"), default=0)
    signatures_anonymized = models.PositiveIntegerField(_("signatures anonymized"), default=0)
    signer_export_files_deleted = models.PositiveIntegerField(
        _("signer export files deleted"), default=0
    )
    batches = models.PositiveIntegerField(_("batches"), default=0)
    # {slug: signatures anonymized} of the petitions whose personal data ended in this run.
    petitions_anonymized = models.JSONField(_("petitions anonymized"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.get_trigger_display()})"


class PersonalDataRequest(models.Model):
    """The audit record of one request about a person's data: an export, or an erasure.

    It never holds the address in clear: a keyed hash (to find the requests about one address
    again) and a masked form for the eye.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export (right of access)")
        ERASURE = "erasure", _("Erasure")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email_hash = models.CharField(_("address hash"), max_length=64, db_index=True)
    email_masked = models.CharField(_("address"), max_length=254)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    requested_at = models.DateTimeField(_("handled at"), default=timezone.now)
    note = models.CharField(
        _("note"),
        max_length=250,
        blank=True,
        help_text=_("Where the request came from, e.g. a ticket number. No personal data."),
    )
    signature_count = models.PositiveIntegerField(_("signatures"))
    uncounted_count = models.PositiveIntegerField(_("of which taken off the counts"), default=0)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        permissions = [
            ("export_personal_data", _("Can export everything held about an email address")),
            ("erase_personal_data", _("Can erase everything held about an email address")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email_masked}"


class BlockedEmailDomain(models.Model):
    """An email domain whose addresses may not sign (nor its subdomains'), set by staff."""

    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_('As in the address after the @, e.g. "example.org"; its subdomains too.'),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked email domain")
        verbose_name_plural = _("blocked email domains")

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = normalize_email_domain(self.domain)


class BlockedIpHash(models.Model):
    """A client address, known by its hash as signatures store it, that may not sign."""

    ip_hash = models.CharField(_("IP address hash"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("blocked IP address hash")
        verbose_name_plural = _("blocked IP address hashes")

    def __str__(self):
        return self.ip_hash[:12]

    def clean(self):
        self.ip_hash = self.ip_hash.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", self.ip_hash):
            raise ValidationError(
                {"ip_hash": _("Paste the whole hash: 64 letters a–f and digits.")}, code="invalid"
            )


class AllowedNetwork(models.Model):
    """A network free of the per-address limits: an event's stand where dozens sign at once."""

    network = models.CharField(
        _("network"),
        max_length=43,
        unique=True,
        help_text=_('An address or a network in CIDR notation: "203.0.113.7", "2001:db8::/48".'),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    active_until = models.DateTimeField(
        _("active until"), null=True, blank=True, help_text=_("Empty: until removed.")
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["network"]
        verbose_name = _("allowed network")
        verbose_name_plural = _("allowed networks")

    def __str__(self):
        return self.network

    def clean(self):
        try:
            self.network = str(ipaddress.ip_network(self.network.strip(), strict=False))
        except ValueError:
            raise ValidationError(
                {"network": _("Enter an IP address or a network such as 203.0.113.0/24.")},
                code="invalid",
            ) from None
