"""Signed unsubscribe links: a token names one news email, never the address itself.

The email (NewsEmail) names its mailbox, so neither the link nor the web server's access log
holds an address. The token does not expire: an unsubscribe link works as long as the email.
"""

from django.core import signing

SALT = "news.unsubscribe"


class InvalidToken(Exception):
    """The token was tampered with or was not made by this service."""


def unsubscribe_token(email_id):
    """Return the URL-safe token that unsubscribes the mailbox of a news email."""
    return signing.Signer(salt=SALT).sign(signing.b62_encode(email_id))


def unsubscribe_token_email_id(token):
    """Return the news email id a token names; raise InvalidToken."""
    try:
        return signing.b62_decode(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise InvalidToken(token) from error
