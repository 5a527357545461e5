"""Eight languages: each page in the language of its URL, chosen from the browser's otherwise."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import (
    AddresseeFactory,
    EventFactory,
    PetitionFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "az", "ru", "tr", "fr", "es", "de", "ar"]


@pytest.fixture
def petition():
    return PetitionFactory(
        slug="truth",
        title_en="Recognize the truth",
        title_az="Həqiqəti tanıyın",
        title_ar="اعترفوا بالحقيقة",
        text_en="We ask you to act.",
        goal=5000,
    )


def test_an_address_without_language_leads_to_the_browsers_language():
    client = Client()
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="az-AZ,az;q=0.9,en;q=0.5")["Location"] == "/az/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar-EG")["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")["Location"] == "/en/"  # not ours


def test_an_old_link_without_language_still_leads_to_its_page(petition):
    # Links shared or emailed before the languages: the same page, in the reader's language.
    response = Client().get("/p/truth/stats/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/ru/p/truth/stats/"


def test_the_page_is_in_the_language_of_its_address_whatever_the_browser(petition):
    page = Client().get("/az/p/truth/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="az" dir="ltr">' in page
    assert "<h1>Həqiqəti tanıyın</h1>" in page


def test_arabic_pages_read_right_to_left(petition):
    for path in ("/ar/", "/ar/p/truth/", "/ar/p/truth/stats/", "/ar/events/", "/ar/embed/truth/"):
        page = Client().get(path).content.decode()
        assert '<html lang="ar" dir="rtl">' in page, path


def test_a_text_not_written_in_the_readers_language_is_shown_in_english(petition):
    page = Client().get("/de/p/truth/").content.decode()
    assert "<h1>Recognize the truth</h1>" in page
    assert "We ask you to act." in page


def test_a_text_written_in_one_language_only_is_shown_in_it_everywhere():
    EventFactory(title=None, title_fr="Veillée du souvenir", country="FR")
    for language in ("en", "az", "de"):
        assert "Veillée du souvenir" in Client().get(f"/{language}/events/").content.decode()


def test_every_page_links_to_itself_in_each_language(petition):
    page = Client().get("/ru/p/truth/stats/").content.decode()
    for language in LANGUAGES:
        assert f'href="/{language}/p/truth/stats/" hreflang="{language}"' in page
        assert (
            f'<link rel="alternate" hreflang="{language}" '
            f'href="http://127.0.0.1:8000/{language}/p/truth/stats/">'
        ) in page
    assert 'hreflang="x-default" href="http://127.0.0.1:8000/p/truth/stats/"' in page
    # Each language named in itself, the page's own marked as current.
    assert 'lang="az" dir="ltr">Azərbaycanca</a>' in page
    assert 'lang="ar" dir="rtl">العربيّة</a>' in page
    assert 'hreflang="ru" lang="ru" dir="ltr" aria-current="true">Русский</a>' in page


def test_the_language_switcher_keeps_the_filters_of_the_page():
    EventFactory(country="FR")
    page = Client().get("/en/events/?kind=concert").content.decode()
    assert 'href="/fr/events/?kind=concert"' in page


def test_the_api_answers_in_the_language_of_accept_language(petition):
    verified_signature(petition=petition, country="DE")
    client = Client()
    answer = client.get("/api/v1/petitions/truth/", HTTP_ACCEPT_LANGUAGE="az")
    # A cache between keeps one answer per language.
    assert answer["Content-Language"] == "az" and "Accept-Language" in answer["Vary"]
    body = answer.json()
    assert body["title"] == "Həqiqəti tanıyın"
    assert body["signatures_by_country"][0]["name"] == "Almaniya"
    body = client.get("/api/v1/petitions/truth/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["signatures_by_country"][0]["name"] == "Германия"
    refused = client.post(
        "/api/v1/petitions/truth/signatures/",
        {"email": "leyla@example.org"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert refused.status_code == 400
    assert refused.json()["name"] == ["Ce champ est obligatoire."]
    # The language's cookie (the admin's language switcher sets it) wins over Accept-Language.
    client.cookies["django_language"] = "tr"
    body = client.get("/api/v1/petitions/truth/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["signatures_by_country"][0]["name"] == "Almanya"
    # An unknown petition: a 404 in the API, not a redirect to a page under a language.
    missing = client.get("/api/v1/petitions/no-such-petition/", HTTP_ACCEPT_LANGUAGE="az")
    assert missing.status_code == 404 and missing["Content-Language"] == "tr"


def test_the_admin_stays_without_language_in_its_address():
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    assert client.get("/admin/").status_code == 200
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de"' in page


def test_country_names_are_in_the_pages_language_and_its_order(petition):
    page = Client().get("/az/p/truth/").content.decode()
    options = re.findall(r'<option value="([A-Z]{2})">([^<]+)</option>', page)
    names = dict(options)
    assert names["DE"] == "Almaniya" and names["AZ"] == "Azərbaycan"
    page = Client().get("/de/p/truth/").content.decode()
    names = [
        name for _code, name in re.findall(r'<option value="([A-Z]{2})">([^<]+)</option>', page)
    ]
    assert names.index("Österreich") < names.index("Polen")  # German order, Ö as O


def test_tables_and_map_name_countries_in_the_pages_language(petition):
    verified_signature(petition=petition, country="DE")
    page = Client().get("/ru/p/truth/stats/").content.decode()
    assert "<td>Германия</td>" in page
    assert "<title>Германия: 1</title>" in page
    svg = Client().get("/ar/signatures-map.svg").content.decode()
    assert "<title>ألمانيا: 1</title>" in svg


def test_counts_export_names_countries_in_the_language_asked(petition):
    verified_signature(petition=petition, country="DE")
    client = Client()
    client.force_login(UserFactory(permissions=["petitions.export_signature_counts"]))
    csv = client.get(
        "/api/v1/petitions/truth/signature-counts/?format=csv", HTTP_ACCEPT_LANGUAGE="tr"
    ).content.decode("utf-8-sig")
    assert '"DE","Almanya"' in csv


def test_numbers_and_dates_are_written_as_the_language_writes_them(petition):
    for _ in range(3):
        verified_signature(petition=petition, country="AZ")
    page = Client().get("/de/p/truth/").content.decode()
    assert "5.000" in page  # the goal, grouped the German way
    assert "5,000" in Client().get("/en/p/truth/").content.decode()
    today = timezone.now().date()
    stats = Client().get("/fr/p/truth/stats/").content.decode()
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"]
    months += ["septembre", "octobre", "novembre", "décembre"]
    assert f"{today.day} {months[today.month - 1]} {today.year}" in stats


def test_an_addressee_named_in_the_readers_language(petition):
    AddresseeFactory(
        petition=petition, name_en="The Secretary-General", name_ru="Генеральный секретарь"
    )
    assert "Генеральный секретарь" in Client().get("/ru/p/truth/").content.decode()
    assert "The Secretary-General" in Client().get("/fr/p/truth/").content.decode()


def test_event_dates_are_written_in_the_pages_language():
    event = EventFactory(
        starts_at=datetime.datetime(2030, 2, 26, 17, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 2, 26, 19, 0, tzinfo=datetime.UTC),
    )
    page = Client().get(f"/de/events/{event.pk}/").content.decode()
    assert "26. Februar 2030" in page


def test_arabic_pages_group_large_numbers(petition):
    petition.goal = 1_000_000
    petition.save()
    assert "1,000,000" in Client().get("/ar/p/truth/").content.decode()
