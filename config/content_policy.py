"""The Content-Security-Policy header, as django-csp writes it, built once per process.

django-csp builds the header anew for every answer (copying and sorting every directive); that
took a fifth of the time of the smallest request. Almost every answer carries the site's policy
unchanged: that one is built once and kept until the setting changes. An answer with a policy
of its own (the embed's frame-ancestors, a nonce, a report-only policy) goes through django-csp
as before.
"""

from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What makes an answer's policy differ from the site's (django-csp's names).
OWN_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@cache
def site_policy():
    return build_policy()


@receiver(setting_changed)
def forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        site_policy.cache_clear()
        uses_site_policy_only.cache_clear()


@cache
def uses_site_policy_only():
    """True unless the settings ask for what only django-csp's own path handles."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return (
        bool(policy)
        and not policy.get("EXCLUDE_URL_PREFIXES")
        and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        and not settings.DEBUG
    )


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        if (
            not uses_site_policy_only()
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) for name in OWN_POLICY_ATTRIBUTES)
        ):
            return super().process_response(request, response)
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = site_policy()
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
