"""Scripts that post the sign form: a honeypot field and a minimum time to fill the form.

A person never sees the honeypot (it is hidden) and takes more than a few seconds to type a
name and an address; a script that fills every field, or posts at once, is answered as if it
had signed and stores nothing, so it learns nothing to adapt to.
"""

import time

from django.conf import settings
from django.core import signing

HONEYPOT_FIELD = "website"
ALTCHA_FIELD = "altcha"
STARTED_FIELD = "form_started"
_STARTED_SALT = "petitions.sign-form-started"
# A token older than this is a script's, fetched once and posted ever since: a person signs
# within a day of opening the page.
STARTED_MAX_AGE = 24 * 3600


def form_started_token():
    """Return a signed token of now, for the form rendered now (never cached with the form)."""
    return signing.dumps(round(time.time(), 1), salt=_STARTED_SALT)


def sign_form_is_automated(data):
    """Return whether a posted sign form was filled by a script: honeypot, or too quick."""
    if data.get(HONEYPOT_FIELD):
        return True
    minimum = settings.PETITIONS_SIGN_FORM_MIN_SECONDS
    if minimum <= 0:
        return False
    try:
        started = signing.loads(
            data.get(STARTED_FIELD, ""), salt=_STARTED_SALT, max_age=STARTED_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired too
        return True
    return not isinstance(started, int | float) or time.time() - started < minimum


def sign_form_context(petition):
    """What the sign form's anti-robot part needs, fresh for each page (never cached)."""
    return {
        "honeypot_field": HONEYPOT_FIELD,
        "started_field": STARTED_FIELD,
        "started": form_started_token(),
        "altcha_field": ALTCHA_FIELD if petition.under_attack else None,
    }
