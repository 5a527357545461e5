"""What staff block (email domains, IP address hashes) and allow (networks at events)."""

import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..addresses import normalize_email_domain


class Block(models.Model):
    """What staff block, with why, when and by whom."""

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
        abstract = True


class BlockedEmailDomain(Block):
    """An email domain whose addresses may not sign (nor its subdomains'), set by staff."""

    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_('As in the address after the @, e.g. "example.org"; its subdomains too.'),
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("blocked email domain")
        verbose_name_plural = _("blocked email domains")

    def __str__(self):
        return self.domain

    def clean(self):
        self.domain = normalize_email_domain(self.domain)


class BlockedIpHash(Block):
    """A client address, known by its hash as signatures store it, that may not sign."""

    ip_hash = models.CharField(_("IP address hash"), max_length=64, unique=True)

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
