"""The public JSON API: petitions, their counts, and signing."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Petition
from .serializers import (
    PetitionCountSerializer,
    PetitionDetailSerializer,
    PetitionSerializer,
    SignatureCreateSerializer,
    SigningAcceptedSerializer,
)
from .views import client_ip_address


class PublicPetitionMixin:
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_petitions().prefetch_related("addressees")

    def get_public_petition(self):
        try:
            return selectors.public_petition(slug=self.kwargs["slug"])
        except Petition.DoesNotExist as error:
            raise Http404 from error


class PetitionListApi(PublicPetitionMixin, generics.ListAPIView):
    serializer_class = PetitionSerializer


class PetitionDetailApi(PublicPetitionMixin, generics.RetrieveAPIView):
    serializer_class = PetitionDetailSerializer


@method_decorator(cache_control(public=True, max_age=5), name="get")
class PetitionCountApi(PublicPetitionMixin, APIView):
    """The verified total alone: cheap enough for every open page to poll."""

    @extend_schema(responses=PetitionCountSerializer)
    def get(self, request, slug):
        petition = self.get_public_petition()
        count = selectors.petition_count(petition_id=petition.pk)
        return Response(PetitionCountSerializer(count).data)


class SignatureCreateApi(PublicPetitionMixin, APIView):
    """Sign a petition; the signature counts once the emailed link is opened."""

    @extend_schema(request=SignatureCreateSerializer, responses={202: SigningAcceptedSerializer})
    def post(self, request, slug):
        petition = self.get_public_petition()
        serializer = SignatureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.signature_create(
                petition=petition,
                name=data["name"],
                email=data["email"],
                country=data["country"],
                city=data.get("city", ""),
                consent_to_updates=data["consent"],
                ip_address=client_ip_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as error:
            return Response(
                {"non_field_errors": error.messages}, status=status.HTTP_400_BAD_REQUEST
            )
        # The same answer whether or not this address had signed before.
        return Response({"status": "pending_verification"}, status=status.HTTP_202_ACCEPTED)
