"""Signed, timestamped links for signatures, one salt per purpose (verify, withdraw).

A token names its signature and is never stored: it is checked by signature, not by lookup, so a
replayed link still resolves to its signature and can answer "already confirmed".

The id it names is sequential and readable, like the user id in Django's password reset links:
what makes a token unforgeable is its HMAC with SECRET_KEY, which the settings require to be
strong and never the key once published in this repository (config/secret_key.py).
"""

from django.conf import settings
from django.core import signing


class InvalidToken(Exception):
    """The token was tampered with or was not made by this service."""


class ExpiredToken(Exception):
    """The token is genuine but older than its maximum age."""

    def __init__(self, signature_id):
        super().__init__(signature_id)
        self.signature_id = signature_id


class SignatureTokenGenerator:
    """Make and check tokens that name a signature, for one purpose."""

    salt = "petitions.verify"

    def max_age(self):
        return settings.PETITIONS_VERIFICATION_MAX_AGE

    def make_token(self, signature_id):
        """Return a URL-safe token naming the signature."""
        return signing.TimestampSigner(salt=self.salt).sign(_encode(signature_id))

    def check_token(self, token):
        """Return the signature id a token names; raise InvalidToken or ExpiredToken."""
        signer = signing.TimestampSigner(salt=self.salt)
        try:
            return _decode(signer.unsign(token, max_age=self.max_age()))
        except signing.SignatureExpired as error:
            # Genuine but old: still say whose it is, so the page can offer a fresh link.
            raise ExpiredToken(_decode(signer.unsign(token))) from error
        except (signing.BadSignature, ValueError) as error:
            raise InvalidToken(token) from error


def _encode(signature_id):
    return signing.b62_encode(signature_id)


def _decode(value):
    return signing.b62_decode(value)


class WithdrawalTokenGenerator(SignatureTokenGenerator):
    """Tokens of the links that withdraw a signature: valid as long as the signature is held.

    A supporter may change his or her mind months later, and the link does one thing only, to
    the one signature it names, which ids never reused keep true. Rotating SECRET_KEY (once its
    fallbacks are dropped) retires them all.
    """

    salt = "petitions.withdraw"

    def max_age(self):
        return None


verification_tokens = SignatureTokenGenerator()
withdrawal_tokens = WithdrawalTokenGenerator()


class EmbedFormTokenGenerator:
    """The token of the embed's sign form: this service served the form of this petition lately.

    In a partner's page the embed is a third-party frame, where browsers do not send our
    SameSite cookies, so the CSRF cookie cannot protect its form. No session or login is
    involved in signing anyway: what CSRF would add is that the form came from us, which this
    token says, bound to the petition and valid for EMBED_FORM_MAX_AGE seconds.
    """

    salt = "petitions.embed-form"

    def make_token(self, petition_id):
        return signing.TimestampSigner(salt=self.salt).sign(_encode(petition_id))

    def is_valid(self, token, *, petition_id):
        signer = signing.TimestampSigner(salt=self.salt)
        try:
            value = signer.unsign(token, max_age=settings.EMBED_FORM_MAX_AGE)
            return _decode(value) == petition_id
        except (signing.BadSignature, ValueError):
            return False


embed_form_tokens = EmbedFormTokenGenerator()
