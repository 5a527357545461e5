"""ALTCHA: a proof of work that a petition "under attack" asks of each signer, with no third party.

The server issues challenges and checks solutions with the altcha package; the widget that
solves them in the browser is served from our static files (static/vendor/altcha/). Challenges
are made in deterministic mode: the server picks the answer, so it checks a solution with one
HMAC instead of repeating the work, and the work asked is bounded.
"""

import secrets
import time

from altcha import Payload, create_challenge, verify_solution
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .. import caching

ALGORITHM = "PBKDF2/SHA-256"

MISSING = _(
    "This petition is receiving automated signatures: to sign it now, your browser must solve "
    "a small puzzle, which needs JavaScript. Please turn JavaScript on and sign again."
)
INVALID = _("The anti-robot check did not succeed (or was used already). Please try again.")


def _secret(purpose):
    return salted_hmac(f"petitions.altcha.{purpose}", "altcha", algorithm="sha256").hexdigest()


def altcha_challenge_create():
    """Return a new signed challenge, as the widget and API clients expect it (JSON-ready)."""
    counter_max = max(2, settings.PETITIONS_ALTCHA_COUNTER)
    challenge = create_challenge(
        algorithm=ALGORITHM,
        cost=settings.PETITIONS_ALTCHA_COST,
        counter=counter_max // 2 + secrets.randbelow(counter_max - counter_max // 2),
        expires_at=int(time.time()) + settings.PETITIONS_ALTCHA_EXPIRES_SECONDS,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def altcha_solution_error(payload):
    """Return why a solution (the widget's base64 payload) is refused, or None to accept it.

    An accepted solution is spent: its challenge is remembered until it expires, in the shared
    cache; while Redis is unreachable, in the memory of the process that accepted it, so that
    signing goes on and a solution serves at most once in each web process.
    """
    if not payload:
        return MISSING
    try:
        parsed = Payload.from_base64(payload)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return INVALID
    result = verify_solution(parsed, _secret("challenge"), hmac_key_secret=_secret("key"))
    if not result.verified:
        return INVALID
    # Only a challenge we signed gets here, so its expiry and signature are ours.
    lifetime = int(parsed.challenge.parameters.expires_at - time.time()) + 5
    if not caching.ALTCHA_USED.add(parsed.challenge.signature, timeout=lifetime):
        return INVALID
    return None
