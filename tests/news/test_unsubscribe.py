"""Unsubscribing from the news: by the link or the mail provider's one-click POST, at once."""

import pytest
from django.core import mail
from django.test import Client

from news import services, tasks
from news.models import NewsEmail, NewsUnsubscription
from petitions.models import Signature
from petitions.reporting.selectors import consenting_signers
from tests.factories import PetitionFactory, UserFactory
from tests.news.helpers import PostFactory, consenting_signer, unsubscribe_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def petitions():
    truth, justice = PetitionFactory(), PetitionFactory()
    consenting_signer(truth, "leyla@example.org")
    consenting_signer(justice, "Leyla+news@example.org")
    consenting_signer(truth, "zoe@example.org")
    return [truth, justice]


def send_post(petitions):
    services.news_send_start(
        post=PostFactory(), petitions=petitions, started_by=UserFactory(username="editor")
    )
    tasks.news_emails_send_due_task.delay()


def received_by(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def leylas_link(petitions):
    send_post(petitions)
    (message,) = received_by("Leyla+news@example.org")
    mail.outbox.clear()
    return unsubscribe_path(message)


def one_click(link):
    """What a mail provider's unsubscribe button does (RFC 8058): no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def test_the_email_links_to_its_unsubscribe_page(leylas_link, petitions):
    send_post(petitions)
    (message,) = received_by("Leyla+news@example.org")
    assert unsubscribe_path(message) in message.body


def test_opening_the_link_asks_before_unsubscribing(client, leylas_link):
    page = client.get(leylas_link)
    assert page.status_code == 200
    assert "Stop sending campaign news to L***@e***.org?" in page.content.decode()
    assert "leyla" not in leylas_link.lower()
    assert not NewsUnsubscription.objects.exists()
    assert Signature.objects.filter(consent_to_updates=True).count() == 3


@pytest.mark.parametrize("how", ["one-click POST", "the page's button"])
def test_a_person_who_unsubscribes_gets_no_further_news(how, client, leylas_link, petitions):
    if how == "one-click POST":
        response = one_click(leylas_link)
    else:
        response = Client(enforce_csrf_checks=True).post(leylas_link)
    assert response.status_code == 200
    assert "We will send no more campaign news to L***@e***.org." in response.content.decode()

    send_post(petitions)
    assert received_by("Leyla+news@example.org") == received_by("leyla@example.org") == []
    assert len(received_by("zoe@example.org")) == 1


def test_unsubscribing_withdraws_the_consent_of_every_signature_of_the_mailbox(
    leylas_link, petitions
):
    one_click(leylas_link)
    assert not Signature.objects.filter(
        email_normalized="leyla@example.org", consent_to_updates=True
    )
    for petition in petitions:
        exported = [email for _name, email, *_rest in consenting_signers(petition=petition)]
        assert not [address for address in exported if address.lower().startswith("leyla")]
    assert NewsUnsubscription.objects.get().email_normalized == "leyla@example.org"


def test_unsubscribing_cancels_the_emails_waiting_at_once(leylas_link, petitions):
    services.news_send_start(
        post=PostFactory(), petitions=petitions, started_by=UserFactory(username="editor")
    )
    one_click(leylas_link)
    assert NewsEmail.objects.get(
        email_normalized="leyla@example.org", status__in=["queued", "cancelled"]
    ).status == ("cancelled")
    tasks.news_emails_send_due_task.delay()
    assert received_by("Leyla+news@example.org") == []


def test_unsubscribing_twice_is_fine(leylas_link):
    assert one_click(leylas_link).status_code == 200
    assert one_click(leylas_link).status_code == 200
    assert NewsUnsubscription.objects.count() == 1


def test_a_later_signature_that_asks_for_news_gets_it_again(leylas_link, petitions):
    one_click(leylas_link)
    consenting_signer(PetitionFactory(), "leyla@example.org")
    petition = Signature.objects.latest("created_at").petition
    send_post([petition])
    assert len(received_by("leyla@example.org")) == 1


def test_a_changed_link_is_refused(client, leylas_link):
    token = leylas_link.split("/")[4]
    forged = leylas_link.replace(token, "1" + token[1:] if token[0] != "1" else "2" + token[1:])
    for response in (client.get(forged), one_click(forged), client.get("/en/news/unsubscribe/x/")):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not NewsUnsubscription.objects.exists()
