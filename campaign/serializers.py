from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from .models import Event, MediaItem


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MediaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediaItem
        fields = ["title", "kind", "url", "language", "published_on"]


class EventPlaceAndLinkSerializer(serializers.Serializer):
    """An event's country, by code and by name in the reader's language, and its page."""

    country = CountrySerializer()
    url = serializers.SerializerMethodField()

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PresentationSerializer(EventPlaceAndLinkSerializer):
    """Where and when a media item was presented: one of its published events."""

    event = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    city = serializers.CharField()
    starts_at = serializers.DateTimeField()


class MediaItemListSerializer(serializers.ModelSerializer):
    """A media item of the media page: its caption, its player, where and when presented."""

    player_url = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The privacy-enhanced player of a YouTube or Vimeo video, else null.",
    )
    presented_at = PresentationSerializer(source="published_events", many=True, read_only=True)
    countries = serializers.SerializerMethodField()

    class Meta:
        model = MediaItem
        fields = [
            "id",
            "title",
            "caption",
            "kind",
            "url",
            "player_url",
            "language",
            "published_on",
            "presented_at",
            "countries",
        ]

    def get_countries(self, item) -> CountrySerializer(many=True):
        return [{"code": country.code, "name": country.name} for country in item.countries]


class EventSerializer(EventPlaceAndLinkSerializer, serializers.ModelSerializer):
    """A published event; start and end in UTC, with the time zone to show them in."""

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "country",
            "city",
            "venue",
            "starts_at",
            "ends_at",
            "time_zone",
            "status",
            "organizer",
            "attendance",
            "info_url",
            "url",
        ]


class EventDetailSerializer(EventSerializer):
    media_items = MediaItemSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = EventSerializer.Meta.fields + ["description", "media_items"]


class EventFilterSerializer(serializers.Serializer):
    """The query of the event list: country, kind, and a range of UTC days."""

    country = CountryField(required=False)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False)

    def get_fields(self):
        fields = super().get_fields()
        # "from" is a Python keyword, so these cannot be declared as class attributes.
        fields["from"] = serializers.DateField(required=False)
        fields["to"] = serializers.DateField(required=False)
        return fields

    def validate(self, data):
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise serializers.ValidationError({"to": _("Must not be before from.")})
        return data
