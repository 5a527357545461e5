"""Signatures in the admin: filters to find a burst, invalidation with its preview and record."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from config.admin import ReadOnlyAdmin, RefusesBadListFilters

from .. import selectors, services, tasks
from ..antiabuse.admin import (
    EmailDomainFilter,
    IpHashFilter,
    SignatureSourcesAdminMixin,
    SignedWindowFilter,
    UserAgentFilter,
)
from ..models import (
    VERIFICATION_EMAIL_OWED,
    VERIFICATION_EMAIL_PARKED,
    Signature,
    SignatureInvalidation,
)


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(verified_at__isnull=self.value() == "no")
        return queryset


class InvalidatedFilter(VerifiedFilter):
    title = _("invalidated")
    parameter_name = "invalidated"

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(invalidated_at__isnull=self.value() == "no")
        return queryset


class VerificationEmailFilter(admin.SimpleListFilter):
    title = _("verification email")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("owed", _("Owed (not sent yet)")), ("parked", _("Parked (refused, not sent)"))]

    def queryset(self, request, queryset):
        if self.value() == "owed":
            return queryset.filter(VERIFICATION_EMAIL_OWED)
        if self.value() == "parked":
            return queryset.filter(VERIFICATION_EMAIL_PARKED)
        return queryset


class InvalidationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in the audit record with your name and the time."),
    )


@admin.register(Signature)
class SignatureAdmin(RefusesBadListFilters, SignatureSourcesAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "country",
        "city",
        "petition",
        "created_at",
        "verified_at",
        "invalidated_at",
        "verification_email_failure",
        "ip_hash_short",
        "email_domain",
    ]
    list_filter = [
        "petition",
        ("country", CountryFilter),
        VerifiedFilter,
        InvalidatedFilter,
        VerificationEmailFilter,
        "consent_to_updates",
        "consent_to_show_name",
        EmailDomainFilter,
        IpHashFilter,
        UserAgentFilter,
        SignedWindowFilter,
    ]
    search_fields = ["name", "email_normalized", "city"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Signature._meta.fields]
    list_select_related = ["petition"]
    actions = ["invalidate", "send_parked_emails_again"]

    # Signatures come from signers only, and leave the counts by invalidation, withdrawal or
    # erasure only (Personal data requests), so counts stay exact.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_invalidate_permission(self, request):
        return request.user.has_perm("petitions.invalidate_signature")

    @admin.action(
        # Campaign staff's permission: no group may change signatures.
        description=_("Send their parked verification emails again"),
        permissions=["invalidate"],
    )
    def send_parked_emails_again(self, request, queryset):
        """Owe the parked emails among the selected again, once their cause is fixed."""
        signature_ids = services.verification_emails_requeue(signatures=queryset)
        for signature_id in signature_ids:
            tasks.verification_email_enqueue(signature_id)
        self.message_user(
            request,
            ngettext(
                "%(count)d parked email will be sent again.",
                "%(count)d parked emails will be sent again.",
                len(signature_ids),
            )
            % {"count": len(signature_ids)},
            messages.SUCCESS if signature_ids else messages.WARNING,
        )

    @admin.action(
        description=_("Invalidate selected signatures as fraudulent…"), permissions=["invalidate"]
    )
    def invalidate(self, request, queryset):
        """Show what would be invalidated and ask for a reason; invalidate once confirmed."""
        form = InvalidationForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            invalidation = services.signatures_invalidate(
                signatures=queryset, invalidated_by=request.user, reason=form.cleaned_data["reason"]
            )
            if invalidation is None:
                self.message_user(
                    request, _("These signatures were invalidated already."), messages.WARNING
                )
                return None
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)d signature invalidated, %(verified)d of them had been counted.",
                        "%(count)d signatures invalidated, %(verified)d of them had been counted.",
                        invalidation.signature_count,
                    )
                    % {
                        "count": invalidation.signature_count,
                        "verified": invalidation.verified_count,
                    },
                    reverse("admin:petitions_signatureinvalidation_change", args=[invalidation.pk]),
                    _("See the record."),
                ),
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invalidate signatures"),
            "opts": self.model._meta,
            "form": form,
            "preview": selectors.invalidation_preview(signatures=queryset),
            "select_across": request.POST.get("select_across") == "1",
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/petitions/signature/invalidate_confirmation.html", context
        )


@admin.register(SignatureInvalidation)
class SignatureInvalidationAdmin(ReadOnlyAdmin):
    """The audit trail of invalidations: read-only, for everyone."""

    list_display = [
        "invalidated_at",
        "invalidated_by",
        "signature_count",
        "verified_count",
        "reason",
    ]
    list_filter = ["invalidated_by"]
    search_fields = ["reason"]
    date_hierarchy = "invalidated_at"
    list_select_related = ["invalidated_by"]
    fields = [
        "invalidated_at",
        "invalidated_by",
        "reason",
        "signature_count",
        "verified_count",
        "signatures_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("signatures"))
    def signatures_link(self, invalidation):
        url = reverse("admin:petitions_signature_changelist") + f"?invalidation={invalidation.pk}"
        return format_html('<a href="{}">{}</a>', url, _("See the invalidated signatures"))
