from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from .models import Signature
from .validators import validate_email_address, validate_one_line_text


class SignatureForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=Signature._meta.get_field("name").max_length,
        validators=[validate_one_line_text],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=Signature._meta.get_field("email").max_length,
        validators=[validate_email_address],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A callable, so that the names are in the reader's language, sorted in it, on each use.
    country = LazyTypedChoiceField(
        label=_("Country"), choices=lambda: [("", _("Choose your country")), *countries]
    )
    city = forms.CharField(
        label=_("City (optional)"),
        max_length=Signature._meta.get_field("city").max_length,
        required=False,
        validators=[validate_one_line_text],
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    # Two separate choices, both unticked unless the signer ticks them.
    consent_to_updates = forms.BooleanField(
        label=_("Receive campaign news by email"), required=False
    )
    consent_to_show_name = forms.BooleanField(
        label=_("Show my name (and city) publicly and to the addressees"), required=False
    )

    CONSENT_FIELDS = ("consent_to_updates", "consent_to_show_name")

    def signer_fields(self):
        """The fields about the signer, without the consents (the form shows those apart)."""
        return [field for field in self if field.name not in self.CONSENT_FIELDS]

    def consent_fields(self):
        return [self[name] for name in self.CONSENT_FIELDS]
