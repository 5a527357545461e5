"""A signature keeps the language it was made in; its email, and its links, are in it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from config.i18n import absolute_url
from petitions import services
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory
from tests.petitions.helpers import emails_sent, sign_json, signature_of, verification_links

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def petition():
    return PetitionFactory(
        slug="truth",
        title_en="Recognize the truth",
        title_az="Həqiqəti tanıyın",
        title_ar="اعترفوا بالحقيقة",
        title_ru="Признайте правду",
    )


def sign_page(language, petition, email):
    data = {"name": "Leyla Aliyeva", "email": email, "country": "AZ"}
    return Client().post(f"/{language}/p/{petition.slug}/", data)


def test_signing_on_a_page_keeps_its_language_and_emails_in_it(petition):
    response = sign_page("az", petition, "leyla@example.org")
    assert response["Location"] == "/az/p/truth/signed/#top"
    assert signature_of(petition, "leyla@example.org").language == "az"
    (message,) = emails_sent()
    assert "Həqiqəti tanıyın" in message.subject
    assert "Həqiqəti tanıyın" in message.body
    assert verification_links("leyla@example.org")[0].startswith("/az/verify/")
    assert "http://127.0.0.1:8000/az/withdraw/" in message.body


def test_signing_through_the_api_keeps_the_language_of_accept_language(petition):
    response = sign_json(Client(), petition, meta={"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9"})
    assert response.status_code == 202
    assert signature_of(petition, "leyla@example.org").language == "ru"
    (message,) = emails_sent()
    assert "Признайте правду" in message.subject
    assert verification_links("leyla@example.org")[0].startswith("/ru/verify/")


def test_signing_without_a_language_of_ours_is_in_english(petition):
    sign_json(Client(), petition, meta={"HTTP_ACCEPT_LANGUAGE": "pt-BR"})
    assert signature_of(petition, "leyla@example.org").language == "en"
    assert "Recognize the truth" in emails_sent()[0].subject


def test_the_verification_page_opens_in_the_signers_language(petition):
    sign_page("ar", petition, "leyla@example.org")
    page = Client().get(verification_links("leyla@example.org")[0]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "اعترفوا بالحقيقة" in page


def test_one_outbox_batch_writes_each_email_in_its_signers_language(petition, settings):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"
    for language in ("az", "ar", "az", "en"):
        SignatureFactory(petition=petition, language=language)
    assert services.verification_emails_send_owed(older_than_seconds=0, limit=10) == 4
    subjects = sorted(message.subject for message in emails_sent())
    assert sum("Həqiqəti tanıyın" in subject for subject in subjects) == 2
    assert sum("اعترفوا بالحقيقة" in subject for subject in subjects) == 1
    assert sum("Recognize the truth" in subject for subject in subjects) == 1
    for message in emails_sent():
        title = message.subject.split(": ", 1)[-1]
        # Each body's link leads to the page in the language of its own subject.
        language = {"Həqiqəti tanıyın": "az", "اعترفوا بالحقيقة": "ar"}.get(title, "en")
        assert f"/{language}/verify/" in message.body


def test_each_email_of_a_batch_has_its_own_signers_name_and_links(petition, monkeypatch):
    # Tokens are timestamped: one clock, so that the links can be made again below.
    monkeypatch.setattr("django.core.signing.time.time", lambda: 1_790_000_000)
    names = {"az": "Leyla Əliyeva", "en": "Zoë {{ url }} %(name)s", "ar": "ليلى " + "x" * 60}
    signatures = [
        SignatureFactory(petition=petition, language=language, name=name)
        for language, name in names.items()
    ]
    assert services.verification_emails_send_owed(older_than_seconds=0, limit=10) == 3
    messages = emails_sent()
    for signature in signatures:
        (message,) = [message for message in messages if message.to == [signature.email]]
        with translation.override(signature.language):
            verification_path = reverse(
                "petitions:verify",
                kwargs={"token": verification_tokens.make_token(signature.pk)},
            )
            assert absolute_url(verification_path) in message.body
            assert services.withdrawal_url(signature) in message.body
        assert f"/{signature.language}/verify/" in message.body
        assert Truncator(signature.name).chars(50) in message.body.splitlines()[0]
