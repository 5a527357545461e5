"""A real SMTP server on loopback (aiosmtpd) for the tests to send through, as to a relay."""

import email
import email.policy
import threading
from collections import Counter

from aiosmtpd.controller import Controller

from tests.petitions.helpers import LINK
from tests.throwaway import free_port


class SmtpServer:
    """An SMTP server on a loopback port that keeps every message it accepts, parsed.

    A message is kept before the server answers 250: whatever a sender has recorded as sent is
    here already. `replies` maps an address to the answers its RCPT gets, one per attempt
    ("550 …"); once they run out, the address is accepted. While `refusing` is set, every RCPT
    gets a temporary refusal (451), as from a relay over its rate limit or short of disk.
    `on_message`, if set, is called with the number of messages received before the server
    acknowledges one.
    """

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []  # (recipients, message) of each message accepted
        self.links = []  # the verification link of each message that has one
        self.recipients_by_connection = {}
        self.replies = {}
        self.rcpt_attempts = Counter()
        self.refusing = False
        self.refusals = 0
        self.on_message = None
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.rcpt_attempts[address] += 1
            answers = self.replies.get(address)
            if self.refusing or answers:
                self.refusals += 1
                return answers.pop(0) if answers else "451 4.3.2 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        plain = message.get_body(("plain",))
        link = plain and LINK.search(plain.get_content())
        with self._lock:
            self.messages.append((tuple(envelope.rcpt_tos), message))
            self.recipients_by_connection.setdefault(id(session), []).extend(envelope.rcpt_tos)
            if link:
                self.links.append(link.group("path"))
            received = len(self.messages)
        if self.on_message is not None:
            self.on_message(received)
        return "250 Message accepted for delivery"

    @property
    def recipients(self):
        """One entry per recipient of each message accepted."""
        with self._lock:
            return [recipient for recipients, _message in self.messages for recipient in recipients]

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()
