"""The privacy notice, retention runs and the rights of the person, in the admin."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from config.admin import ReadOnlyAdmin, RefusesBadListFilters

from .. import selectors, services
from ..models import PersonalDataRequest, PrivacyNotice, RetentionRun
from ..privacy_notice import DEFAULT_TEXTS


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(TabbedTranslationAdmin):
    """Versions of the privacy notice: staff publish a new one; a published one never changes.

    Its text is written per language; a language left empty shows the English text.
    """

    list_display = ["version", "published_at", "published_by"]

    def get_fields(self, request, obj=None):
        fields = ["text"] if obj is None else ["version", "published_at", "published_by", "text"]
        return self.replace_orig_field(fields)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.replace_orig_field(["version", "published_at", "published_by", "text"])

    def get_changeform_initial_data(self, request):
        # A new version starts from the one in force, language by language.
        current = selectors.current_privacy_notice()
        return {
            build_localized_fieldname("text", code): (
                getattr(current, build_localized_fieldname("text", code)) or ""
                if current
                else DEFAULT_TEXTS.get(code, "")
            )
            for code, _name in settings.LANGUAGES
        }

    def save_model(self, request, obj, form, change):
        obj.published_by = request.user
        # The version number is unique: of two staff publishing at once, one takes the next
        # number, and the other, refused, the one after.
        try:
            self._publish(request, obj, form, change)
        except IntegrityError:
            self._publish(request, obj, form, change)

    def _publish(self, request, obj, form, change):
        with transaction.atomic():
            latest = PrivacyNotice.objects.aggregate(latest=Max("version"))["latest"] or 0
            obj.version = latest + 1
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
        "delivery_document_files_deleted",
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
    # By note only: an address searched for would be in the URL, and so in access logs. The
    # earlier requests about an address are shown when it is found (a POST).
    search_fields = ["note"]

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
