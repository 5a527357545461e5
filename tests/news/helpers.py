"""What the news tests share: posts, consenting signers, and an SMTP server on loopback."""

import datetime
import email
import email.policy
import re
import threading

import factory
from aiosmtpd.controller import Controller
from django.utils import timezone

from news.models import Post
from tests.factories import CampaignFactory, verified_signature

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


class SmtpServer:
    """An SMTP server on loopback that keeps every message it accepts, parsed.

    replies maps an address to the answers its RCPT gets, one per attempt ("550 …"); once
    they run out, the address is accepted.
    """

    def __init__(self):
        self.messages = []
        self.replies = {}
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            answers = self.replies.get(address)
            if answers:
                return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def recipients(self):
        with self._lock:
            return [rcpt for rcpts, _message in self.messages for rcpt in rcpts]


def start_smtp_server(port):
    server = SmtpServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    return server, controller
