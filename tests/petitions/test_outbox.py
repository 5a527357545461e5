"""With the outbox, signing only records the email owed; beat's task sends it in batches."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from petitions import services, tasks
from petitions.models import Signature
from tests.factories import PetitionFactory, SignatureFactory, UserFactory, verified_signature
from tests.petitions.helpers import (
    database_url_of_the_test_database,
    sign_json,
    verification_links,
)
from tests.smtp import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpServer()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    yield sink
    sink.stop()


def sign_many(client, petition, count):
    addresses = [f"signer{number}@example.org" for number in range(count)]
    for address in addresses:
        sign_json(client, petition, email=address)
    return addresses


def test_signing_sends_nothing_until_the_outbox_runs(client):
    petition = PetitionFactory()
    assert sign_json(client, petition).status_code == 202
    assert mail.outbox == []

    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1
    tasks.verification_emails_send_owed_task.delay()  # nothing is owed any more
    assert len(verification_links("leyla@example.org")) == 1


def test_signing_again_owes_a_new_email_to_the_outbox(client, settings):
    settings.PETITIONS_RESEND_INTERVAL = 0
    petition = PetitionFactory()
    sign_json(client, petition)
    tasks.verification_emails_send_owed_task.delay()
    sign_json(client, petition, email=" LEYLA@example.org ")
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 2


def test_outbox_sends_every_email_once_in_batches_over_one_connection_each(
    client, settings, smtp_sink
):
    settings.PETITIONS_OUTBOX_BATCH_SIZE = 40
    petition = PetitionFactory()
    for number in range(100):
        sign_json(client, petition, email=f"signer{number}@example.org")

    tasks.verification_emails_send_owed_task.delay()

    assert sorted(smtp_sink.recipients) == sorted(f"signer{n}@example.org" for n in range(100))
    assert sorted(len(r) for r in smtp_sink.recipients_by_connection.values()) == [20, 40, 40]
    assert not Signature.objects.filter(
        Q(verification_email_sent_at__isnull=True)
        | Q(verification_email_next_attempt_at__isnull=False)
    ).exists()


def test_emails_that_could_not_be_sent_stay_owed(client, settings):
    petition = PetitionFactory()
    sign_json(client, petition)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(OSError):
        tasks.verification_emails_send_owed_task.delay()  # the SMTP server refuses

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1


def test_an_email_held_by_a_sender_that_died_is_owed_again_once_its_claim_expires(client, settings):
    settings.PETITIONS_OUTBOX_CLAIM_SECONDS = 300
    petition = PetitionFactory()
    sign_json(client, petition)
    # A sender claimed the email, then was killed before it could send it.
    Signature.objects.update(
        verification_email_next_attempt_at=timezone.now() + datetime.timedelta(seconds=300)
    )
    tasks.verification_emails_send_owed_task.delay()
    assert mail.outbox == []  # the claim holds: no second sender while the first may be alive

    Signature.objects.update(
        verification_email_next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1


def test_verified_and_invalidated_signatures_are_owed_nothing():
    petition = PetitionFactory()
    verified_signature(petition=petition)
    fraud = SignatureFactory(petition=petition)
    services.signatures_invalidate(
        signatures=Signature.objects.filter(pk=fraud.pk),
        invalidated_by=UserFactory(is_staff=True),
        reason="bot",
    )
    tasks.verification_emails_send_owed_task.delay()
    assert mail.outbox == []


@pytest.mark.usefixtures("concurrent_writers")
def test_senders_running_at_once_send_each_email_once(client):
    petition = PetitionFactory()
    for number in range(300):
        sign_json(client, petition, email=f"signer{number}@example.org")

    def send_until_none_owed():
        try:
            while services.verification_emails_send_owed(older_than_seconds=0, limit=25):
                pass
        finally:
            # A thread's connection outlives it: left open, the test database cannot be dropped.
            connections.close_all()

    senders = [threading.Thread(target=send_until_none_owed) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(f"signer{n}@example.org" for n in range(300))


# One email's failure holds back no other ---------------------------------------------------------


def test_refused_address_does_not_hold_back_others(client, settings, smtp_sink):
    refused = "nobody@example.org"
    smtp_sink.replies[refused] = ["550 5.1.1 <nobody@example.org>: Recipient address rejected"]
    petition = PetitionFactory()
    sign_json(client, petition, email=refused)  # owed first: the oldest in the outbox
    others = sign_many(client, petition, 20)

    started = time.monotonic()
    tasks.verification_emails_send_owed_task.delay()  # one outbox run

    assert sorted(smtp_sink.recipients) == sorted(others)
    assert time.monotonic() - started < settings.PETITIONS_OUTBOX_INTERVAL
    parked = Signature.objects.get(email=refused)
    assert parked.verification_email_failed_at is not None
    assert "550 5.1.1" in parked.verification_email_failure
    tasks.verification_emails_send_owed_task.delay()
    assert smtp_sink.rcpt_attempts[refused] == 1  # parked: never tried again


def test_temporary_refusal_is_retried_later_for_that_email_alone(client, settings, smtp_sink):
    settings.PETITIONS_OUTBOX_RETRY_SECONDS = 1
    greylisted = "greylisted@example.org"
    smtp_sink.replies[greylisted] = ["451 4.7.1 Greylisted, try again later"]  # then accepted
    petition = PetitionFactory()
    sign_json(client, petition, email=greylisted)
    others = sign_many(client, petition, 5)

    tasks.verification_emails_send_owed_task.delay()
    assert sorted(smtp_sink.recipients) == sorted(others)
    tasks.verification_emails_send_owed_task.delay()  # too early: it waits for its retry time
    assert smtp_sink.rcpt_attempts[greylisted] == 1
    signature = Signature.objects.get(email=greylisted)
    assert signature.verification_email_failed_at is None
    assert "451 4.7.1" in signature.verification_email_failure

    time.sleep(1.1)
    tasks.verification_emails_send_owed_task.delay()
    assert sorted(smtp_sink.recipients) == sorted([*others, greylisted])


def test_emails_failing_temporarily_too_often_are_parked(client, settings, smtp_sink):
    settings.PETITIONS_OUTBOX_RETRY_SECONDS = 0
    settings.PETITIONS_OUTBOX_MAX_ATTEMPTS = 3
    smtp_sink.replies["leyla@example.org"] = ["452 4.2.2 Mailbox full"] * 5
    sign_json(client, PetitionFactory())
    for _ in range(5):
        tasks.verification_emails_send_owed_task.delay()
    assert smtp_sink.rcpt_attempts["leyla@example.org"] == 3
    signature = Signature.objects.get()
    assert signature.verification_email_failed_at is not None
    assert "452 4.2.2" in signature.verification_email_failure


def test_server_closing_the_connection_on_one_email_does_not_hold_back_others(client, smtp_sink):
    # 421: the server closes the connection; the next email goes over a new one.
    smtp_sink.replies["closer@example.org"] = ["421 4.3.2 Service shutting down"]
    petition = PetitionFactory()
    sign_json(client, petition, email="closer@example.org")
    others = sign_many(client, petition, 5)
    tasks.verification_emails_send_owed_task.delay()
    assert sorted(smtp_sink.recipients) == sorted(others)
    assert Signature.objects.get(email="closer@example.org").verification_email_failed_at is None


def test_bad_address_is_parked_and_does_not_hold_back_others(client, smtp_sink):
    petition = PetitionFactory()
    bad = SignatureFactory(petition=petition, email="leyla@example.org\nBcc: all@example.org")
    others = sign_many(client, petition, 3)
    tasks.verification_emails_send_owed_task.delay()
    assert sorted(smtp_sink.recipients) == sorted(others)
    bad.refresh_from_db()
    assert bad.verification_email_failed_at is not None
    assert "Invalid address" in bad.verification_email_failure


def test_title_with_a_newline_still_gives_a_one_line_subject(client, smtp_sink):
    petition = PetitionFactory(title="Justice for Khojaly\r\nRecognize the genocide")
    sign_json(client, petition)
    tasks.verification_emails_send_owed_task.delay()
    assert smtp_sink.recipients == ["leyla@example.org"]
    assert [message["Subject"] for _recipients, message in smtp_sink.messages] == [
        "Please confirm your signature: Justice for Khojaly Recognize the genocide"
    ]


# Time stamps come from the database's clock -----------------------------------------------------


def test_web_node_whose_clock_runs_ahead_gets_its_email_sent_at_once(client, monkeypatch):
    petition = PetitionFactory()
    node_clock = timezone.now
    with monkeypatch.context() as web_node:
        web_node.setattr(timezone, "now", lambda: node_clock() + datetime.timedelta(seconds=300))
        assert sign_json(client, petition).status_code == 202
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1


# A killed sender ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("concurrent_writers")  # the sender is another process: PostgreSQL
def test_sender_killed_mid_batch_sends_at_most_one_email_twice(client, settings, smtp_sink):
    settings.PETITIONS_OUTBOX_CLAIM_SECONDS = 1
    addresses = sign_many(client, PetitionFactory(), 100)
    # Killed while the server takes its 35th email: the server has it, the sender never knew.
    smtp_sink.on_message = lambda received: received == 35 and sender.kill()
    sender = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from petitions import services; "
            "services.verification_emails_send_owed(older_than_seconds=0, limit=200)",
        ],
        cwd=django_settings.BASE_DIR,
        env=os.environ
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url_of_the_test_database(),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": settings.EMAIL_HOST,
            "EMAIL_PORT": str(settings.EMAIL_PORT),
            "PETITIONS_OUTBOX_CLAIM_SECONDS": "1",
        },
    )
    assert sender.wait(timeout=60) == -signal.SIGKILL
    smtp_sink.on_message = None
    assert len(smtp_sink.recipients) == 35

    time.sleep(1.1)  # the dead sender's claim expires
    tasks.verification_emails_send_owed_task.delay()
    received = Counter(smtp_sink.recipients)
    assert set(received) == set(addresses)
    assert sum(received.values()) - len(addresses) <= 1
