"""The public statistics: the page with its world map, table and daily chart; the daily API."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from petitions.models import Petition, Signature
from petitions.reporting import charts
from petitions.reporting.selectors import DaySignatureCount, verified_signatures_by_day
from tests.factories import PetitionFactory, verified_signature

pytestmark = pytest.mark.django_db


def verified_on(petition, country, day, n=1):
    for _ in range(n):
        signature = verified_signature(petition=petition, country=country)
        Signature.objects.filter(pk=signature.pk).update(
            verified_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        )


@pytest.fixture
def petition():
    petition = PetitionFactory(slug="truth", title="Recognize the truth", goal=20)
    today = timezone.now().date()
    verified_on(petition, "AZ", today - datetime.timedelta(days=3), n=4)
    verified_on(petition, "TR", today - datetime.timedelta(days=1), n=2)
    verified_on(petition, "FR", today, n=1)
    return petition


def map_fill(page, code):
    return re.search(rf'<path d="[^"]+" fill="(#[0-9a-f]+)" data-country="{code}">', page).group(1)


def test_page_shows_the_total_and_progress_toward_the_goal(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    # A <progress> (named, for screen readers) of 7 toward the goal of 20: 35 %.
    assert (
        '<progress data-live-progress max="20" value="7" aria-label="Toward the goal of 20">35 %'
        in page
    )


def test_world_map_colours_countries_by_signatures(client, petition):
    response = client.get("/en/p/truth/stats/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<path ") > 200  # every country is drawn
    grey = map_fill(page, "DE")
    az, tr, fr = map_fill(page, "AZ"), map_fill(page, "TR"), map_fill(page, "FR")
    assert grey == "#e3e7ea"
    assert len({grey, az, tr, fr}) == 4  # more signatures, a different (darker) shade
    assert "<title>Azerbaijan: 4</title>" in page


def test_table_lists_every_country_with_its_share(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    rows = re.findall(
        r'<tr data-country="(\w\w)"><td>([^<]+)</td><td class="number">(\d+)</td>'
        r'<td class="number">([\d.]+) %</td>',
        page,
    )
    assert rows == [
        ("AZ", "Azerbaijan", "4", "57.1"),
        ("TR", "Türkiye", "2", "28.6"),
        ("FR", "France", "1", "14.3"),
    ]


def test_daily_chart_has_a_bar_for_each_day_since_the_first(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    chart = re.search(r'<svg class="bar-chart".*?</svg>', page, re.S).group(0)
    assert chart.count("<rect ") == 4  # three days before today, and today; one is empty


def test_petition_page_links_to_its_statistics(client, petition):
    assert b'href="/en/p/truth/stats/"' in client.get("/en/p/truth/").content


def test_a_petition_without_signatures_has_an_empty_map_and_no_chart(client):
    PetitionFactory(slug="new")
    page = client.get("/en/p/new/stats/").content.decode()
    assert "No verified signatures yet." in page
    assert 'class="bar-chart"' not in page
    assert set(re.findall(r'fill="(#[0-9a-f]+)" data-country', page)) == {"#e3e7ea"}


def test_drafts_have_no_statistics(client):
    PetitionFactory(slug="draft", state=Petition.State.DRAFT)
    assert client.get("/en/p/draft/stats/").status_code == 404


def test_api_gives_verified_signatures_per_day_including_empty_days(client, petition):
    Signature.objects.filter(petition=petition, country="TR").first().delete()
    today = timezone.now().date()
    response = client.get("/api/v1/petitions/truth/signatures-by-day/")
    assert response.json() == [
        {"date": str(today - datetime.timedelta(days=3)), "signature_count": 4},
        {"date": str(today - datetime.timedelta(days=2)), "signature_count": 0},
        {"date": str(today - datetime.timedelta(days=1)), "signature_count": 1},
        {"date": str(today), "signature_count": 1},
    ]
    assert response["Cache-Control"] == "public, max-age=5"


def test_todays_count_is_live_while_past_days_are_cached(client, petition, settings):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0  # as if each request came seconds later
    client.get("/api/v1/petitions/truth/signatures-by-day/")
    today = timezone.now().date()
    verified_on(petition, "FR", today)
    verified_on(petition, "FR", today - datetime.timedelta(days=1))
    days = client.get("/api/v1/petitions/truth/signatures-by-day/").json()
    assert days[-1]["signature_count"] == 2
    assert days[-2]["signature_count"] == 2  # yesterday's 3rd waits PETITIONS_STATS_CACHE_SECONDS


def test_api_of_a_petition_without_signatures_is_an_empty_list(client):
    PetitionFactory(slug="new")
    assert client.get("/api/v1/petitions/new/signatures-by-day/").json() == []


def test_map_legend_gives_ranges_and_the_leading_countries_shades_of_their_own(client):
    # Shaped like a real campaign's: one country far ahead, a few large, a long tail.
    petition = PetitionFactory(slug="world", goal=1000)
    shares = {"AZ": 24, "TR": 13, "US": 8, "DE": 7, "FR": 6, "GB": 5, "RU": 4}
    shares |= {code: 2 for code in ["PK", "ID", "MX", "CA"]}
    shares |= {code: 1 for code in ["IT", "NL", "UA", "KZ", "GE", "JP", "BR"]}
    for country, n in shares.items():
        verified_on(petition, country, timezone.now().date(), n=n)
    response = client.get("/en/p/world/stats/")
    page = response.content.decode()

    labels = [label for _fill, label in response.context["map_legend"]]
    assert labels[0] == "none"
    assert all(re.fullmatch(r"\d+(–\d+)?", label) for label in labels[1:]), labels
    assert labels[1].startswith("1") and labels[-1].endswith("24")  # from 1 to the largest
    fills = {code: map_fill(page, code) for code in shares}
    assert fills["AZ"] != fills["TR"]  # the leader stands apart
    assert len({fills[code] for code in ["AZ", "TR", "US", "DE", "FR", "GB", "RU"]}) >= 4
    assert '<path d="' in page and 'data-leading="AZ"' in page  # and is outlined


def test_map_names_every_country_in_its_tooltip(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    assert "<title>Germany: no signatures</title>" in page
    assert "<title>DE</title>" not in page


def test_chart_dates_follow_the_language_not_the_us_format(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    today = timezone.now().date()
    assert today.strftime("%m/%d/%Y") not in page
    assert date_format(today, "DATE_FORMAT") in page  # "Nov. 24, 2026" in English
    with translation.override("de"):
        chart = charts.bar_chart_svg(verified_signatures_by_day(petition_id=petition.pk))
    assert f"{today.day}. " in chart and today.strftime("%m/%d/%Y") not in chart


def test_sign_now_on_the_stats_page_leads_to_the_petitions_form(client, petition):
    page = client.get("/en/p/truth/stats/").content.decode()
    assert 'href="/en/p/truth/#sign"' in page
    assert 'href="#sign"' not in page


def test_in_a_right_to_left_language_the_chart_starts_at_the_right():
    days = [
        DaySignatureCount(date=datetime.date(2026, 2, 25), signature_count=1),
        DaySignatureCount(date=datetime.date(2026, 2, 26), signature_count=5),
    ]
    for language, first_at_right in (("en", False), ("ar", True)):
        with translation.override(language):
            svg = str(charts.bar_chart_svg(days))
        first_x, last_x = (float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg))
        assert (first_x > last_x) == first_at_right, language
        assert f'direction="{"rtl" if first_at_right else "ltr"}"' in svg
