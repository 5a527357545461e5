"""The emailed link: opening it changes nothing, its button confirms exactly once; expiry."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from petitions.models import Petition, Signature
from petitions.tokens import verification_tokens, withdrawal_tokens
from tests.factories import PetitionFactory, SignatureFactory
from tests.petitions.helpers import (
    confirm,
    emails_sent,
    only_verification_link,
    sign_json,
    verification_links,
)

# Real commits: the verification email is queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def count_of(client, petition):
    return client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"]


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_opening_the_link_changes_nothing(client, method):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    for _ in range(3):  # a mail gateway's scanner, a preview, the supporter
        getattr(client, method)(link)
    assert Signature.objects.get().verified_at is None
    assert count_of(client, petition) == 0


def test_opening_the_link_shows_what_it_confirms_and_a_button_without_any_script(client):
    petition = PetitionFactory(title="Recognize the truth")
    sign_json(client, petition, email="Leyla.Aliyeva@mail.example.org", country="FR")
    link = only_verification_link("Leyla.Aliyeva@mail.example.org")
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Recognize the truth" in page
    assert "L***@m***.org" in page
    assert "Leyla.Aliyeva" not in page
    assert "France" in page
    assert f'<form class="confirm" method="post" action="{link}">' in page
    assert "Confirm my signature" in page
    assert "<script" not in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_pressing_the_button_verifies_and_counts_the_signature(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    response = confirm(client, only_verification_link("leyla@example.org"))
    assert response.status_code == 200
    assert "your signature is confirmed" in response.content.decode()
    assert Signature.objects.get().verified_at is not None
    assert count_of(client, petition) == 1


def test_the_button_needs_no_csrf_cookie_the_token_authorizes_it():
    browser_without_cookies = Client(enforce_csrf_checks=True)
    petition = PetitionFactory()
    sign_json(browser_without_cookies, petition)
    response = confirm(browser_without_cookies, only_verification_link("leyla@example.org"))
    assert response.status_code == 200
    assert count_of(browser_without_cookies, petition) == 1


def test_confirmed_link_opened_again_says_so_and_counts_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    confirm(client, link)
    response = client.get(link)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert "Confirm my signature" not in response.content.decode()
    assert count_of(client, petition) == 1


def test_unverified_signatures_do_not_count(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    assert count_of(client, petition) == 0


def test_pressing_the_button_again_counts_nothing_and_says_already_confirmed(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    confirm(client, link)
    response = confirm(client, link)  # a second press, a reload of the answer
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert count_of(client, petition) == 1


def test_tampered_link_is_refused_and_counts_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    assert client.get(link[:-3] + "xx/").status_code == 404
    response = confirm(client, link[:-3] + "xx/")
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
    assert confirm(client, f"/en/verify/{forged}/").status_code == 404
    signature.refresh_from_db()
    assert signature.verified_at is None


def test_the_link_of_a_withdrawn_signature_is_not_valid(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    withdrawal = withdrawal_tokens.make_token(Signature.objects.get().pk)
    assert client.post(f"/en/withdraw/{withdrawal}/").status_code == 200
    for response in (client.get(link), confirm(client, link)):
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    assert not Signature.objects.exists()
    assert count_of(client, petition) == 0


def test_expired_link_offers_a_new_one_that_works(settings):
    # A mail client's in-app browser may drop cookies between the page and its button: asking
    # for a new link needs none, as confirming needs none (the token in the link authorizes).
    client = Client(enforce_csrf_checks=True)
    petition = PetitionFactory()
    sign_json(client, petition)
    old_link = only_verification_link("leyla@example.org")
    settings.PETITIONS_VERIFICATION_MAX_AGE = -1  # every link is now older than allowed
    assert confirm(client, old_link).status_code == 410
    response = client.get(old_link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert Signature.objects.get().verified_at is None

    client.cookies.clear()
    Signature.objects.update(verification_email_requested_at=None)  # past the resend interval
    response = client.post(old_link + "resend/")
    assert response.status_code == 200
    links = verification_links("leyla@example.org")
    assert len(links) == 2

    settings.PETITIONS_VERIFICATION_MAX_AGE = 3600
    assert "Confirm my signature" in client.get(links[-1]).content.decode()
    assert "your signature is confirmed" in confirm(client, links[-1]).content.decode()
    assert count_of(client, petition) == 1


def test_expired_link_of_a_confirmed_signature_still_says_confirmed(client, settings):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    confirm(client, link)
    settings.PETITIONS_VERIFICATION_MAX_AGE = -1
    response = client.get(link)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()


def test_link_of_an_invalidated_signature_counts_nothing(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    Signature.objects.update(invalidated_at=timezone.now())
    assert client.get(link).status_code == 404
    response = confirm(client, link)
    assert response.status_code == 404
    assert count_of(client, petition) == 0


def test_email_names_the_petition_and_carries_the_link(client):
    petition = PetitionFactory(title="Recognize the truth")
    sign_json(client, petition, name="Leyla Aliyeva")
    (message,) = emails_sent()
    assert message.to == ["leyla@example.org"]
    assert "Recognize the truth" in message.subject
    assert "Dear Leyla Aliyeva" in message.body
    assert "http://127.0.0.1:8000/en/verify/" in message.body
    assert 'open this link and press the button "Confirm my signature"' in message.body


# Closing: a signature counts if made before the closing date and confirmed while its link is
# valid; the count is settled PETITIONS_VERIFICATION_MAX_AGE after closing.


def close(petition, **fields):
    """Close a petition in the database, as an organizer does in the admin."""
    Petition.objects.filter(pk=petition.pk).update(**fields)


def test_signature_made_before_closing_counts_when_confirmed_after_it(client):
    petition = PetitionFactory(closes_at=timezone.now() + timedelta(hours=1))
    sign_json(client, petition)
    close(petition, closes_at=timezone.now())
    link = only_verification_link("leyla@example.org")
    assert "Confirm my signature" in client.get(link).content.decode()
    response = confirm(client, link)
    assert "your signature is confirmed" in response.content.decode()
    assert count_of(client, petition) == 1


def test_signature_made_after_the_closing_date_never_counts(client):
    petition = PetitionFactory(closes_at=timezone.now() - timedelta(minutes=1))
    signature = SignatureFactory(petition=petition)  # however it got in
    link = f"/en/verify/{verification_tokens.make_token(signature.pk)}/"
    assert "This petition is closed" in client.get(link).content.decode()
    response = confirm(client, link)
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
    response = confirm(client, only_verification_link("leyla@example.org"))
    assert response.status_code == 410
    assert count_of(client, petition) == 0


def test_link_opened_after_the_count_is_settled_counts_nothing(client, settings):
    closed_at = timezone.now() - timedelta(seconds=settings.PETITIONS_VERIFICATION_MAX_AGE + 60)
    petition = PetitionFactory(closes_at=closed_at)
    signature = SignatureFactory(petition=petition, created_at=closed_at - timedelta(days=1))
    # A link sent after closing (an email owed at closing that went out late) is still valid.
    link = f"/en/verify/{verification_tokens.make_token(signature.pk)}/"
    assert client.get(link).status_code == 410
    response = confirm(client, link)
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
    response = confirm(client, only_verification_link("leyla@example.org"))
    assert "your signature is confirmed" in response.content.decode()
    assert count_of(client, petition) == 1


# The API: the same two steps at /api/v1/verifications/<token>/.


def api_url(link):
    return "/api/v1/verifications/" + link.split("/verify/", 1)[1]


def test_api_shows_what_a_link_confirms_and_opening_it_changes_nothing(client):
    petition = PetitionFactory(title="Recognize the truth")
    sign_json(client, petition)
    url = api_url(only_verification_link("leyla@example.org"))
    assert client.head(url).status_code == 200
    assert client.options(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {
        "status": "pending",
        "petition": {"slug": petition.slug, "title": "Recognize the truth"},
        "email": "l***@e***.org",
        "country": "AZ",
    }
    assert Signature.objects.get().verified_at is None
    assert count_of(client, petition) == 0


def test_api_post_confirms_exactly_once_without_a_csrf_cookie():
    api_client = Client(enforce_csrf_checks=True)
    petition = PetitionFactory()
    sign_json(api_client, petition)
    url = api_url(only_verification_link("leyla@example.org"))
    first, second = api_client.post(url), api_client.post(url)
    assert first.status_code == 200
    assert first.json() == {
        "status": "verified",
        "petition": {"slug": petition.slug, "title": petition.title},
        "email": "l***@e***.org",
        "country": "AZ",
    }
    assert (second.status_code, second.json()["status"]) == (200, "already_verified")
    assert api_client.get(url).json()["status"] == "already_verified"
    assert count_of(api_client, petition) == 1


def test_api_refuses_a_tampered_token_and_says_nothing_of_an_invalidated_signature(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    link = only_verification_link("leyla@example.org")
    assert client.post(api_url(link[:-3] + "xx/")).json()["status"] == "invalid"
    Signature.objects.update(invalidated_at=timezone.now())
    response = client.post(api_url(link))
    assert response.status_code == 404
    assert response.json() == {
        "status": "invalid",
        "petition": None,
        "email": None,
        "country": None,
    }
