import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Event

TIME_ZONE_CHOICES = [("", "---------")] + [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class EventAdminForm(forms.ModelForm):
    """An event whose start and end are entered, and shown, in the event's own time zone."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=TIME_ZONE_CHOICES,
        help_text=_("Where the event is held: start and end are local times there."),
    )

    class Meta:
        model = Event
        fields = [
            "campaign",
            "title",
            "kind",
            "status",
            "is_published",
            "country",
            "city",
            "venue",
            "time_zone",
            "starts_at",
            "ends_at",
            "description",
            "info_url",
            "organizer",
            "attendance",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("Local time at the venue.")
        if self.instance.pk:
            for name in ("starts_at", "ends_at"):
                self.initial[name] = timezone.make_naive(
                    getattr(self.instance, name), self.instance.zone
                )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("time_zone"):
            zone = zoneinfo.ZoneInfo(cleaned_data["time_zone"])
            # The widgets read a wall-clock time; it is the time at the venue, not the server's.
            for name in ("starts_at", "ends_at"):
                if cleaned_data.get(name) is not None:
                    wall_clock = timezone.make_naive(cleaned_data[name])
                    cleaned_data[name] = timezone.make_aware(wall_clock, zone)
        return cleaned_data


class EventFilterForm(forms.Form):
    """The filters of the public event list; every one may be left empty."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
