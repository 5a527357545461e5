from django.urls import path, register_converter

from . import api, views

app_name = "campaign"


class CountryCodeConverter:
    """An ISO 3166 alpha-2 code, in either case: /events/fr/ and /events/FR/ alike."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CountryCodeConverter, "country")

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events.ics", views.event_calendar, name="event-calendar"),
    path("events/countries/", views.country_list, name="country-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>.ics", views.event_calendar_entry, name="event-calendar-entry"),
    path("events/<country:country>/", views.event_list, name="country-event-list"),
    path("events/<country:country>.ics", views.event_calendar, name="country-event-calendar"),
    path("recognitions/", views.recognition_list, name="recognition-list"),
    path("media/", views.media_list, name="media-list"),
]

api_urlpatterns = [
    path("events/", api.EventListApi.as_view(), name="event-list"),
    path("events/<int:pk>/", api.EventDetailApi.as_view(), name="event-detail"),
    path("media/", api.MediaItemListApi.as_view(), name="media-list"),
]
