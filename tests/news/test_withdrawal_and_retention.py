"""A withdrawn signature takes its waiting news emails with it, unless the mailbox still asks for
news through another signature; the retention deletes the emails of sendings long finished."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from news import tasks
from news.models import NewsEmail, NewsSend
from news.services.sending import news_send_start
from petitions.models import RetentionRun
from petitions.services import retention_apply, signature_withdraw
from tests.factories import PetitionFactory, UserFactory
from tests.news.helpers import PostFactory, consenting_signer

pytestmark = pytest.mark.django_db


def received_by(address):
    tasks.news_emails_send_due_task.delay()
    return [message for message in mail.outbox if message.to == [address]]


def test_a_withdrawn_signature_is_sent_no_news_waiting_for_it():
    petition = PetitionFactory()
    leyla = consenting_signer(petition, "leyla@example.org")
    consenting_signer(petition, "zoe@example.org")
    news_send_start(post=PostFactory(), petitions=[petition], started_by=UserFactory())

    signature_withdraw(signature_id=leyla.pk)

    assert received_by("leyla@example.org") == []
    assert len(received_by("zoe@example.org")) == 1
    assert NewsEmail.objects.get(email_normalized="leyla@example.org").status == "cancelled"


def test_news_still_goes_to_a_mailbox_that_asks_for_it_through_another_signature():
    first, second = PetitionFactory(), PetitionFactory()
    leyla = consenting_signer(first, "leyla@example.org")
    consenting_signer(second, "leyla@example.org")
    news_send_start(post=PostFactory(), petitions=[first, second], started_by=UserFactory())

    signature_withdraw(signature_id=leyla.pk)

    assert len(received_by("leyla@example.org")) == 1


def test_retention_deletes_the_news_emails_of_sendings_finished_long_ago(settings):
    petition = PetitionFactory()
    consenting_signer(petition, "leyla@example.org")
    old, recent = (
        news_send_start(post=PostFactory(), petitions=[petition], started_by=UserFactory())
        for _ in range(2)
    )
    received_by("leyla@example.org")
    long_ago = settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS + 1
    NewsSend.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=long_ago)
    )
    NewsSend.objects.filter(pk=recent.pk).update(finished_at=timezone.now())

    retention_apply(trigger=RetentionRun.Trigger.COMMAND)

    assert not NewsEmail.objects.filter(send=old).exists()
    assert NewsEmail.objects.filter(send=recent).count() == 1
    assert NewsSend.objects.filter(pk=old.pk).exists()  # the record of the sending stays
