"""Opening the emailed link: verified exactly once, replay-safe, expiry with a fresh link."""

import pytest
from django.core import mail
from django.utils import timezone

from petitions.models import Signature
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
    assert client.get(f"/verify/{forged}/").status_code == 404
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
    assert "http://127.0.0.1:8000/verify/" in message.body
