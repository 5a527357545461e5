"""The public JSON API: petitions, their counts, and signing."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from config.framing import CrossOriginReads
from config.masking import mask_email

from . import caching, selectors, services, tasks
from .antiabuse.altcha import altcha_challenge_create
from .antiabuse.checks import SigningRefused
from .models import Petition, SignerExport
from .reporting import signer_exports
from .reporting.exports import COUNTS_FORMATS, counts_filename
from .reporting.selectors import signature_counts_by_country, verified_signatures_by_day
from .serializers import (
    DaySignatureCountSerializer,
    PetitionCountSerializer,
    PetitionDetailSerializer,
    PetitionSerializer,
    SignatureCreateSerializer,
    SignerExportSerializer,
    SigningAcceptedSerializer,
    VerificationSerializer,
)
from .services import VerificationOutcome
from .web import (
    VERIFICATION_STATUS,
    public_petition_or_404,
    signature_create_from_request,
)


class FirstRendererNegotiation(DefaultContentNegotiation):
    """Answer with the view's first renderer, whatever the request asks.

    The counts export's ?format= names the exported file, not the renderer of its errors; the
    count that every page polls has one answer and no time to spend choosing it.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# Public endpoints need no credentials: the docs show no padlock on them.
public_endpoint = extend_schema(auth=[])


class PublicPetitionMixin:
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_petitions().prefetch_related("addressees")

    def get_public_petition(self):
        return public_petition_or_404(self.kwargs["slug"], recent=True)


@public_endpoint
class PetitionListApi(CrossOriginReads, PublicPetitionMixin, generics.ListAPIView):
    serializer_class = PetitionSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # The page's counts in one cache round trip, not one per petition.
        counts = selectors.petition_counts(petition_ids=[petition.pk for petition in page])
        context = self.get_serializer_context() | {"counts": counts}
        return self.get_paginated_response(
            self.get_serializer(page, many=True, context=context).data
        )


@public_endpoint
class PetitionDetailApi(CrossOriginReads, PublicPetitionMixin, generics.RetrieveAPIView):
    serializer_class = PetitionDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        # Country names are in the reader's language: one answer per language.
        return Response(
            caching.PETITION_DETAIL_ANSWER.get_or_set(
                self.kwargs["slug"],
                get_language(),
                build=lambda: dict(self.get_serializer(self.get_object()).data),
            )
        )


@public_endpoint
@method_decorator(cache_control(public=True, max_age=5), name="get")
class PetitionCountApi(CrossOriginReads, PublicPetitionMixin, APIView):
    """The verified total alone: cheap enough for every open page to poll."""

    # Nothing to authenticate, parse, negotiate or show in the browsable API, and the answer is
    # kept as JSON bytes: the least DRF can do per poll.
    authentication_classes = ()
    permission_classes = ()
    parser_classes = ()
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(responses=PetitionCountSerializer)
    def get(self, request, slug):
        def build():
            petition = self.get_public_petition()
            count = selectors.petition_count(petition_id=petition.pk)
            return JSONRenderer().render(PetitionCountSerializer(count).data)

        body = caching.PETITION_COUNT_ANSWER.get_or_set(slug, build=build)
        return HttpResponse(body, content_type="application/json")


@public_endpoint
# A 500 report leaves out what the signer typed, if it came as a form.
@method_decorator(sensitive_post_parameters("name", "email", "city"), name="dispatch")
class SignatureCreateApi(PublicPetitionMixin, APIView):
    """Sign a petition; the signature counts once the emailed link is opened."""

    # Anyone signs, and who is logged in changes nothing: no session, token or staff device to
    # read at every signing of a peak. The answer is JSON, with nothing to negotiate.
    authentication_classes = ()
    permission_classes = ()
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(request=SignatureCreateSerializer, responses={202: SigningAcceptedSerializer})
    def post(self, request, slug):
        petition = self.get_public_petition()
        serializer = SignatureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            signature_create_from_request(
                request,
                petition=petition,
                name=data["name"],
                email=data["email"],
                country=data["country"],
                city=data.get("city", ""),
                consent_to_updates=data["consent_to_updates"],
                consent_to_show_name=data["consent_to_show_name"],
                altcha=data.get("altcha", ""),
            )
        except SigningRefused as refused:
            body = (
                {refused.field: [refused.message]} if refused.field else {"detail": refused.message}
            )
            return refused.with_retry_after(Response(body, status=refused.status))
        except ValidationError as error:
            return Response(
                {"non_field_errors": error.messages}, status=status.HTTP_400_BAD_REQUEST
            )
        # The same answer whether or not this address had signed before.
        return Response({"status": "pending_verification"}, status=status.HTTP_202_ACCEPTED)


class AltchaChallengeApi(APIView):
    """A new proof-of-work challenge, for signing a petition under attack (its "altcha" field).

    Solve it with an ALTCHA solver (the altcha packages for Python or JavaScript) and send the
    base64 payload of the challenge and its solution; each challenge serves once.
    """

    authentication_classes = ()
    permission_classes = ()

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(altcha_challenge_create(), headers={"Cache-Control": "no-store"})


VERIFICATION_RESPONSES = {
    200: VerificationSerializer,
    404: OpenApiResponse(VerificationSerializer, description="invalid: no such signature"),
    410: OpenApiResponse(VerificationSerializer, description="expired, or closed"),
}


@method_decorator(never_cache, name="dispatch")
class VerificationApi(APIView):
    """The two steps of confirming a signature from its emailed link's token.

    GET (and HEAD, OPTIONS) changes nothing: mail scanners open links. POST confirms, exactly
    once; a repeated POST answers already_verified.
    """

    # The token in the URL is the credential: no session is read, so no CSRF cookie is needed.
    authentication_classes = ()
    permission_classes = ()

    @extend_schema(
        summary="What a verification link would confirm",
        description="Changes nothing. `pending` means a POST to this URL confirms it.",
        responses=VERIFICATION_RESPONSES,
    )
    def get(self, request, token):
        return _verification_response(services.signature_verification_state(token=token))

    @extend_schema(
        summary="Confirm the signature of a verification link",
        description="Verifies and counts the signature exactly once: `verified` the first "
        "time, `already_verified` after.",
        request=None,
        responses=VERIFICATION_RESPONSES,
    )
    def post(self, request, token):
        return _verification_response(services.signature_verify(token=token))


def _verification_response(result):
    signature = result.signature
    if result.outcome is VerificationOutcome.INVALID:
        signature = None  # an invalidated signature is nobody's business
    data = {
        "status": result.outcome.value,
        "petition": signature.petition if signature else None,
        "email": mask_email(signature.email) if signature else None,
        "country": signature.country.code if signature else None,
    }
    return Response(
        VerificationSerializer(data).data, status=VERIFICATION_STATUS.get(result.outcome, 200)
    )


class CanExportSignatureCounts(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("petitions.export_signature_counts")


class SignatureCountsExportApi(APIView):
    """Verified and pending signatures per country as CSV, XLSX or JSON, for organizers."""

    permission_classes = [IsAuthenticated, CanExportSignatureCounts]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter("format", enum=sorted(COUNTS_FORMATS), default="csv", required=False)
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request, slug):
        format_name = request.query_params.get("format", "csv")
        if format_name not in COUNTS_FORMATS:
            return Response(
                {"format": [_("Choose one of: %s.") % ", ".join(sorted(COUNTS_FORMATS))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        petition = get_object_or_404(Petition, slug=slug)
        table = signature_counts_by_country(petition=petition)
        export_format = COUNTS_FORMATS[format_name]
        response = HttpResponse(export_format.write(table), content_type=export_format.content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, counts_filename(table, format_name)
        )
        response["Cache-Control"] = "private, no-store"
        return response


@public_endpoint
@method_decorator(cache_control(public=True, max_age=5), name="get")
class SignaturesByDayApi(CrossOriginReads, PublicPetitionMixin, APIView):
    """Verified signatures per day (UTC), from the first to today, for charts and journalists."""

    @extend_schema(responses=DaySignatureCountSerializer(many=True))
    def get(self, request, slug):
        petition = self.get_public_petition()
        days = verified_signatures_by_day(petition_id=petition.pk)
        return Response(DaySignatureCountSerializer(days, many=True).data)


class CanExportSigners(BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm("petitions.export_signers")


class SignerExportCreateApi(APIView):
    """Ask for a CSV of a petition's consenting signers; it is written in the background."""

    permission_classes = [IsAuthenticated, CanExportSigners]

    @extend_schema(request=None, responses={202: SignerExportSerializer})
    def post(self, request, slug):
        petition = get_object_or_404(Petition, slug=slug)
        export = signer_exports.signer_export_request(
            petition=petition, requested_by=request.user, channel=SignerExport.Channel.API
        )
        tasks.signer_export_enqueue(export)
        data = SignerExportSerializer(export, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED)


class SignerExportDetailApi(APIView):
    """An export's status and row count; its download URL once finished."""

    permission_classes = [IsAuthenticated, CanExportSigners]

    @extend_schema(responses=SignerExportSerializer)
    def get(self, request, pk):
        export = get_object_or_404(SignerExport.objects.select_related("petition"), pk=pk)
        return Response(SignerExportSerializer(export, context={"request": request}).data)


# Names and email addresses: kept by no cache, shared or the browser's.
@method_decorator(never_cache, name="dispatch")
class SignerExportDownloadApi(APIView):
    """The finished CSV, with its Content-Length, so that a cut-off download shows as one."""

    permission_classes = [IsAuthenticated, CanExportSigners]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        export = get_object_or_404(SignerExport, pk=pk)
        if export.status != SignerExport.Status.FINISHED:
            return Response(
                {"status": export.status, "detail": _("The export is not finished.")},
                status=status.HTTP_409_CONFLICT,
            )
        if not export.file:
            # Retention deleted it (services.retention); its log stays.
            return Response(
                {
                    "status": export.status,
                    "detail": _(
                        "This export's file was deleted: signers' personal data are kept only "
                        "for a while after a petition closes."
                    ),
                },
                status=status.HTTP_410_GONE,
            )
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
            content_type="text/csv; charset=utf-8",
        )
