"""Who may frame a page, and who may read an answer from a script: the exceptions to the rule.

Every page is sent with X-Frame-Options: DENY; the embed pages (/embed/<slug>/) may be framed
by the sites of EMBED_FRAME_ANCESTORS, and the public read-only API by any site's script.
"""

from functools import wraps

from csp.constants import NONE
from django.conf import settings


def embeddable(view):
    """Let the sites of EMBED_FRAME_ANCESTORS frame this view's pages, and no other view's."""

    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # The site's policy (CONTENT_SECURITY_POLICY), with these frame-ancestors instead.
        response._csp_replace = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS or [NONE]}
        response.xframe_options_exempt = True
        return response

    return framed


class CrossOriginReads:
    """A DRF view whose GET answers any site's script may read: public, read-only data, sent
    without credentials (no cookie, no token is honoured cross-origin)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        return response
