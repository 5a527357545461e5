from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from campaign.urls import api_urlpatterns as campaign_api
from news.urls import file_urlpatterns as news_files
from petitions.urls import api_urlpatterns as petitions_api

# Unprefixed: the admin and the API answer in the language of Accept-Language (or the admin's
# cookie); /healthz is answered by a middleware before any of this.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((petitions_api, "petitions"), namespace="api")),
    path("api/v1/", include((campaign_api, "campaign"), namespace="campaign-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves the page's script from its own URL: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include((news_files, "news"), namespace="news-files")),
]
# Every public page (calendar feeds and emailed links included) in its language: /az/p/<slug>/.
# A path without one (/, /p/<slug>/, a link emailed before) redirects to the reader's language.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    path("", include("campaign.urls")),
    path("", include("petitions.urls")),
    path("", include("news.urls")),
    prefix_default_language=True,
)

# A database outage answers 503 with Retry-After, never a bare 500 (config/unavailable.py).
handler500 = "config.unavailable.server_error"
