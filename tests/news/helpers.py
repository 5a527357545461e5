"""What the news tests share: posts, consenting signers, and an SMTP server on loopback."""

import datetime
import re

import factory
from django.utils import timezone

from news.models import Post
from tests.factories import CampaignFactory, verified_signature
from tests.smtp import SmtpServer

UNSUBSCRIBE_PATH = re.compile(r"<https?://[^/>]+(?P<path>/[a-z]{2}/news/unsubscribe/[^/>]+/)>")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, published an hour ago."""

    class Meta:
        model = Post

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"News number {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    text = "The exhibition opens in Paris.\n\nCome and see it."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


def consenting_signer(petition, address, **fields):
    """A verified signature of the petition that asked for campaign news."""
    return verified_signature(petition=petition, email=address, consent_to_updates=True, **fields)


def unsubscribe_path(message):
    """The path of the List-Unsubscribe link of a message (Django's or a parsed one)."""
    if hasattr(message, "extra_headers"):
        header = message.extra_headers["List-Unsubscribe"]
    else:
        header = message["List-Unsubscribe"]  # a long link is folded onto the next line
    return UNSUBSCRIBE_PATH.fullmatch(header.strip()).group("path")


def start_smtp_server(port):
    """Start an SMTP server on loopback (tests/smtp.py); return it and its controller."""
    server = SmtpServer(port)
    server.start()
    return server, server.controller
