"""Opening the emailed link: verified exactly once, replay-safe, expiry with a fresh link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from petitions.models import Petition, Signature
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory
from tests.petitions.helpers import only_verification_link, sign_json, verification_links

# Real commits: the verification email is queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def count_of(client, petition):
    return client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"]


def test_opening_the_link_verifies_and_counts_the_signature(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    response = client.get(only_verification_link("leyla@example.org"))
    assert response.status_code == 200
    assert "your signature is confirmed" in response.content.decode()
    assert Signature.objects.get().verified_at is not None
    assert count_of(client, petition) == 1


def test_unverified_signatures_do_not_count(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    assert count_of(client, petition) == 0


def test_replayed_link_counts_nothing_and_says_already_confirmed(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    client.get(link)  # a mail scanner opens it first
    response = client.get(link)  # then the supporter clicks
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert count_of(client, petition) == 1


def test_tampered_link_is_refused_and_counts_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert Signature.objects.get().verified_at is None


def test_a_token_of_another_purpose_does_not_verify(client):
    from django.core import signing

    signature = SignatureFactory()
    forged = signing.TimestampSigner(salt="petitions.unsubscribe").sign(
        signing.b62_encode(signature.pk)
    )
    assert client.get(f"/en/verify/{forged}/").status_code == 404
    signature.refresh_from_db()
    assert signature.verified_at is None


def test_token_does_not_hold_the_email_address():
    signature = SignatureFactory(email="leyla@example.org")
    token = verification_tokens.make_token(signature.pk)
    assert "leyla" not in token


def test_expired_link_offers_a_new_one_that_works(client, settings):
    petition = PetitionFactory()
    sign_json(client, petition)
    old_link = only_verification_link("leyla@example.org")
    settings.PETITIONS_VERIFICATION_MAX_AGE = -1  # every link is now older than allowed
    response = client.get(old_link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Signature.objects.get().verified_at is None

    Signature.objects.update(verification_email_requested_at=None)  # past the resend interval
    response = client.post(old_link + "resend/")
    assert response.status_code == 200
    links = verification_links("leyla@example.org")
    assert len(links) == 2

    settings.PETITIONS_VERIFICATION_MAX_AGE = 3600
    assert "your signature is confirmed" in client.get(links[-1]).content.decode()
    assert count_of(client, petition) == 1


def test_expired_link_of_a_confirmed_signature_still_says_confirmed(client, settings):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    client.get(link)
    settings.PETITIONS_VERIFICATION_MAX_AGE = -1
    response = client.get(link)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()


def test_link_of_an_invalidated_signature_counts_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    Signature.objects.update(invalidated_at=timezone.now())
    response = client.get(only_verification_link("leyla@example.org"))
    assert response.status_code == 404
    assert count_of(client, petition) == 0


def test_email_names_the_petition_and_carries_the_link(client):
    petition = PetitionFactory(title="Recognize the truth")
    sign_json(client, petition, name="Leyla Aliyeva")
    (message,) = mail.outbox
    assert message.to == ["leyla@example.org"]
    assert "Recognize the truth" in message.subject
    assert "Dear Leyla Aliyeva" in message.body
    assert "http://127.0.0.1:8000/en/verify/" in message.body


# Closing: a signature counts if made before the closing date and confirmed while its link is
# valid; the count is settled PETITIONS_VERIFICATION_MAX_AGE after closing.


def close(petition, **fields):
    """Close a petition in the database, as an organizer does in the admin."""
    Petition.objects.filter(pk=petition.pk).update(**fields)


def test_signature_made_before_closing_counts_when_confirmed_after_it(client):
    petition = PetitionFactory(closes_at=timezone.now() + timedelta(hours=1))
    sign_json(client, petition)
    close(petition, closes_at=timezone.now())
    response = client.get(only_verification_link("leyla@example.org"))
    assert "your signature is confirmed" in response.content.decode()
    assert count_of(client, petition) == 1


def test_signature_made_after_the_closing_date_never_counts(client):
    petition = PetitionFactory(closes_at=timezone.now() - timedelta(minutes=1))
    signature = SignatureFactory(petition=petition)  # however it got in
    response = client.get(f"/en/verify/{verification_tokens.make_token(signature.pk)}/")
    assert response.status_code == 410
    assert "This petition is closed" in response.content.decode()
    assert Signature.objects.get().verified_at is None
    assert count_of(client, petition) == 0


def test_signature_taken_by_a_process_that_read_the_petition_before_it_closed_never_counts(
    client, settings
):
    settings.PETITIONS_LOCAL_CACHE_SECONDS = 60  # the second a process keeps the petition, longer
    petition = PetitionFactory(closes_at=timezone.now() + timedelta(hours=1))
    client.get(f"/en/p/{petition.slug}/")  # this process now remembers it open until the hour
    close(petition, closes_at=timezone.now())
    assert sign_json(client, petition).status_code == 202
    response = client.get(only_verification_link("leyla@example.org"))
    assert response.status_code == 410
    assert count_of(client, petition) == 0


def test_link_opened_after_the_count_is_settled_counts_nothing(client, settings):
    closed_at = timezone.now() - timedelta(seconds=settings.PETITIONS_VERIFICATION_MAX_AGE + 60)
    petition = PetitionFactory(closes_at=closed_at)
    signature = SignatureFactory(petition=petition, created_at=closed_at - timedelta(days=1))
    # A link sent after closing (an email owed at closing that went out late) is still valid.
    response = client.get(f"/en/verify/{verification_tokens.make_token(signature.pk)}/")
    assert response.status_code == 410
    assert "This petition is closed" in response.content.decode()
    assert count_of(client, petition) == 0


@pytest.mark.parametrize(
    "closing",
    [lambda: {"closes_at": timezone.now()}, lambda: {"state": Petition.State.CLOSED}],
    ids=["closing date passed", "closed by hand"],
)
def test_expired_link_of_a_closed_petition_offers_no_new_one_and_sends_none(
    client, settings, closing
):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    close(petition, **closing())
    settings.PETITIONS_VERIFICATION_MAX_AGE = -1  # every link is now older than allowed
    response = client.get(link)
    assert response.status_code == 410
    assert "This petition is closed" in response.content.decode()
    assert "Send me a new link" not in response.content.decode()

    Signature.objects.update(verification_email_requested_at=None)  # past the resend interval
    response = client.post(link + "resend/")
    assert response.status_code == 410
    assert "This petition is closed" in response.content.decode()
    assert len(verification_links("leyla@example.org")) == 1


def test_petition_closed_by_hand_still_counts_the_links_already_sent(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    close(petition, state=Petition.State.CLOSED)
    response = client.get(only_verification_link("leyla@example.org"))
    assert "your signature is confirmed" in response.content.decode()
    assert count_of(client, petition) == 1
