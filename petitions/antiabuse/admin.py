"""Staff's tools against an attack: who signs (IP hash, domain), when, how fast, and the lists."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from config.admin import RefusesBadListFilters

from ..models import AllowedNetwork, BlockedEmailDomain, BlockedIpHash, Petition
from ..reporting.charts import bar_chart_svg
from .selectors import largest_recent_sources, signing_rate

SHORT_HASH = 12
WINDOW_FORMAT = "%Y-%m-%dT%H:%M"


class EmailDomainFilter(admin.SimpleListFilter):
    """The domain after the @ of the normalized address; offers the day's largest."""

    title = _("email domain")
    parameter_name = "domain"

    def lookups(self, request, model_admin):
        sources = largest_recent_sources("email_domain")
        choices = [(s.value, f"{s.value} ({s.signature_count})") for s in sources]
        if self.value() and self.value() not in {s.value for s in sources}:
            choices.append((self.value(), self.value()))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(email_normalized__endswith="@" + self.value().strip().lower())
        return queryset


class IpHashFilter(admin.SimpleListFilter):
    """The keyed hash of the signer's address (a shortened one matches as a prefix)."""

    title = _("IP address hash")
    parameter_name = "ip_hash"

    def lookups(self, request, model_admin):
        sources = largest_recent_sources("ip_hash")
        choices = [(s.value, f"{s.value[:SHORT_HASH]}… ({s.signature_count})") for s in sources]
        if self.value() and self.value() not in {s.value for s in sources}:
            choices.append((self.value(), self.value()[:SHORT_HASH]))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(ip_hash__startswith=self.value().strip().lower())
        return queryset


class UserAgentFilter(admin.SimpleListFilter):
    """The browser as it named itself, exactly (linked from the signing rate)."""

    title = _("user agent")
    parameter_name = "user_agent"

    def lookups(self, request, model_admin):
        return [(self.value(), self.value()[:60])] if self.value() else []

    def queryset(self, request, queryset):
        if self.value() is not None:
            return queryset.filter(user_agent=self.value())
        return queryset


class SignedWindowFilter(admin.ListFilter):
    """Signed from a time until another (UTC, minutes), both optional."""

    title = _("signed between (UTC)")
    template = "admin/petitions/signature/signed_window_filter.html"
    parameters = ("signed_from", "signed_to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                value = params.pop(name)
                self.used_parameters[name] = value[-1] if isinstance(value, list) else value
        self.bounds = {}
        for name, value in self.used_parameters.items():
            if not value:
                continue
            try:
                parsed = parse_datetime(value) if len(value) <= 32 else None
            except ValueError:  # well-formed but impossible: month 13, February 30
                parsed = None
            if parsed is None:
                raise IncorrectLookupParameters(f"{name}: not a date and time")
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, datetime.UTC)
            self.bounds[name] = parsed

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def queryset(self, request, queryset):
        if "signed_from" in self.bounds:
            queryset = queryset.filter(created_at__gte=self.bounds["signed_from"])
        if "signed_to" in self.bounds:
            queryset = queryset.filter(created_at__lt=self.bounds["signed_to"])
        return queryset

    def choices(self, changelist):
        yield {
            "kept": [
                (name, value)
                for name, values in changelist.params.items()
                if name not in self.parameters and name != "p"
                for value in (values if isinstance(values, list) else [values])
            ],
            "signed_from": self.used_parameters.get("signed_from", ""),
            "signed_to": self.used_parameters.get("signed_to", ""),
            "clear_url": changelist.get_query_string(remove=list(self.parameters)),
        }


class SignatureSourcesAdminMixin:
    """The signature list's columns for the source of each signature."""

    @admin.display(description=_("IP hash"), ordering="ip_hash")
    def ip_hash_short(self, signature):
        return signature.ip_hash[:SHORT_HASH]

    @admin.display(description=_("domain"))
    def email_domain(self, signature):
        return signature.email_normalized.rpartition("@")[2]


class PetitionSigningRateAdminMixin:
    """A petition's signing rate by minute and its largest sources, linked from its page."""

    def get_urls(self):
        own = [
            path(
                "<int:petition_id>/signing-rate/",
                self.admin_site.admin_view(self.signing_rate_view),
                name="petitions_petition_signing_rate",
            )
        ]
        return own + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_view_signing_rate"] = request.user.has_perm("petitions.view_signature")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def signing_rate_view(self, request, petition_id):
        # IP hashes, domains and browsers describe signers: for those who may view signatures.
        if not request.user.has_perm("petitions.view_signature"):
            raise PermissionDenied
        petition = get_object_or_404(Petition, pk=petition_id)
        try:
            hours = min(48, max(1, int(request.GET.get("hours", 3))))
        except ValueError:
            hours = 3
        until = timezone.now()
        rate = signing_rate(
            petition_id=petition.pk, since=until - datetime.timedelta(hours=hours), until=until
        )
        signatures_url = reverse("admin:petitions_signature_changelist")

        def filtered(**params):
            window = {"signed_from": rate.since.strftime(WINDOW_FORMAT)}
            query = {"petition__id__exact": petition.pk} | window | params
            return f"{signatures_url}?{urlencode(query)}"

        context = {
            **self.admin_site.each_context(request),
            "title": _("Signing rate: %s") % petition.title,
            "opts": self.model._meta,
            "petition": petition,
            "hours": hours,
            "hour_choices": [1, 3, 6, 12, 24, 48],
            "rate": rate,
            "peak": max((m.signature_count for m in rate.by_minute), default=0),
            "chart": bar_chart_svg(
                rate.by_minute,
                width=960,
                label=_("Signatures per minute"),
                format_date=lambda minute: time_format(minute, "H:i"),
            ),
            "all_url": filtered(),
            "ip_hashes": [
                (s, s.value[:SHORT_HASH], filtered(ip_hash=s.value)) for s in rate.ip_hashes
            ],
            "email_domains": [(s, filtered(domain=s.value)) for s in rate.email_domains],
            "user_agents": [(s, filtered(user_agent=s.value)) for s in rate.user_agents],
            "block_ip_url": reverse("admin:petitions_blockediphash_add"),
            "block_domain_url": reverse("admin:petitions_blockedemaildomain_add"),
        }
        return TemplateResponse(request, "admin/petitions/petition/signing_rate.html", context)


class CreatedByAdminMixin:
    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BlockedEmailDomain)
class BlockedEmailDomainAdmin(RefusesBadListFilters, CreatedByAdminMixin, admin.ModelAdmin):
    list_display = ["domain", "reason", "created_at", "created_by"]
    search_fields = ["domain", "reason"]
    fields = ["domain", "reason"]


@admin.register(BlockedIpHash)
class BlockedIpHashAdmin(RefusesBadListFilters, CreatedByAdminMixin, admin.ModelAdmin):
    list_display = ["ip_hash", "reason", "created_at", "created_by"]
    search_fields = ["ip_hash", "reason"]
    fields = ["ip_hash", "reason"]


@admin.register(AllowedNetwork)
class AllowedNetworkAdmin(RefusesBadListFilters, admin.ModelAdmin):
    list_display = ["network", "note", "active_until", "created_at"]
    search_fields = ["network", "note"]
    fields = ["network", "note", "active_until"]
