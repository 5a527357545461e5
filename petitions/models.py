import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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


class Signature(models.Model):
    """One supporter's signature; it counts once its email address is verified."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, help_text=_("As the signer gave it."))
    email_normalized = models.EmailField(_("normalized email"), max_length=254, editable=False)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    consent_to_updates = models.BooleanField(_("consents to campaign updates"), default=False)
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
    # The verification email is owed while requested is later than sent: the database, not the
    # broker, remembers it, so an enqueue lost to a Redis outage is sent by the sweep later.
    verification_email_requested_at = models.DateTimeField(null=True, blank=True)
    verification_email_sent_at = models.DateTimeField(null=True, blank=True)
    # Set while a sender holds the email; a claim older than PETITIONS_OUTBOX_CLAIM_SECONDS is a
    # sender that died mid-way, and the email is owed again.
    verification_email_claimed_at = models.DateTimeField(null=True, blank=True)
    ip_hash = models.CharField(_("IP address hash"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

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
                condition=Q(verified_at__isnull=True),
                name="signature_email_owed",
            ),
            # Pending signatures per country are counted from this small index, not the table.
            models.Index(
                fields=["petition", "country"],
                condition=Q(verified_at__isnull=True, invalidated_at__isnull=True),
                name="signature_pending",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

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
