from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from campaign.urls import api_urlpatterns as campaign_api
from petitions.urls import api_urlpatterns as petitions_api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((petitions_api, "petitions"), namespace="api")),
    path("api/v1/", include((campaign_api, "campaign"), namespace="campaign-api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves the page's script from its own URL: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("home.urls")),
    path("", include("campaign.urls")),
    path("", include("petitions.urls")),
    path("", include("news.urls")),
]
