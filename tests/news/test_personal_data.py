"""Rights of the person cover the news too: a person's export lists the news emails sent to the
mailbox, and erasing the person deletes them."""

import pytest

from news.models import NewsEmail
from news.services.sending import news_send_start
from news.services.unsubscribing import news_unsubscribe
from petitions.services.personal_data import personal_data_erase, personal_data_export
from tests.factories import PetitionFactory, UserFactory
from tests.news.helpers import PostFactory, consenting_signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_news():
    petition = PetitionFactory()
    consenting_signer(petition, "Leyla+news@example.org")
    consenting_signer(petition, "emre@example.org")
    post = PostFactory(title="The exhibition opens in Paris")
    news_send_start(post=post, petitions=[petition], started_by=UserFactory())
    return post


def test_a_persons_export_lists_the_news_emails_of_the_mailbox(sent_news):
    news_unsubscribe(email_normalized="leyla@example.org")
    _record, document = personal_data_export(email="leyla@example.org", requested_by=UserFactory())
    (email,) = document["news_emails"]
    assert (email["post"], email["address"]) == (
        "The exhibition opens in Paris",
        "Leyla+news@example.org",
    )
    assert document["news_unsubscribed_at"] is not None


def test_erasing_a_person_deletes_the_news_emails_of_the_mailbox_only(sent_news):
    personal_data_erase(email="LEYLA@example.org", requested_by=UserFactory())
    assert list(NewsEmail.objects.values_list("email", flat=True)) == ["emre@example.org"]
