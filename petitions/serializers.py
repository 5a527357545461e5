import copy

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from .models import Addressee, Petition, Signature, SignerExport
from .selectors import petition_count
from .services import VerificationOutcome
from .validators import validate_email_address, validate_one_line_text


class AddresseeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Addressee
        fields = ["name", "office"]


class CountrySignatureCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="country.name")
    signature_count = serializers.IntegerField()


class PetitionSerializer(serializers.ModelSerializer):
    """A petition as the public sees it, with its verified signature count."""

    addressees = AddresseeSerializer(many=True, read_only=True)
    signature_count = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = ["slug", "kind", "title", "text", "addressees", "goal", "state", "signature_count"]

    def get_signature_count(self, petition) -> int:
        # A list gives the counts of its page in the context, read in one round trip.
        counts = self.context.get("counts") or {}
        count = counts.get(petition.pk) or petition_count(petition_id=petition.pk)
        return count.signature_count


class PetitionDetailSerializer(PetitionSerializer):
    signatures_by_country = serializers.SerializerMethodField()

    class Meta(PetitionSerializer.Meta):
        fields = PetitionSerializer.Meta.fields + ["signatures_by_country"]

    def get_signatures_by_country(self, petition) -> CountrySignatureCountSerializer(many=True):
        by_country = petition_count(petition_id=petition.pk).by_country
        return CountrySignatureCountSerializer(by_country, many=True).data


class PetitionCountSerializer(serializers.Serializer):
    signature_count = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(deprecate_fields=["consent"])
class SignatureCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=Signature._meta.get_field("name").max_length,
        validators=[validate_one_line_text],
    )
    email = serializers.CharField(
        max_length=Signature._meta.get_field("email").max_length,
        validators=[validate_email_address],
    )
    country = CountryField()
    city = serializers.CharField(
        max_length=Signature._meta.get_field("city").max_length,
        required=False,
        allow_blank=True,
        validators=[validate_one_line_text],
    )
    consent_to_updates = serializers.BooleanField(
        required=False, default=False, help_text=_("Receive campaign news by email")
    )
    consent_to_show_name = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Show the name (and city) publicly and to the addressees."),
    )
    # The former name of consent_to_updates, accepted while clients move to the new one.
    consent = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text=_("Deprecated: the former name of consent_to_updates."),
    )

    altcha = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text=_(
            "Only while the petition is under attack: the base64 payload of a solved challenge "
            "from GET /api/v1/altcha/challenge/."
        ),
    )

    def get_fields(self):
        # DRF deep-copies the declared fields for every instance: the country field rebuilds its
        # 250 choices, the others copy their validators, a sixth of a signature's time at a peak.
        # Nothing in them changes per request but what binding sets: a shallow copy each will do.
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

    def validate(self, data):
        if "consent" in data:
            former = data.pop("consent")
            if "consent_to_updates" not in self.initial_data:
                data["consent_to_updates"] = former
        return data

    def validate_country(self, country):
        # django-countries turns {}, [], 0 and false into "" instead of refusing them: a
        # signature without a country would be stored and counted under no country.
        if not country:
            raise serializers.ValidationError(_("Choose a country."), code="invalid_choice")
        return country


class SigningAcceptedSerializer(serializers.Serializer):
    status = serializers.CharField()


class DaySignatureCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    signature_count = serializers.IntegerField()


class SignerExportSerializer(serializers.ModelSerializer):
    petition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    requested_by = serializers.StringRelatedField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SignerExport
        fields = [
            "id",
            "petition",
            "requested_by",
            "status",
            "row_count",
            "created_at",
            "finished_at",
            "download_url",
        ]

    def get_download_url(self, export) -> str | None:
        if export.status != SignerExport.Status.FINISHED or not export.file:
            return None
        url = reverse("api:signer-export-download", kwargs={"pk": export.pk})
        return self.context["request"].build_absolute_uri(url)


class VerificationPetitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petition
        fields = ["slug", "title"]


class VerificationSerializer(serializers.Serializer):
    """What a verification link confirms, with the email masked as its page shows it."""

    status = serializers.ChoiceField(
        choices=[(outcome.value, outcome.name) for outcome in VerificationOutcome],
        help_text=_(
            "pending: valid, not confirmed yet (POST to confirm); verified: this POST confirmed "
            "it; already_verified: confirmed before; expired: the link is too old; closed: the "
            "petition closed before it was confirmed; invalid: no such signature."
        ),
    )
    petition = VerificationPetitionSerializer(allow_null=True)
    email = serializers.CharField(allow_null=True, help_text=_("Masked: l***@e***.org."))
    country = serializers.CharField(allow_null=True, help_text=_("ISO 3166 code."))
