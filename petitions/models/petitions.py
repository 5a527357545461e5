"""Petitions and declarations, their addressees and their milestones."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
