"""Pages travel compressed, and the petition page stays light on a phone's first visit."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return PetitionFactory(slug="truth", text="We ask the leaders of the world to act. " * 40)


def test_pages_are_compressed_for_browsers_that_accept_it(petition):
    response = Client().get("/en/p/truth/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "We ask the leaders of the world to act." in page
    assert len(response.content) < len(page.encode()) / 3


def test_the_polled_count_is_too_small_to_be_worth_compressing(petition):
    response = Client().get("/api/v1/petitions/truth/count/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response


def test_the_petition_page_with_its_styles_and_scripts_is_under_100_kb(petition):
    page = Client().get("/en/p/truth/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js|svg))"', page)
    total = len(page) + sum(Path(finders.find(a.decode())).stat().st_size for a in assets)
    assert {b"css/site.css", b"js/live-count.js", b"js/share.js"} <= set(assets)
    # Uncompressed, as a browser without gzip would fetch them: compressed it is a fraction.
    assert total < 100 * 1024, total
