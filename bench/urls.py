"""The project's URLs plus the baseline: the smallest Django JSON view on the same stack."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request):
    response = JsonResponse({"ok": True})
    # The wrk scripts tell these answers apart from the measured ones by this header.
    response["X-Bench-Minimal"] = "1"
    return response


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
