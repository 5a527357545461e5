from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField
from django_countries.widgets import LazySelect

from .models import Signature
from .validators import validate_email_address, validate_one_line_text


class CountrySelect(LazySelect):
    """Django's select, with its 250 options written here rather than by a template each.

    Django's renders two templates per option (the option, its attributes): 500 templates, most
    of the time of a sign form shown again with its errors. The markup is Django's, without the
    blank line it leaves after each option.
    """

    template_name = "petitions/widgets/country_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_html"] = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, options, _index in context["widget"]["optgroups"]
                for option in options
            ),
        )
        return context


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
        label=_("Country"),
        choices=lambda: [("", _("Choose your country")), *countries],
        widget=CountrySelect,
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
