import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .videos import video_player_url


def validate_time_zone(name):
    """Reject anything but an IANA time zone name such as "Europe/Paris"."""
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(name)s is not a time zone name such as Europe/Paris."),
            code="invalid_time_zone",
            params={"name": name},
        )


class Campaign(models.Model):
    """An awareness campaign: the umbrella for its petitions, declarations and events."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    website_url = models.URLField(_("website"), blank=True)
    links = models.JSONField(
        _("public links"),
        default=list,
        blank=True,
        help_text=_('Further public links, as a list of {"title": ..., "url": ...}.'),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name


class Event(models.Model):
    """A campaign event held somewhere on a given day: a commemoration, a concert, a rally."""

    class Kind(models.TextChoices):
        COMMEMORATION = "commemoration", _("Commemoration")
        EXHIBITION = "exhibition", _("Exhibition")
        CONCERT = "concert", _("Concert or screening")
        CONFERENCE = "conference", _("Conference or round table")
        BOOK_PRESENTATION = "book_presentation", _("Book presentation")
        STREET_ACTION = "street_action", _("Street action")
        ONLINE_ACTION = "online_action", _("Online action")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Where the event is held, e.g. Europe/Paris: pages show its local time."),
    )
    description = models.TextField(_("description"), blank=True)
    info_url = models.URLField(_("more information"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    organizer = models.CharField(
        _("organizer"), max_length=200, blank=True, help_text=_("The partner organization.")
    )
    attendance = models.PositiveIntegerField(
        _("estimated attendance"), null=True, blank=True, help_text=_("Once the event is held.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("manage_all_countries", _("Can manage events of every country"))]
        indexes = [
            models.Index(fields=["is_published", "starts_at"], name="event_published_start"),
            models.Index(fields=["country", "starts_at"], name="event_country_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaign:event-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
        if self.attendance is not None and self.status != self.Status.HELD:
            raise ValidationError(
                {"attendance": _("Attendance is recorded once the event is held.")}
            )

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def location(self):
        return ", ".join(filter(None, [self.venue, self.city, self.country.name]))


class CountryCoordinator(models.Model):
    """A staff member who manages the campaign's events in the countries he or she coordinates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="country_coordinator",
        verbose_name=_("user"),
    )
    countries = CountryField(_("countries"), multiple=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("country coordinator")
        verbose_name_plural = _("country coordinators")

    def __str__(self):
        return str(self.user)


class MediaItem(models.Model):
    """A video, article, photo album, book or document about the campaign, published elsewhere.

    Where and when it was presented are its events (and the countries where presented).
    """

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        ARTICLE = "article", _("Article")
        PHOTO_ALBUM = "photo_album", _("Photo album")
        BOOK = "book", _("Book")
        DOCUMENT = "document", _("Document")

    title = models.CharField(_("title"), max_length=250)
    caption = models.TextField(
        _("caption"),
        blank=True,
        help_text=_("A sentence or two on what it shows, for the media page."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("link"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[a-z]{2,3}(-[a-z0-9]+)?$")],
        help_text=_('A language code such as "en", "fr" or "pt-br".'),
    )
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    events = models.ManyToManyField(
        Event, related_name="media_items", blank=True, verbose_name=_("events")
    )
    countries = CountryField(_("countries where presented"), multiple=True, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("media item")
        verbose_name_plural = _("media items")

    def __str__(self):
        return self.title

    @property
    def player_url(self):
        """The privacy-enhanced player of a YouTube or Vimeo video, or None (a plain link)."""
        if self.kind != self.Kind.VIDEO:
            return None
        return video_player_url(self.url)

    @property
    def player_host(self):
        """The player's host, named to the visitor before he or she plays the video."""
        return urlsplit(self.player_url).hostname if self.player_url else None


class Recognition(models.Model):
    """A resolution or statement adopted by a parliament, a government or an organization."""

    class Kind(models.TextChoices):
        PARLIAMENT = "parliament", _("Parliament")
        GOVERNMENT = "government", _("Government")
        INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization")

    body = models.CharField(
        _("body"), max_length=250, help_text=_('For example "Grand National Assembly".')
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for an international organization.")
    )
    adopted_on = models.DateField(_("adopted on"))
    document_title = models.CharField(_("document title"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-adopted_on", "pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self):
        return f"{self.body}: {self.document_title}"
