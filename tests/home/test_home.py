"""The campaign's home page, the navigation that reaches every public page, the favicon."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petitions.models import Petition
from tests.factories import (
    CampaignFactory,
    EventFactory,
    PetitionFactory,
    RecognitionFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = CampaignFactory(
        name="Justice for Khojaly",
        # As the admin's text area sends it: \r\n.
        description="An international awareness campaign.\r\n\r\nVolunteers in many countries.",
    )
    petition = PetitionFactory(campaign=campaign, slug="leaders", title="To the leaders", goal=10)
    declaration = PetitionFactory(
        campaign=campaign,
        slug="declaration",
        title="The declaration",
        kind=Petition.Kind.DECLARATION,
    )
    for country in ["AZ", "AZ", "TR"]:
        verified_signature(petition=petition, country=country)
    verified_signature(petition=declaration, country="MX")
    PetitionFactory(campaign=campaign, slug="draft", title="Not yet", state=Petition.State.DRAFT)
    EventFactory(campaign=campaign, title="Vigil in Paris", country="FR", city="Paris")
    EventFactory(
        campaign=campaign,
        title="Seminar in Jakarta",
        country="ID",
        city="Jakarta",
        time_zone="Asia/Jakarta",
    )
    EventFactory(campaign=campaign, title="Called off", status="cancelled")
    RecognitionFactory(body="Organisation of Islamic Cooperation", is_published=True)
    return campaign


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_tells_the_campaign_with_its_figures_petitions_events_and_recognitions(
    client, campaign
):
    response = client.get("/en/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Justice for Khojaly</title>" in page
    assert '<p class="lead">An international awareness campaign.</p>' in page
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]+)<', page))
    assert figures == {"signatures": "4", "countries": "3", "events": "2"}  # cancelled aside
    assert "events in 2 countries" in page
    cards = re.findall(
        r'<article class="card" data-petition="([\w-]+)">(.*?)</article>', page, re.S
    )
    assert [slug for slug, _ in cards] == ["leaders", "declaration"]  # drafts are not public
    leaders = text(cards[0][1])
    assert "3 verified signatures" in leaders and "Our goal: 10 signatures" in leaders
    assert 'href="/en/p/leaders/#sign"' in cards[0][1] and "Sign the petition" in leaders
    assert "Sign the declaration" in text(cards[1][1])
    assert "Vigil in Paris" in page and "Jakarta, Indonesia" in page
    assert "Called off" not in page
    assert "Organisation of Islamic Cooperation" in page
    assert "Volunteers in many countries." in page  # the rest of the story, further down


def test_home_reads_counts_from_the_counters_never_counting_signatures(client, campaign):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    assert not [q["sql"] for q in queries if "petitions_signature" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")  # a reload a moment later, as at a peak
    assert len(queries) == 0


def test_home_map_shows_where_supporters_of_every_petition_signed(client, campaign):
    page = client.get("/en/").content.decode()
    assert '<img src="/en/signatures-map.svg"' in page
    response = client.get("/en/signatures-map.svg", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Encoding"] == "gzip"
    svg = client.get("/en/signatures-map.svg").content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Mexico: 1</title>" in svg  # the declaration's signer too
    assert "<title>Azerbaijan: 2</title>" in svg


def test_home_map_links_the_statistics_of_each_petition_by_its_title(client, campaign):
    page = client.get("/en/").content.decode()
    caption = text(re.search(r"<figcaption>(.*?)</figcaption>", page, re.S).group(1))
    assert "Statistics: To the leaders" in caption
    assert "Statistics: The declaration" in caption
    assert 'href="/en/p/declaration/stats/"' in page


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def test_every_public_page_is_reachable_from_the_home_page(client, campaign):
    event = campaign.events.get(title="Vigil in Paris")
    seen, queue = set(), ["/en/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if "text/html" not in response["Content-Type"] or path.startswith("/api/"):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            url, _fragment = urldefrag(href)
            parts = urlsplit(url)
            if url and not parts.netloc and not parts.query:
                queue.append(parts.path)
    for page in [
        "/en/p/",
        "/en/p/leaders/",
        "/en/p/leaders/stats/",
        "/en/p/declaration/",
        "/en/events/",
        "/en/events/countries/",
        "/en/events/FR/",
        f"/en/events/{event.pk}/",
        f"/en/events/{event.pk}.ics",
        "/en/events.ics",
        "/en/recognitions/",
        "/en/media/",
        "/api/docs/",
    ]:
        assert page in seen, f"{page} cannot be reached by following links from /"


def test_the_petitions_list_has_moved_to_p_and_shows_each_count(client, campaign):
    page = client.get("/en/p/").content.decode()
    assert "To the leaders" in page and "The declaration" in page and "Not yet" not in page
    assert "3 verified signatures" in text(page)


def test_favicon_is_served_at_the_root_where_browsers_ask_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an icon
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/en/p/").content.decode()


def test_petition_page_weighs_under_100_kb_on_first_load(client, campaign):
    page = client.get("/en/p/leaders/").content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', page)
    assert assets  # the stylesheet, the script, the icon
    sizes = {"page": len(page)} | {
        asset: Path(finders.find(asset.decode().removeprefix("/static/"))).stat().st_size
        for asset in assets
    }
    assert sum(sizes.values()) < 100_000, sizes
