"""A shared link shows a preview (Open Graph, Twitter cards) with an image of the petition."""

import io
import re
from html import unescape

import pytest
from django.core.cache import caches
from django.test import Client
from PIL import Image, ImageChops

from tests.factories import EventFactory, PetitionFactory, verified_signature
from tests.petitions.helpers import confirm, sign_json, verification_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return PetitionFactory(
        slug="truth",
        title_en="Recognize the truth",
        title_ar="اعترفوا بالحقيقة",
        text_en="We ask the leaders of the world to act.",
        goal=100,
    )


def meta(page, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', page)
    return unescape(found.group(1)) if found else None


def test_a_petition_link_previews_with_its_title_text_and_image(petition):
    page = Client().get("/en/p/truth/").content.decode()
    assert meta(page, "og:title") == "Recognize the truth"
    assert meta(page, "og:description") == "We ask the leaders of the world to act."
    assert meta(page, "og:url") == "http://127.0.0.1:8000/en/p/truth/"
    assert meta(page, "og:image") == "http://127.0.0.1:8000/en/p/truth/share.png"
    assert meta(page, "og:locale") == "en_GB"
    assert meta(page, "twitter:card") == "summary_large_image"
    page = Client().get("/ar/p/truth/").content.decode()
    assert meta(page, "og:title") == "اعترفوا بالحقيقة"
    assert meta(page, "og:image") == "http://127.0.0.1:8000/ar/p/truth/share.png"


def test_the_home_and_an_event_preview_too(petition):
    event = EventFactory(title="Vigil in Paris", description="A minute's silence.")
    home = Client().get("/fr/").content.decode()
    assert meta(home, "og:image") == "http://127.0.0.1:8000/fr/share.png"
    assert meta(home, "og:title")
    page = Client().get(f"/en/events/{event.pk}/").content.decode()
    assert meta(page, "og:title") == "Vigil in Paris"
    assert "A minute's silence." in meta(page, "og:description")
    assert meta(page, "og:type") == "article"


def image(response):
    return Image.open(io.BytesIO(response.content))


def test_the_share_image_shows_the_title_and_count_and_is_kept_a_while(petition, settings):
    settings.PETITIONS_SHARE_IMAGE_SECONDS = 600
    client = Client()
    first = client.get("/en/p/truth/share.png")
    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert "max-age=600" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert image(first).size == (1200, 630)
    # Drawn once per period: a signature meanwhile changes nothing until it is drawn again.
    verified_signature(petition=petition)
    assert client.get("/en/p/truth/share.png").content == first.content
    for cache in caches.all():  # the period is over: drawn again, with the count
        cache.clear()
    assert client.get("/en/p/truth/share.png").content != first.content


def test_the_share_image_is_in_the_pages_language(petition):
    english = image(Client().get("/en/p/truth/share.png")).convert("RGB")
    arabic = image(Client().get("/ar/p/truth/share.png")).convert("RGB")
    assert ImageChops.difference(english, arabic).getbbox() is not None
    campaign = image(Client().get("/ar/share.png"))
    assert campaign.size == (1200, 630)


def test_a_draft_has_no_share_image():
    PetitionFactory(slug="draft", state="draft")
    assert Client().get("/en/p/draft/share.png").status_code == 404


def test_the_petition_offers_share_links_and_a_link_to_copy(petition):
    page = Client().get("/en/p/truth/").content.decode()
    url = "http%3A%2F%2F127.0.0.1%3A8000%2Fen%2Fp%2Ftruth%2F"
    for link in (
        f"https://wa.me/?text=Recognize%20the%20truth%20{url}",
        f"https://t.me/share/url?url={url}&amp;text=Recognize%20the%20truth",
        f"https://www.facebook.com/sharer/sharer.php?u={url}",
        f"https://x.com/intent/post?url={url}&amp;text=Recognize%20the%20truth",
        f"https://vk.com/share.php?url={url}&amp;title=Recognize%20the%20truth",
    ):
        assert f'href="{link}"' in page
    assert 'value="http://127.0.0.1:8000/en/p/truth/" readonly' in page
    # The copy button needs script: hidden until share.js shows it.
    assert re.search(r"<button [^>]*data-copy=\"share-url\"[^>]* hidden>", page)


@pytest.mark.django_db(transaction=True)
def test_after_confirming_the_supporter_is_asked_to_share(petition):
    sign_json(Client(), petition)
    page = confirm(Client(), verification_links("leyla@example.org")[0]).content.decode()
    assert "Ask your friends to sign too" in page
    assert "https://wa.me/?text=" in page
