"""The news email: the post as plain text, with a signed one-click unsubscribe link (RFC 8058)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from ..tokens import unsubscribe_token

# Rendered in place of each recipient's link, which is put in afterwards: the template is
# rendered once per sending, not once per email.
_UNSUBSCRIBE_MARK = "\x00unsubscribe-url\x00"


@dataclass(frozen=True)
class RenderedPost:
    """A post's email, rendered once for all its recipients."""

    subject: str
    body: str  # with _UNSUBSCRIBE_MARK where the recipient's link goes

    def body_for(self, unsubscribe_url):
        return self.body.replace(_UNSUBSCRIBE_MARK, unsubscribe_url)


def post_email_render(post):
    """Render a post's email subject and body, leaving the place of the unsubscribe link."""
    context = {
        "post": post,
        "post_url": _absolute(post.get_absolute_url()),
        "unsubscribe_url": _UNSUBSCRIBE_MARK,
    }
    return RenderedPost(
        subject=" ".join(render_to_string("news/email/post_subject.txt", context).split()),
        body=render_to_string("news/email/post_body.txt", context),
    )


def unsubscribe_url(email_id):
    """Return the absolute unsubscribe link of a news email's mailbox."""
    return _absolute(reverse("news:unsubscribe", kwargs={"token": unsubscribe_token(email_id)}))


def news_email_message(*, email, rendered, mail_connection=None):
    """Return the message of one news email (a NewsEmail row) to its address."""
    url = unsubscribe_url(email.pk)
    return EmailMessage(
        subject=rendered.subject,
        body=rendered.body_for(url),
        to=[email.email],
        connection=mail_connection,
        headers={
            "List-Unsubscribe": f"<{url}>",
            # RFC 8058: the mail provider's "unsubscribe" button POSTs this to the link above.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every attempt of this email: if it ever left twice (its sender killed
            # between the server's acceptance and the record of it), the copies are one message,
            # which mail providers show once.
            "Message-ID": f"<news.{email.send_id}.{email.pk}@{_site_domain()}>",
        },
    )


def news_email_preview(post):
    """Return (headers, body) of the post's email as a recipient gets it, for staff to read."""
    rendered = post_email_render(post)
    url = _absolute(reverse("news:unsubscribe", kwargs={"token": "…"}))
    headers = [
        ("From", settings.DEFAULT_FROM_EMAIL),
        ("Subject", rendered.subject),
        ("List-Unsubscribe", f"<{url}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ]
    return headers, rendered.body_for(url)


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _site_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"
