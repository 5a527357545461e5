import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IMAGE_MAX_BYTES = 5 * 1024 * 1024


def news_image_storage():
    """The public storage of news images, apart from MEDIA_ROOT's private files (see settings)."""
    return storages["news_images"]


def news_image_name(post, filename):
    """A random name: nothing of the uploader's file name, and never the same twice."""
    return f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def validate_image_size(image):
    if image.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(megabytes)d MB."),
            code="image_too_large",
            params={"megabytes": IMAGE_MAX_BYTES // (1024 * 1024)},
        )


class Post(models.Model):
    """A news post that staff write: public once published, and possibly emailed to signers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(
        "campaign.Campaign", on_delete=models.PROTECT, related_name="news_posts"
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    text = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a paragraph."))
    image = models.ImageField(
        _("image"),
        storage=news_image_storage,
        upload_to=news_image_name,
        validators=[validate_image_size],
        blank=True,
    )
    image_description = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for those who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("A published post appears from this moment on."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        permissions = [("send_post", _("Can send news posts by email to consenting signers"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()


class NewsSend(models.Model):
    """The record of one sending of a post by email: who, when, to whom, how many, how it went.

    Its emails are the outbox (NewsEmail). The counts by outcome are stored once none is waiting.
    """

    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="sends", verbose_name=_("post")
    )
    petitions = models.ManyToManyField(
        "petitions.Petition",
        blank=True,
        related_name="+",
        verbose_name=_("to the signers of"),
    )
    is_test = models.BooleanField(
        _("test"), default=False, help_text=_("A test sent to the staff member's own address.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("sent"), null=True, blank=True)
    failed_count = models.PositiveIntegerField(_("failed"), null=True, blank=True)
    cancelled_count = models.PositiveIntegerField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("news sending")
        verbose_name_plural = _("news sendings")

    def __str__(self):
        return f"{self.post} ({self.started_at:%Y-%m-%d %H:%M})"


class NewsEmail(models.Model):
    """One news email owed to one mailbox: the outbox row that a sender claims and sends once.

    Rows are inserted in bulk when a sending starts (defaults in the database, so that one
    INSERT … SELECT writes them). A sender claims a batch (claim, claimed_at); each email is
    recorded as sent right after the server accepts it. A claim older than
    NEWS_EMAIL_CLAIM_SECONDS belonged to a sender that died, and its emails are owed again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled (unsubscribed)")

    send = models.ForeignKey(NewsSend, on_delete=models.CASCADE, related_name="emails")
    email = models.EmailField(_("email"), max_length=254)
    email_normalized = models.EmailField(_("mailbox"), max_length=254)
    # The language the person signed in (the latest signature's): the email is written in it.
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_default=Status.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), default=timezone.now, db_default=Now()
    )
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failure = models.TextField(_("last failure"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("news email")
        verbose_name_plural = _("news emails")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "email_normalized"], name="one_news_email_per_mailbox"
            ),
        ]
        indexes = [
            # What the senders claim: the emails waiting, soonest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="queued"),
                name="news_email_due",
            ),
            # Unsubscribing cancels the emails waiting for a mailbox, and a sending leaves out
            # the mailboxes that already have the post.
            models.Index(fields=["email_normalized"], name="news_email_mailbox"),
        ]

    def __str__(self):
        return f"{self.send_id}: {self.get_status_display()}"


class NewsUnsubscription(models.Model):
    """A mailbox that asked for no more news: no sending includes its earlier signatures."""

    email_normalized = models.EmailField(_("mailbox"), max_length=254, unique=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), default=timezone.now)

    class Meta:
        ordering = ["-unsubscribed_at"]
        verbose_name = _("news unsubscription")
        verbose_name_plural = _("news unsubscriptions")

    def __str__(self):
        return self.email_normalized
