"""Who may frame a page, and who may read an answer from a script: the exceptions to the rule.

Every page is sent with X-Frame-Options: DENY; the embed pages (/embed/<slug>/) may be framed
by the sites of EMBED_FRAME_ANCESTORS, and the public read-only API by any site's script.
"""

from functools import wraps

from django.conf import settings

# The embed's whole Content-Security-Policy, with its frame-ancestors: a site-wide policy
# middleware leaves a response that already has one as it is.
EMBED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {}"
)


def embeddable(view):
    """Let the sites of EMBED_FRAME_ANCESTORS frame this view's pages, and no other view's."""

    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = EMBED_POLICY.format(
            " ".join(settings.EMBED_FRAME_ANCESTORS) or "'none'"
        )
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
