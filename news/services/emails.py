"""The news email: the post as plain text, with a signed one-click unsubscribe link (RFC 8058)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from config.i18n import absolute_url, absolute_url_before_token

from ..tokens import unsubscribe_token

# Rendered in place of each recipient's link, which is put in afterwards: the template is
# rendered once per batch of emails, not once per email.
_UNSUBSCRIBE_MARK = "\x00unsubscribe-url\x00"


@dataclass(frozen=True)
class PostEmail:
    """A post's email, rendered once for all its recipients: each one's link is put in later."""

    subject: str
    body: str  # with _UNSUBSCRIBE_MARK where the recipient's link goes
    unsubscribe_prefix: str  # the absolute link of any token: this, the token, "/"
    domain: str  # of the site, for the Message-IDs

    def unsubscribe_url(self, email_id):
        return f"{self.unsubscribe_prefix}{unsubscribe_token(email_id)}/"

    def body_for(self, unsubscribe_url):
        return self.body.replace(_UNSUBSCRIBE_MARK, unsubscribe_url)


def post_email_render(post):
    """Render a post's email for all its recipients."""
    context = {
        "post": post,
        "post_url": absolute_url(post.get_absolute_url()),
        "unsubscribe_url": _UNSUBSCRIBE_MARK,
    }
    return PostEmail(
        subject=" ".join(render_to_string("news/email/post_subject.txt", context).split()),
        body=render_to_string("news/email/post_body.txt", context),
        unsubscribe_prefix=absolute_url_before_token("news:unsubscribe"),
        domain=urlsplit(settings.SITE_URL).hostname or "localhost",
    )


def news_email_message(*, email, post_email, mail_connection=None):
    """Return the message of one news email (a NewsEmail row) to its address."""
    url = post_email.unsubscribe_url(email.pk)
    return EmailMessage(
        subject=post_email.subject,
        body=post_email.body_for(url),
        to=[email.email],
        connection=mail_connection,
        headers={
            "List-Unsubscribe": f"<{url}>",
            # RFC 8058: the mail provider's "unsubscribe" button POSTs this to the link above.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every attempt of this email: if it ever left twice (its sender killed
            # between the server's acceptance and the record of it), the copies are one message,
            # which mail providers show once.
            "Message-ID": f"<news.{email.send_id}.{email.pk}@{post_email.domain}>",
        },
    )


def news_email_preview(post):
    """Return (headers, body) of the post's email as a recipient gets it, for staff to read."""
    post_email = post_email_render(post)
    url = f"{post_email.unsubscribe_prefix}…/"
    headers = [
        ("From", settings.DEFAULT_FROM_EMAIL),
        ("Subject", post_email.subject),
        ("List-Unsubscribe", f"<{url}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ]
    return headers, post_email.body_for(url)
