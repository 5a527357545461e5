from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from campaign.urls import api_urlpatterns as campaign_api
from petitions.urls import api_urlpatterns as petitions_api

# Unprefixed: the admin and the API answer in the language of Accept-Language (or the admin's
# cookie); /healthz is answered by a middleware before any of this.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((petitions_api, "petitions"), namespace="api")),
    path("api/v1/", include((campaign_api, "campaign"), namespace="campaign-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
# Every public page (calendar feeds and emailed links included) in its language: /az/p/<slug>/.
# A path without one (/, /p/<slug>/, a link emailed before) redirects to the reader's language.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("campaign.urls")),
    path("", include("petitions.urls")),
    prefix_default_language=True,
)
