"""The verification email owed is kept in the database, so no signer goes without one."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from petitions import tasks
from petitions.models import Signature
from tests.factories import PetitionFactory
from tests.petitions.helpers import sign_json, verification_links

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def verification_email_per_task(settings):
    """The per-signature task mode (the default without Redis), tested on purpose here."""
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "task"


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.verification_email_send_task, "delay", refuse)


def age_requests(minutes):
    past = timezone.now() - datetime.timedelta(minutes=minutes)
    Signature.objects.update(verification_email_requested_at=past)


def test_signer_is_accepted_when_the_broker_is_down(client, broker_down):
    petition = PetitionFactory()
    response = sign_json(client, petition)
    assert response.status_code == 202
    assert Signature.objects.filter(petition=petition).count() == 1
    assert mail.outbox == []


def test_sweep_sends_the_email_that_could_not_be_enqueued(client, broker_down, monkeypatch):
    petition = PetitionFactory()
    sign_json(client, petition)
    monkeypatch.undo()  # the broker is back
    age_requests(minutes=2)
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1
    tasks.verification_emails_send_owed_task.delay()  # nothing is owed any more
    assert len(verification_links("leyla@example.org")) == 1


def test_sweep_leaves_fresh_requests_to_their_own_task(client, broker_down, monkeypatch):
    petition = PetitionFactory()
    sign_json(client, petition)
    monkeypatch.undo()
    tasks.verification_emails_send_owed_task.delay()
    assert mail.outbox == []


def test_failed_delivery_keeps_the_email_owed(client, settings):
    petition = PetitionFactory()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = sign_json(client, petition)  # the SMTP server refuses; the signer is still fine
    assert response.status_code == 202
    signature = Signature.objects.get()
    assert signature.verification_email_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age_requests(minutes=2)
    tasks.verification_emails_send_owed_task.delay()
    assert len(verification_links("leyla@example.org")) == 1


def test_task_for_a_signature_that_no_longer_needs_an_email_sends_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    client.post(verification_links("leyla@example.org")[0])
    mail.outbox.clear()
    tasks.verification_email_send_task.delay(Signature.objects.get().pk)
    tasks.verification_email_send_task.delay(987654321)
    assert mail.outbox == []


def test_signing_again_queues_a_task_as_signing_first_does_and_emails_once(client, monkeypatch):
    # A request that talked to the broker only for a new signer would tell, by its time, who has
    # signed. The repeated signer's task finds no email owed (its claim) and sends nothing.
    queued = []
    send = tasks.verification_email_send_task.delay

    def spy(signature_id):
        queued.append(signature_id)
        return send(signature_id)

    monkeypatch.setattr(tasks.verification_email_send_task, "delay", spy)
    petition = PetitionFactory()
    assert sign_json(client, petition).status_code == 202
    assert sign_json(client, petition).status_code == 202
    signature = Signature.objects.get()
    assert queued == [signature.pk, signature.pk]
    assert len(verification_links("leyla@example.org")) == 1
