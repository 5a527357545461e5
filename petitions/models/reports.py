"""Files written in the background for staff: signer exports and delivery documents."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .petitions import Addressee, Petition


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
    # PETITIONS_JOB_STALE_SECONDS was stopped (a killed worker) or lost (a broker outage).
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
