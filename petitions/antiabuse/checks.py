"""What a client must pass to sign, or to have a link sent again; the pages and the API alike."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..addresses import normalize_email
from . import altcha, bots, limits
from .lists import ip_address_blocked


@dataclass
class SigningRefused(Exception):
    """Why a request may not sign now: the message for the signer, the HTTP status, and more."""

    message: str
    status: int
    retry_after: int | None = None  # seconds, with 429
    field: str | None = None  # the field at fault (the ALTCHA solution), else the whole request

    def with_retry_after(self, response):
        """Return a page's or the API's answer to this refusal, saying when to try again."""
        if self.retry_after:
            response["Retry-After"] = str(self.retry_after)
        return response


def signing_check(*, petition, ip_address, email, altcha_payload=""):
    """Raise SigningRefused unless this client may sign now with this address.

    Counts the attempt in the limits (one cache round trip at most).
    """
    _client_check(ip_address)
    _limits_check(ip_address=ip_address, email_normalized=normalize_email(email))
    if petition.under_attack:
        error = altcha.altcha_solution_error(altcha_payload)
        if error:
            raise SigningRefused(str(error), 400, field=bots.ALTCHA_FIELD)


def resend_check(*, ip_address, signature):
    """Raise SigningRefused unless this client may have a signature's link sent again now."""
    _client_check(ip_address)
    _limits_check(ip_address=ip_address, email_normalized=signature.email_normalized)


def _client_check(ip_address):
    if ip_address_blocked(ip_address):
        raise SigningRefused(
            _(
                "Signing from your connection is blocked. If you think this is a mistake, write to us."
            ),
            403,
        )


def _limits_check(*, ip_address, email_normalized):
    exceeded = limits.signing_limit_exceeded(
        ip_address=ip_address, email_domain=email_normalized.rpartition("@")[2]
    )
    if exceeded is None:
        return
    minutes = -(-exceeded.retry_after // 60)
    if exceeded.scope == limits.ADDRESS:
        message = ngettext(
            "Too many signatures have come from your connection in a short time. Please try "
            "again in %(minutes)d minute.",
            "Too many signatures have come from your connection in a short time. Please try "
            "again in %(minutes)d minutes.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many signatures have come from addresses at your email's domain in a short "
            "time. Please try again in %(minutes)d minute.",
            "Too many signatures have come from addresses at your email's domain in a short "
            "time. Please try again in %(minutes)d minutes.",
            minutes,
        )
    raise SigningRefused(message % {"minutes": minutes}, 429, retry_after=exceeded.retry_after)
