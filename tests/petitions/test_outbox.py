"""With the outbox, signing only records the email owed; beat's task sends it in batches."""

import datetime
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db.models import Q
from django.utils import timezone

from petitions import services, tasks
from petitions.models import Signature
from tests.factories import PetitionFactory, SignatureFactory, UserFactory, verified_signature
from tests.petitions.helpers import sign_json, verification_links

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"


class SmtpSink:
    """A real SMTP server on loopback that keeps the recipients of each connection."""

    def __init__(self):
        self.recipients_by_session = {}

    async def handle_DATA(self, server, session, envelope):
        self.recipients_by_session.setdefault(id(session), []).extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    @property
    def recipients(self):
        return [r for rcpts in self.recipients_by_session.values() for r in rcpts]


@pytest.fixture
def smtp_sink(settings, free_port):
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port
    yield sink
    controller.stop()


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
    assert sorted(len(r) for r in smtp_sink.recipients_by_session.values()) == [20, 40, 40]
    assert not Signature.objects.filter(
        Q(verification_email_sent_at__isnull=True) | Q(verification_email_claimed_at__isnull=False)
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
    Signature.objects.update(verification_email_claimed_at=timezone.now())
    tasks.verification_emails_send_owed_task.delay()
    assert mail.outbox == []  # the claim holds: no second sender while the first may be alive

    Signature.objects.update(
        verification_email_claimed_at=timezone.now() - datetime.timedelta(seconds=301)
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
        while services.verification_emails_send_owed(older_than_seconds=0, limit=25):
            pass

    senders = [threading.Thread(target=send_until_none_owed) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(f"signer{n}@example.org" for n in range(300))
