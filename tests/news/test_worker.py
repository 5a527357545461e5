"""A news sending to 10,000 signers through a real Celery worker and an SMTP server on loopback.

Each mailbox gets the post once, with its one-click unsubscribe headers; a worker killed
(SIGKILL) mid-sending and another started after it lose none and send none twice but, at most,
the one email in flight at the kill, again with the same Message-ID.
"""

import collections
import os
import signal

import pytest
from django.db import connection

from news import services
from news.models import NewsEmail, NewsSend
from tests.factories import PetitionFactory, UserFactory
from tests.news.helpers import UNSUBSCRIBE_PATH, PostFactory
from tests.throwaway import wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    # First: on SQLite, skipped before the signatures are inserted by PostgreSQL's SQL.
    pytest.mark.usefixtures("celery_workers"),
]

MAILBOXES = 10_000
BOTH = 2_000  # mailboxes that signed both petitions
CLAIM_SECONDS = 4  # how soon a killed worker's emails are owed again


@pytest.fixture
def start_worker(celery_workers, smtp_server):
    """Start a real worker process with beat, sending through the SMTP server; return it."""

    def start():
        return celery_workers.worker(
            beat=True,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_server.port),
            NEWS_OUTBOX_INTERVAL="1",
            NEWS_EMAILS_PER_MINUTE="0",
            NEWS_EMAIL_CLAIM_SECONDS=str(CLAIM_SECONDS),
            LOG_LEVEL="WARNING",
        )

    return start


@pytest.fixture
def sending():
    """A post being sent to 10,000 mailboxes: 6,000 signed one petition, 4,000 the other, 2,000
    of them both (the second time with a +tag), and some who did not ask for news."""
    truth, justice = PetitionFactory(slug="truth"), PetitionFactory(slug="justice")
    first_of_both = (MAILBOXES - BOTH) // 2 + 1
    insert = (
        "INSERT INTO petitions_signature (petition_id, name, email, email_normalized, country,"
        " city, consent_to_updates, created_at, verified_at, ip_hash, user_agent)"
        " SELECT %(petition)s, 'Signer ' || n, %(name)s || n || %(tag)s || '@example.org',"
        " %(name)s || n || '@example.org', 'AZ', '', %(consent)s, now(),"
        " now() + %(later)s * interval '1 second', '', ''"
        " FROM generate_series(%(first)s, %(last)s) AS n"
    )
    signer = {"name": "signer", "consent": True}
    with connection.cursor() as cursor:
        cursor.execute(
            insert,
            signer
            | {"petition": truth.pk, "tag": "", "later": 0}
            | {"first": 1, "last": first_of_both + BOTH - 1},
        )
        cursor.execute(
            insert,
            signer
            | {"petition": justice.pk, "tag": "+justice", "later": 1}
            | {"first": first_of_both, "last": MAILBOXES},
        )
        cursor.execute(
            insert,
            {"name": "quiet", "consent": False, "petition": truth.pk, "tag": "", "later": 0}
            | {"first": 1, "last": 500},
        )
    return services.news_send_start(
        post=PostFactory(title="The exhibition opens"),
        petitions=[truth, justice],
        started_by=UserFactory(username="editor"),
    )


def mailbox(address):
    local_part, _, domain = address.partition("@")
    return f"{local_part.partition('+')[0]}@{domain}"


def all_sent():
    """Whether every email is recorded sent: then any sent twice is in the server's messages too.

    An email is recorded sent only after the server accepted it (the server keeps a message before
    it answers), and only emails not recorded sent are claimed: nothing is sending any more.
    """
    return not NewsEmail.objects.exclude(status=NewsEmail.Status.SENT).exists()


def messages_by_mailbox(smtp_server):
    by_mailbox = collections.defaultdict(list)
    for recipients, message in list(smtp_server.messages):
        (recipient,) = recipients
        by_mailbox[mailbox(recipient)].append(message)
    return by_mailbox


def test_a_sending_to_ten_thousand_signers_reaches_each_mailbox_once(
    sending, start_worker, smtp_server
):
    assert sending.recipient_count == MAILBOXES
    start_worker()
    wait_until(lambda: len(smtp_server.messages) >= MAILBOXES and all_sent(), 600, step=0.2)

    by_mailbox = messages_by_mailbox(smtp_server)
    assert sorted(by_mailbox) == sorted(f"signer{n}@example.org" for n in range(1, MAILBOXES + 1))
    assert {len(messages) for messages in by_mailbox.values()} == {1}
    for (message,) in by_mailbox.values():
        assert message["Subject"] == "The exhibition opens"
        assert UNSUBSCRIBE_PATH.fullmatch(message["List-Unsubscribe"].strip())
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Those who signed both petitions got it at the address of their latest signature.
    assert by_mailbox["signer5000@example.org"][0]["To"] == "signer5000+justice@example.org"
    sending.refresh_from_db()
    wait_until(lambda: NewsSend.objects.get(pk=sending.pk).finished_at, timeout=10, step=0.2)
    sending.refresh_from_db()
    assert (sending.sent_count, sending.failed_count) == (MAILBOXES, 0)


def test_a_worker_killed_mid_sending_loses_none_and_sends_none_twice(
    sending, start_worker, smtp_server
):
    worker = start_worker()
    wait_until(lambda: len(smtp_server.messages) >= 2_000, timeout=300, step=0.01)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    delivered_before = len(smtp_server.messages)
    assert delivered_before < MAILBOXES  # killed mid-sending

    start_worker()
    wait_until(lambda: all_sent() and len(smtp_server.messages) >= MAILBOXES, 600, step=0.2)

    by_mailbox = messages_by_mailbox(smtp_server)
    assert sorted(by_mailbox) == sorted(f"signer{n}@example.org" for n in range(1, MAILBOXES + 1))
    twice = {box: messages for box, messages in by_mailbox.items() if len(messages) > 1}
    # At most the one email the server accepted in the instant of the kill, before the worker
    # could record it, is sent again, as the same message (the same Message-ID).
    assert len(twice) <= 1, twice.keys()
    for messages in twice.values():
        assert len(messages) == 2
        assert messages[0]["Message-ID"] == messages[1]["Message-ID"]
    print(f"delivered before the kill: {delivered_before}; sent again: {sorted(twice)}")
