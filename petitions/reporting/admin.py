"""Admin for organizers: counts exports, signer exports and delivery documents."""

import io
import zipfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from config.admin import ReadOnlyAdmin

from .. import tasks
from ..models import Addressee, DeliveryDocument, Petition, SignerExport
from . import delivery_documents, jobs, selectors, signer_exports
from .exports import COUNTS_FORMATS, counts_filename


def _counts_response(petitions, format_name):
    export_format = COUNTS_FORMATS[format_name]
    tables = [selectors.signature_counts_by_country(petition=p) for p in petitions]
    if len(tables) == 1:
        content = export_format.write(tables[0])
        response = HttpResponse(content, content_type=export_format.content_type)
        filename = counts_filename(tables[0], format_name)
    else:
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for table in tables:
                zipped.writestr(counts_filename(table, format_name), export_format.write(table))
        response = HttpResponse(archive.getvalue(), content_type="application/zip")
        filename = f"signature-counts-{format_name}.zip"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _counts_action(format_name):
    @admin.action(
        permissions=["export_signature_counts"],
        # Formatted when shown, in the staff member's language, not once at import.
        description=lazy(
            lambda: gettext("Export signature counts as %s") % format_name.upper(), str
        )(),
    )
    def action(modeladmin, request, queryset):
        return _counts_response(queryset.order_by("pk"), format_name)

    action.__name__ = f"export_signature_counts_{format_name}"
    return action


class PetitionExportsAdminMixin:
    """Downloads on a petition's change page and as actions on the list of petitions."""

    change_form_template = "admin/petitions/petition/change_form.html"
    actions = [
        _counts_action("csv"),
        _counts_action("xlsx"),
        _counts_action("json"),
        "request_signer_export",
    ]

    def has_export_signature_counts_permission(self, request):
        return request.user.has_perm("petitions.export_signature_counts")

    def has_export_signers_permission(self, request):
        return request.user.has_perm("petitions.export_signers")

    @admin.action(
        permissions=["export_signers"], description=_("Export consenting signers (CSV, by email)")
    )
    def request_signer_export(self, request, queryset):
        for petition in queryset:
            _signer_export_start(petition=petition, requested_by=request.user)
        self.message_user(
            request,
            _("The export is being written; download it from Signer exports when it is finished."),
            messages.SUCCESS,
        )
        return redirect("admin:petitions_signerexport_changelist")

    def get_urls(self):
        own = [
            path(
                "<int:petition_id>/signature-counts/<str:format_name>/",
                self.admin_site.admin_view(self.signature_counts_view),
                name="petitions_petition_signature_counts",
            ),
            path(
                "<int:petition_id>/delivery-document/<int:addressee_id>/",
                self.admin_site.admin_view(self.delivery_document_view),
                name="petitions_petition_delivery_document",
            ),
            path(
                "<int:petition_id>/signer-export/",
                self.admin_site.admin_view(self.signer_export_view),
                name="petitions_petition_signer_export",
            ),
        ]
        return own + super().get_urls()

    def signature_counts_view(self, request, petition_id, format_name):
        if not self.has_export_signature_counts_permission(request):
            raise PermissionDenied
        if format_name not in COUNTS_FORMATS:
            return HttpResponse(_("Unknown format."), status=400, content_type="text/plain")
        petition = get_object_or_404(Petition, pk=petition_id)
        return _counts_response([petition], format_name)

    def delivery_document_view(self, request, petition_id, addressee_id):
        if not self.has_export_signature_counts_permission(request):
            raise PermissionDenied
        return require_POST(self._delivery_document_request)(request, petition_id, addressee_id)

    def _delivery_document_request(self, request, petition_id, addressee_id):
        with_signers = request.POST.get("signers") == "1"
        if with_signers and not self.has_export_signers_permission(request):
            raise PermissionDenied
        addressee = get_object_or_404(Addressee, pk=addressee_id, petition_id=petition_id)
        document = delivery_documents.delivery_document_request(
            addressee=addressee, with_signers=with_signers, requested_by=request.user
        )
        tasks.delivery_document_enqueue(document)
        self.message_user(
            request,
            _("The delivery document is being written; download it here when it is finished."),
            messages.SUCCESS,
        )
        return redirect("admin:petitions_deliverydocument_changelist")

    def signer_export_view(self, request, petition_id):
        if not self.has_export_signers_permission(request):
            raise PermissionDenied
        return require_POST(self._signer_export_request)(request, petition_id)

    def _signer_export_request(self, request, petition_id):
        petition = get_object_or_404(Petition, pk=petition_id)
        _signer_export_start(petition=petition, requested_by=request.user)
        self.message_user(request, _("The export is being written."), messages.SUCCESS)
        return redirect("admin:petitions_signerexport_changelist")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["counts_formats"] = sorted(COUNTS_FORMATS)
        context["can_export_signature_counts"] = self.has_export_signature_counts_permission(
            request
        )
        context["can_export_signers"] = self.has_export_signers_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)


def _signer_export_start(*, petition, requested_by):
    export = signer_exports.signer_export_request(petition=petition, requested_by=requested_by)
    tasks.signer_export_enqueue(export)


class ReportJobAdmin(ReadOnlyAdmin):
    """The log of files written in the background, each offered for download once finished.

    A list with any job unfinished reloads itself, so that the download shows when it is ready.
    """

    change_list_template = "admin/petitions/report_job_change_list.html"
    list_select_related = ["petition", "requested_by"]
    exclude = ["file"]
    actions = ["run_again", "delete_file"]
    download_label = _("Download")

    @admin.display(description=_("file"))
    def download(self, job):
        if job.status != job.Status.FINISHED or not job.file:
            return "—"
        info = self.opts.app_label, self.opts.model_name
        url = reverse("admin:{}_{}_download".format(*info), args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, self.download_label)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:job_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="{}_{}_download".format(*info),
            ),
        ] + super().get_urls()

    def download_view(self, request, job_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            self.get_queryset(request), pk=job_id, status=self.model.Status.FINISHED
        )
        # FileResponse sends Content-Length (a cut-off download shows as incomplete) and names
        # the file with django.utils.http.content_disposition_header.
        return FileResponse(
            job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
        )

    def changelist_view(self, request, extra_context=None):
        unfinished = self.get_queryset(request).filter(
            status__in=[self.model.Status.PENDING, self.model.Status.RUNNING]
        )
        extra_context = (extra_context or {}) | {"reload_seconds": unfinished.exists() and 10}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Run again (a new job like each selected one)"))
    def run_again(self, request, queryset):
        for job in queryset.select_related("petition"):
            self.request_again(request, job)
        self.message_user(
            request,
            _("Requested again; each is being written: see the newest lines."),
            messages.SUCCESS,
        )

    # For the person who asks for erasure: files already written keep their rows. Those who
    # may export signers may delete any such file, as the retention does.
    @admin.action(
        permissions=["export_signers"], description=_("Delete the file (keep the log entry)")
    )
    def delete_file(self, request, queryset):
        jobs.report_job_files_delete(jobs=queryset)
        self.message_user(
            request, _("The files were deleted; their log entries are kept."), messages.SUCCESS
        )

    def has_export_signers_permission(self, request):
        return request.user.has_perm("petitions.export_signers")


@admin.register(SignerExport)
class SignerExportAdmin(ReportJobAdmin):
    """Signer exports: only for those who may export signers."""

    list_display = [
        "created_at",
        "petition",
        "requested_by",
        "status",
        "progress_at",
        "row_count",
        "download",
    ]
    list_filter = ["status", "channel", "petition"]
    readonly_fields = [
        "petition",
        "requested_by",
        "channel",
        "status",
        "created_at",
        "progress_at",
        "finished_at",
        "row_count",
        "error",
        "download",
    ]
    download_label = _("Download CSV")

    def has_module_permission(self, request):
        return request.user.has_perm("petitions.export_signers")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("petitions.export_signers")

    def request_again(self, request, export):
        _signer_export_start(petition=export.petition, requested_by=request.user)


@admin.register(DeliveryDocument)
class DeliveryDocumentAdmin(ReportJobAdmin):
    """Delivery documents: for those who may export the counts; those with the signers' names
    only for those who may also export signers."""

    list_display = [
        "created_at",
        "petition",
        "addressee",
        "with_signers",
        "requested_by",
        "status",
        "progress_at",
        "download",
    ]
    list_filter = ["status", "with_signers", "petition"]
    list_select_related = ["petition", "addressee", "requested_by"]
    readonly_fields = [
        "petition",
        "addressee",
        "with_signers",
        "requested_by",
        "status",
        "created_at",
        "progress_at",
        "finished_at",
        "signer_count",
        "error",
        "download",
    ]
    download_label = _("Download PDF")

    def has_module_permission(self, request):
        return request.user.has_perm("petitions.export_signature_counts")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("petitions.export_signature_counts")

    def get_queryset(self, request):
        documents = super().get_queryset(request)
        if not request.user.has_perm("petitions.export_signers"):
            documents = documents.filter(with_signers=False)
        return documents

    def request_again(self, request, document):
        if document.addressee is None:
            self.message_user(
                request,
                _("%(document)s: its addressee was removed from the petition.")
                % {"document": document},
                messages.WARNING,
            )
            return
        document = delivery_documents.delivery_document_request(
            addressee=document.addressee,
            with_signers=document.with_signers,
            requested_by=request.user,
        )
        tasks.delivery_document_enqueue(document)
