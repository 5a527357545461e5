"""The privacy notice signers are given, retention runs, and requests about a person's data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class RetentionRun(models.Model):
    """What one run of the retention did: unverified signatures deleted, signatures anonymized."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        COMMAND = "command", _("Command line")

    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A run records progress at each batch; one without any for PETITIONS_JOB_STALE_SECONDS
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
    delivery_document_files_deleted = models.PositiveIntegerField(
        _("delivery document files deleted"), default=0
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
