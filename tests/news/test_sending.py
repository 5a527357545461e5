"""Sending a post to consenting signers: one email per mailbox, through the outbox, each once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from news import services, tasks
from news.models import NewsEmail, NewsSend, Post
from petitions.models import Signature
from tests.factories import PetitionFactory, SignatureFactory, UserFactory, verified_signature
from tests.news.helpers import PostFactory, consenting_signer, unsubscribe_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff():
    return UserFactory(username="editor", email="editor@example.org")


def send_to(petitions, post=None, staff=None):
    return services.news_send_start(
        post=post or PostFactory(),
        petitions=petitions,
        started_by=staff or UserFactory(username="editor"),
    )


def emails_of(send):
    return sorted(send.emails.values_list("email", flat=True))


def run_outbox():
    tasks.news_emails_send_due_task.delay()


def test_a_sending_writes_one_email_per_mailbox_whatever_petitions_it_signed():
    truth, justice, other = PetitionFactory(), PetitionFactory(), PetitionFactory()
    consenting_signer(truth, "leyla@example.org")
    consenting_signer(justice, "Leyla+news@EXAMPLE.org")  # the same mailbox
    consenting_signer(justice, "zoe@example.org")
    verified_signature(petition=truth, email="no-consent@example.org")
    SignatureFactory(petition=truth, email="unverified@example.org", consent_to_updates=True)
    invalidated = consenting_signer(truth, "fraud@example.org")
    Signature.objects.filter(pk=invalidated.pk).update(invalidated_at=timezone.now())
    consenting_signer(other, "other-petition@example.org")

    send = send_to([truth, justice])

    assert send.recipient_count == 2
    assert sorted(send.emails.values_list("email_normalized", flat=True)) == [
        "leyla@example.org",
        "zoe@example.org",
    ]


def test_a_mailbox_gets_the_address_of_its_latest_signature():
    truth, justice = PetitionFactory(), PetitionFactory()
    consenting_signer(truth, "leyla@example.org")
    consenting_signer(justice, "Leyla+news@example.org")
    assert emails_of(send_to([truth, justice])) == ["Leyla+news@example.org"]


def test_each_person_gets_the_news_in_the_language_he_or_she_signed_in():
    truth = PetitionFactory()
    consenting_signer(truth, "leyla@example.org", language="az")
    consenting_signer(truth, "camille@example.org", language="fr")
    consenting_signer(truth, "jonas@example.org", language="de")  # no German text: English
    post = PostFactory(
        title_en="The exhibition opens in Paris",
        title_az="Sərgi Parisdə açılır",
        title_fr="L'exposition ouvre à Paris",
        text_en="Come and see it.",
    )
    send_to([truth], post=post)
    run_outbox()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "Sərgi Parisdə açılır" in subjects["leyla@example.org"]
    assert "L'exposition ouvre à Paris" in subjects["camille@example.org"]
    assert "The exhibition opens in Paris" in subjects["jonas@example.org"]
    links = {message.to[0]: unsubscribe_path(message) for message in mail.outbox}
    assert links["leyla@example.org"].startswith("/az/news/unsubscribe/")
    assert links["camille@example.org"].startswith("/fr/news/unsubscribe/")


def test_a_second_sending_of_a_post_leaves_out_those_it_reached():
    truth, justice = PetitionFactory(), PetitionFactory()
    consenting_signer(truth, "leyla@example.org")
    consenting_signer(justice, "leyla@example.org")
    consenting_signer(justice, "zoe@example.org")
    post = PostFactory()
    send_to([truth], post=post)
    assert emails_of(send_to([justice], post=post)) == ["zoe@example.org"]
    assert emails_of(send_to([justice])) == ["leyla@example.org", "zoe@example.org"]


def test_only_a_published_post_can_be_sent():
    petition = PetitionFactory()
    consenting_signer(petition, "leyla@example.org")
    draft = PostFactory(status=Post.Status.DRAFT)
    scheduled = PostFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    for post in (draft, scheduled):
        with pytest.raises(services.NewsSendRefused):
            send_to([petition], post=post)
    assert not NewsSend.objects.exists()


def test_the_outbox_sends_each_email_once_with_one_click_unsubscribe_headers(settings, smtp_server):
    settings.NEWS_OUTBOX_BATCH_SIZE = 8
    petition = PetitionFactory()
    for number in range(20):
        consenting_signer(petition, f"signer{number}@example.org")
    post = PostFactory(title="The exhibition opens")
    send = send_to([petition], post=post)

    run_outbox()
    run_outbox()  # nothing is due any more

    assert sorted(smtp_server.recipients) == sorted(f"signer{n}@example.org" for n in range(20))
    for _recipients, message in smtp_server.messages:
        assert message["Subject"] == "The exhibition opens"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        path = unsubscribe_path(message)
        assert path in message.get_content()
        assert "signer" not in path  # the link names no address
    message_ids = {message["Message-ID"] for _recipients, message in smtp_server.messages}
    assert len(message_ids) == 20
    send.refresh_from_db()
    assert (send.sent_count, send.failed_count, send.cancelled_count) == (20, 0, 0)
    assert send.finished_at is not None


def test_refused_address_does_not_hold_back_others(smtp_server):
    petition = PetitionFactory()
    for address in ["a@example.org", "refused@example.org", "b@example.org"]:
        consenting_signer(petition, address)
    smtp_server.replies["refused@example.org"] = ["550 5.1.1 No such mailbox"]
    send = send_to([petition])

    run_outbox()

    assert sorted(smtp_server.recipients) == ["a@example.org", "b@example.org"]
    refused = send.emails.get(email="refused@example.org")
    assert refused.status == NewsEmail.Status.FAILED
    assert refused.failure == "550 5.1.1 No such mailbox"
    send.refresh_from_db()
    assert (send.sent_count, send.failed_count) == (2, 1)


def test_an_address_refused_for_now_is_tried_again_alone_later(smtp_server):
    petition = PetitionFactory()
    for address in ["a@example.org", "later@example.org", "b@example.org"]:
        consenting_signer(petition, address)
    smtp_server.replies["later@example.org"] = ["451 4.7.1 Try again later"] * 2
    send = send_to([petition])

    run_outbox()
    assert sorted(smtp_server.recipients) == ["a@example.org", "b@example.org"]
    later = send.emails.get(email="later@example.org")
    assert (later.status, later.attempts, later.failure) == (
        "queued",
        1,
        "451 4.7.1 Try again later",
    )
    delay = later.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < delay <= datetime.timedelta(seconds=60)
    run_outbox()  # not due yet
    assert len(smtp_server.recipients) == 2

    send.emails.filter(pk=later.pk).update(next_attempt_at=timezone.now())
    run_outbox()
    later.refresh_from_db()
    delay = later.next_attempt_at - timezone.now()
    assert later.attempts == 2
    assert datetime.timedelta(seconds=110) < delay <= datetime.timedelta(seconds=120)

    send.emails.filter(pk=later.pk).update(next_attempt_at=timezone.now())
    run_outbox()
    assert sorted(smtp_server.recipients) == ["a@example.org", "b@example.org", "later@example.org"]
    later.refresh_from_db()
    assert (later.status, later.attempts, later.failure) == ("sent", 3, "")
    send.refresh_from_db()
    assert send.sent_count == 3


def test_an_address_refused_for_now_every_time_is_failed_after_the_last_attempt(
    settings, smtp_server
):
    settings.NEWS_EMAIL_MAX_ATTEMPTS = 2
    petition = PetitionFactory()
    consenting_signer(petition, "later@example.org")
    smtp_server.replies["later@example.org"] = ["452 4.2.2 Mailbox full"] * 5
    send = send_to([petition])

    run_outbox()
    send.emails.update(next_attempt_at=timezone.now())
    run_outbox()

    email = send.emails.get()
    assert email.status == NewsEmail.Status.FAILED
    assert email.failure == "Gave up after 2 attempts: 452 4.2.2 Mailbox full"
    assert smtp_server.recipients == []


def test_a_lost_connection_delays_only_the_email_it_cut(smtp_server):
    petition = PetitionFactory()
    for address in ["a@example.org", "cut@example.org", "b@example.org", "c@example.org"]:
        consenting_signer(petition, address)
    # 421: the server closes the connection.
    smtp_server.replies["cut@example.org"] = ["421 4.3.2 Shutting down"]
    send = send_to([petition])

    services.news_emails_send_due(limit=10)

    untried = send.emails.exclude(email__in=smtp_server.recipients).exclude(email="cut@example.org")
    assert all(email.attempts == 0 and email.claim is None for email in untried)
    cut = send.emails.get(email="cut@example.org")
    assert (cut.status, cut.attempts) == ("queued", 1)
    services.news_emails_send_due(limit=10)  # the rest now; "cut" a minute later
    assert sorted(smtp_server.recipients) == ["a@example.org", "b@example.org", "c@example.org"]


def test_a_mail_server_out_of_reach_loses_no_email(settings, smtp_server, free_port):
    petition = PetitionFactory()
    consenting_signer(petition, "leyla@example.org")
    send = send_to([petition])
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port + 1 if free_port + 1 != port else free_port + 2

    run_outbox()
    email = send.emails.get()
    assert (email.status, email.attempts, email.claim) == ("queued", 0, None)

    settings.EMAIL_PORT = port
    run_outbox()
    assert smtp_server.recipients == ["leyla@example.org"]


def test_sending_every_email_due_stops_when_the_mail_server_is_out_of_reach(settings, free_port):
    # As without a broker: a sending's emails, more than a batch, all at once; no server listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port, 5
    settings.NEWS_OUTBOX_BATCH_SIZE = 2
    petition = PetitionFactory()
    for number in range(5):
        consenting_signer(petition, f"signer{number}@example.org")
    send = send_to([petition])

    def send_every_email():
        try:
            tasks.news_emails_send_due_task.delay(every_email=True)
        finally:
            connection.close()  # this thread's own

    sender = threading.Thread(target=send_every_email, daemon=True)
    sender.start()
    sender.join(timeout=10)

    assert not sender.is_alive()  # it used to try again and again, forever
    statuses = set(send.emails.values_list("status", "attempts", "claim"))
    assert statuses == {("queued", 0, None)}  # all left for the next run


def test_emails_held_by_a_sender_that_died_are_sent_once_its_claim_expires(settings):
    settings.NEWS_EMAIL_CLAIM_SECONDS = 300
    petition = PetitionFactory()
    consenting_signer(petition, "leyla@example.org")
    send = send_to([petition])
    # A sender claimed the email, then was killed before it could send it.
    send.emails.update(claimed_at=timezone.now())
    run_outbox()
    assert mail.outbox == []  # the claim holds while its sender may be alive

    send.emails.update(claimed_at=timezone.now() - datetime.timedelta(seconds=301))
    run_outbox()
    run_outbox()
    assert [message.to for message in mail.outbox] == [["leyla@example.org"]]


def test_the_rate_setting_paces_the_sending(settings):
    settings.NEWS_EMAILS_PER_MINUTE = 60
    settings.NEWS_OUTBOX_INTERVAL = 5  # so each run may send 60 * 5 / 60 = 5
    settings.NEWS_OUTBOX_BATCH_SIZE = 2
    petition = PetitionFactory()
    for number in range(12):
        consenting_signer(petition, f"signer{number}@example.org")
    send_to([petition])

    run_outbox()
    assert len(mail.outbox) == 5
    run_outbox()
    assert len(mail.outbox) == 10
    run_outbox()
    assert len(mail.outbox) == 12


def test_stopping_a_sending_cancels_the_emails_not_sent(settings):
    petition = PetitionFactory()
    for number in range(3):
        consenting_signer(petition, f"signer{number}@example.org")
    send = send_to([petition])
    services.news_send_stop(send=send)
    run_outbox()
    assert mail.outbox == []
    send.refresh_from_db()
    assert (send.sent_count, send.cancelled_count) == (0, 3)


@pytest.mark.usefixtures("concurrent_writers")
def test_senders_running_at_once_send_each_email_once():
    petition = PetitionFactory()
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            name=f"Signer {number}",
            email=f"signer{number}@example.org",
            email_normalized=f"signer{number}@example.org",
            country="AZ",
            consent_to_updates=True,
            verified_at=timezone.now(),
        )
        for number in range(300)
    )
    send_to([petition])

    def send_until_none_due():
        try:
            while services.news_emails_send_due(limit=25):
                pass
        finally:
            connection.close()  # this thread's own

    senders = [threading.Thread(target=send_until_none_due) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    recipients = [message.to[0] for message in mail.outbox]
    assert sorted(recipients) == sorted(f"signer{n}@example.org" for n in range(300))
