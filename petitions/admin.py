import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminBigIntegerFieldWidget
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django_countries.filters import CountryFilter
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from config.admin import ReadOnlyAdmin, RefusesBadListFilters

from . import selectors, services, tasks
from .antiabuse.admin import (
    EmailDomainFilter,
    IpHashFilter,
    PetitionSigningRateAdminMixin,
    SignatureSourcesAdminMixin,
    SignedWindowFilter,
    UserAgentFilter,
)
from .models import (
    VERIFICATION_EMAIL_OWED,
    VERIFICATION_EMAIL_PARKED,
    Addressee,
    Milestone,
    PersonalDataRequest,
    Petition,
    PrivacyNotice,
    RetentionRun,
    Signature,
    SignatureInvalidation,
)
from .privacy_notice import DEFAULT_TEXT
from .reporting.admin import PetitionExportsAdminMixin

# Goals and thresholds run to millions: Django's integer input shows five digits.
WIDE_NUMBERS = {models.PositiveIntegerField: {"widget": AdminBigIntegerFieldWidget}}


class AddresseeInline(TranslationTabularInline):
    model = Addressee
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1
    formfield_overrides = WIDE_NUMBERS
    fields = ["threshold", "reached_at", "notified_at"]
    readonly_fields = ["reached_at", "notified_at"]


@admin.register(Petition)
class PetitionAdmin(
    RefusesBadListFilters,
    PetitionExportsAdminMixin,
    PetitionSigningRateAdminMixin,
    TabbedTranslationAdmin,
):
    """Petitions, their title and text in a tab per language; the embed's snippet."""

    list_display = [
        "title",
        "kind",
        "state",
        "under_attack",
        "campaign",
        "goal",
        "verified_signatures",
        "opens_at",
        "closes_at",
    ]
    list_filter = ["kind", "state", "campaign", "under_attack"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["verified_signatures", "closed_at", "signatures_anonymized_at"]
    inlines = [AddresseeInline, MilestoneInline]
    formfield_overrides = WIDE_NUMBERS

    @admin.display(description=_("verified signatures"))
    def verified_signatures(self, petition):
        if petition.pk is None:
            return 0
        return selectors.petition_count(petition_id=petition.pk).signature_count


@admin.register(Milestone)
class MilestoneAdmin(RefusesBadListFilters, admin.ModelAdmin):
    """Thresholds on their own page, so organizers may set them without editing petitions."""

    list_display = ["petition", "threshold", "reached_at", "notified_at"]
    list_filter = ["petition"]
    list_select_related = ["petition"]
    fields = ["petition", "threshold", "reached_at", "notified_at"]
    readonly_fields = ["reached_at", "notified_at"]
    formfield_overrides = WIDE_NUMBERS


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
        description=_("Send their parked verification emails again"), permissions=["change"]
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


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Versions of the privacy notice: staff publish a new one; a published one never changes."""

    list_display = ["version", "published_at", "published_by"]
    readonly_fields = ["version", "published_at", "published_by"]

    def get_fields(self, request, obj=None):
        return ["text"] if obj is None else ["version", "published_at", "published_by", "text"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["version", "published_at", "published_by", "text"]

    def get_changeform_initial_data(self, request):
        # A new version starts from the one in force.
        current = selectors.current_privacy_notice()
        return {"text": current.text if current else DEFAULT_TEXT}

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            # The version number is unique: of two staff publishing at once, one fails.
            latest = PrivacyNotice.objects.aggregate(latest=Max("version"))["latest"] or 0
            obj.version = latest + 1
            obj.published_by = request.user
            super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # signatures keep the version they were given under


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    """What the retention did, run by run: read-only."""

    list_display = [
        "started_at",
        "trigger",
        "unverified_deleted",
        "signatures_anonymized",
        "signer_export_files_deleted",
        "batches",
        "finished_at",
        "error",
    ]
    list_filter = ["trigger"]
    date_hierarchy = "started_at"


class PersonalDataLookupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Every signature of this mailbox is found, whatever its +tag or case."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=PersonalDataRequest._meta.get_field("note").max_length,
        required=False,
        help_text=PersonalDataRequest._meta.get_field("note").help_text,
    )
    confirm_erasure = forms.BooleanField(
        label=_("Yes, erase all of it: withdraw every signature of this address."),
        required=False,
    )


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(RefusesBadListFilters, admin.ModelAdmin):
    """Requests about one person's data: "add" finds an address, then exports or erases it.

    The list is the audit trail, with the admin's log entries; neither holds the address.
    """

    list_display = [
        "requested_at",
        "kind",
        "email_masked",
        "requested_by",
        "signature_count",
        "uncounted_count",
        "note",
    ]
    list_filter = ["kind", "requested_by"]
    list_select_related = ["requested_by"]
    date_hierarchy = "requested_at"
    search_fields = ["note"]

    def get_search_results(self, request, queryset, search_term):
        # An address is found by its hash: the records never hold it in clear.
        if "@" in search_term:
            email_hash = services.personal_data_email_hash(search_term)
            return queryset.filter(email_hash=email_hash), False
        return super().get_search_results(request, queryset, search_term)

    def has_export_permission(self, request):
        return request.user.has_perm("petitions.export_personal_data")

    def has_erase_permission(self, request):
        return request.user.has_perm("petitions.erase_personal_data")

    def has_add_permission(self, request):
        return self.has_export_permission(request) or self.has_erase_permission(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @method_decorator(sensitive_post_parameters("email"))
    def add_view(self, request, form_url="", extra_context=None):
        """Find an address; then export everything held about it as JSON, or erase it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PersonalDataLookupForm(request.POST or None)
        summary = None
        if request.method == "POST" and form.is_valid():
            email, note = form.cleaned_data["email"], form.cleaned_data["note"]
            if "export" in request.POST:
                return self._export(request, email=email, note=note)
            if "erase" in request.POST:
                if form.cleaned_data["confirm_erasure"]:
                    return self._erase(request, email=email, note=note)
                form.add_error("confirm_erasure", _("Tick this to confirm the erasure."))
            summary = services.personal_data_summary(email=email)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find the personal data of an email address"),
            "opts": self.model._meta,
            "form": form,
            "summary": summary,
            "can_export": self.has_export_permission(request),
            "can_erase": self.has_erase_permission(request),
        }
        return TemplateResponse(request, "admin/petitions/personaldatarequest/find.html", context)

    def _export(self, request, *, email, note):
        if not self.has_export_permission(request):
            raise PermissionDenied
        record, document = services.personal_data_export(
            email=email, requested_by=request.user, note=note
        )
        self.log_addition(request, record, f"Exported {record.signature_count} signatures")
        response = HttpResponse(
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        # Named by the record, not the address.
        response["Content-Disposition"] = content_disposition_header(
            True, f"personal-data-{record.pk}.json"
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def _erase(self, request, *, email, note):
        if not self.has_erase_permission(request):
            raise PermissionDenied
        record = services.personal_data_erase(email=email, requested_by=request.user, note=note)
        self.log_addition(
            request,
            record,
            f"Erased {record.signature_count} signatures, "
            f"{record.uncounted_count} taken off the counts",
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d signature erased, %(uncounted)d taken off the counts.",
                "%(count)d signatures erased, %(uncounted)d taken off the counts.",
                record.signature_count,
            )
            % {"count": record.signature_count, "uncounted": record.uncounted_count},
            messages.SUCCESS,
        )
        return redirect("admin:petitions_personaldatarequest_changelist")
