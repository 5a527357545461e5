"""The answer to a request that failed because PostgreSQL could not be reached: a 503 saying so.

Django's handler500 (config/urls.py), called for any uncaught exception: for a database that
refuses connections, drops them or is restarting (OperationalError, InterfaceError) it answers
503 with Retry-After, an HTML page that tells a supporter the signature was not taken, or for
the API a JSON error; for anything else, Django's own 500. The error is logged either way.
The page is rendered without the request: its context processors would ask the database again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_unavailable(error):
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    """503 with Retry-After when the database is unavailable; otherwise Django's 500."""
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request)
    signing = request.method == "POST"
    if request.path_info.startswith("/api/"):
        detail = (
            _("The service is briefly unavailable: nothing was recorded. Try again in a minute.")
            if signing
            else _("The service is briefly unavailable. Try again in a minute.")
        )
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"signing": signing}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
