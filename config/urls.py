from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from campaign.urls import api_urlpatterns as campaign_api
from petitions.urls import api_urlpatterns as petitions_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((petitions_api, "petitions"), namespace="api")),
    path("api/v1/", include((campaign_api, "campaign"), namespace="campaign-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("home.urls")),
    path("", include("campaign.urls")),
    path("", include("petitions.urls")),
]

# A database outage answers 503 with Retry-After, never a bare 500 (config/unavailable.py).
handler500 = "config.unavailable.server_error"
