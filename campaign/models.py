from django.db import models
from django.utils.translation import gettext_lazy as _


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
