"""The public JSON API of campaign events: published events only."""

from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from config.framing import CrossOriginReads

from . import selectors
from .models import Event
from .serializers import (
    EventDetailSerializer,
    EventFilterSerializer,
    EventSerializer,
    MediaItemListSerializer,
)


@extend_schema(
    auth=[],  # public: no padlock in the docs
    parameters=[
        OpenApiParameter(
            "country",
            str,
            description="ISO 3166 code, e.g. FR",
            enum=[code for code, _ in countries],
        ),
        OpenApiParameter("kind", str, enum=Event.Kind.values),
        OpenApiParameter(
            "from", OpenApiTypes.DATE, description="Events not over before this UTC day"
        ),
        OpenApiParameter("to", OpenApiTypes.DATE, description="Events begun by this UTC day"),
    ],
)
class EventListApi(CrossOriginReads, generics.ListAPIView):
    """Published events, earliest first; an unknown filter value answers 400."""

    serializer_class = EventSerializer

    def get_queryset(self):
        query = EventFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        return selectors.public_events(
            country=filters.get("country"),
            kind=filters.get("kind"),
            on_or_after=filters.get("from"),
            on_or_before=filters.get("to"),
        )


@extend_schema(auth=[])
class EventDetailApi(CrossOriginReads, generics.RetrieveAPIView):
    serializer_class = EventDetailSerializer

    def get_queryset(self):
        return selectors.public_events().prefetch_related("media_items")


@extend_schema(auth=[])
class MediaItemListApi(CrossOriginReads, generics.ListAPIView):
    """The campaign's videos, photos, books and articles, latest first, with where and when
    each was presented (its published events)."""

    serializer_class = MediaItemListSerializer

    def get_queryset(self):
        return selectors.public_media_items()
