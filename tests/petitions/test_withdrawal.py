"""Withdrawal: the signed link takes a signature off the count once and erases it; the supporter
may sign again."""

import re

import pytest
from django.core import mail
from django.core.cache import caches

from petitions.models import Signature
from petitions.reporting.selectors import consenting_signers, verified_signatures_by_day
from petitions.selectors import petition_count, recent_supporters
from petitions.services import country_counts_recount
from petitions.tokens import verification_tokens, withdrawal_tokens
from tests.factories import PetitionFactory, SignatureFactory, verified_signature
from tests.petitions.helpers import (
    confirm,
    emails_sent,
    only_verification_link,
    sign_json,
    signature_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

WITHDRAWAL_LINK = re.compile(r"https?://[^/\s]+(?P<path>/[a-z]{2}/withdraw/[^/\s]+/)")


def counted(petition):
    for cache in caches.all():
        cache.clear()  # counts are cached for a few seconds
    count = petition_count(petition_id=petition.pk)
    return {c.code: c.signature_count for c in count.by_country}


def withdrawal_path(signature):
    return f"/en/withdraw/{withdrawal_tokens.make_token(signature.pk)}/"


def test_withdrawing_takes_the_signature_off_the_count_once(client):
    petition = PetitionFactory()
    signature = verified_signature(petition=petition, country="AZ")
    verified_signature(petition=petition, country="AZ")
    assert counted(petition) == {"AZ": 2}

    confirm = client.get(withdrawal_path(signature))
    assert confirm.status_code == 200
    assert "Withdraw your signature?" in confirm.content.decode()
    assert counted(petition) == {"AZ": 2}  # opening the link alone changes nothing

    withdrawn = client.post(withdrawal_path(signature))
    assert withdrawn.status_code == 200
    assert "Your signature is withdrawn" in withdrawn.content.decode()
    assert counted(petition) == {"AZ": 1}
    assert not Signature.objects.filter(pk=signature.pk).exists()

    again = client.post(withdrawal_path(signature))
    assert again.status_code == 410
    assert "no longer held" in again.content.decode()
    assert counted(petition) == {"AZ": 1}
    assert country_counts_recount(petition=petition) == []


def test_withdrawing_an_unconfirmed_signature_erases_it_and_counts_nothing(client):
    petition = PetitionFactory()
    verified_signature(petition=petition)
    pending = SignatureFactory(petition=petition)
    assert client.post(withdrawal_path(pending)).status_code == 200
    assert not Signature.objects.filter(pk=pending.pk).exists()
    assert counted(petition) == {"AZ": 1}
    assert country_counts_recount(petition=petition) == []


def test_withdrawing_an_invalidated_signature_counts_nothing_off(client):
    petition = PetitionFactory()
    verified_signature(petition=petition)
    fraud = verified_signature(petition=petition)
    Signature.objects.filter(pk=fraud.pk).update(invalidated_at=fraud.verified_at)
    country_counts_recount(petition=petition)
    client.post(withdrawal_path(fraud))
    assert counted(petition) == {"AZ": 1}
    assert country_counts_recount(petition=petition) == []


def test_the_emailed_link_withdraws_and_the_supporter_may_sign_again(client):
    petition = PetitionFactory()
    sign_json(client, petition, email="leyla@example.org")
    (email,) = emails_sent()
    path = WITHDRAWAL_LINK.search(email.body).group("path")
    confirm(client, only_verification_link("leyla@example.org"))
    assert counted(petition) == {"AZ": 1}

    client.post(path)
    assert counted(petition) == {}

    mail.outbox.clear()
    assert sign_json(client, petition, email="Leyla@example.org").status_code == 202
    confirm(client, only_verification_link("Leyla@example.org"))
    assert counted(petition) == {"AZ": 1}
    assert signature_of(petition, "leyla@example.org").verified_at is not None


def test_the_confirmed_page_offers_the_withdrawal_link(client):
    petition = PetitionFactory()
    signature = SignatureFactory(petition=petition)
    response = confirm(client, f"/en/verify/{verification_tokens.make_token(signature.pk)}/")
    assert response.status_code == 200
    path = WITHDRAWAL_LINK.search(response.content.decode()).group("path")
    assert withdrawal_tokens.check_token(path.split("/")[3]) == signature.pk


def test_a_withdrawn_signature_leaves_exports_statistics_and_recent_supporters(client):
    petition = PetitionFactory()
    kept = verified_signature(petition=petition, consent_to_updates=True)
    gone = verified_signature(
        petition=petition, name="Gone Away", consent_to_updates=True, consent_to_show_name=True
    )
    client.post(withdrawal_path(gone))
    counted(petition)  # clears the caches
    assert [row[1] for row in consenting_signers(petition=petition)] == [kept.email]
    assert (
        sum(day.signature_count for day in verified_signatures_by_day(petition_id=petition.pk)) == 1
    )
    assert recent_supporters(petition_id=petition.pk) == ()


@pytest.mark.parametrize("purpose", ["made up", "verification"])
def test_only_a_withdrawal_link_withdraws(client, purpose):
    signature = verified_signature()
    # A verification link names the same signature, signed for another purpose.
    token = (
        "5:1xWTwk:forged" if purpose == "made up" else verification_tokens.make_token(signature.pk)
    )
    response = client.post(f"/en/withdraw/{token}/")
    assert response.status_code == 404
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_the_withdrawal_page_shows_no_personal_data_and_is_not_cached(client):
    signature = verified_signature(name="Leyla Aliyeva", email="leyla@example.org", city="Baku")
    response = client.get(withdrawal_path(signature))
    text = response.content.decode()
    assert "Leyla" not in text and "leyla@" not in text and "Baku" not in text
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
