"""The statistics page on a phone with JavaScript off: the map and chart are there and fit."""

import pytest

from tests.factories import PetitionFactory, verified_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stats_page_shows_the_coloured_map_on_a_phone_without_javascript(live_server, browser):
    petition = PetitionFactory(slug="truth", goal=10)
    for country in ["AZ", "AZ", "TR"]:
        verified_signature(petition=petition, country=country)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/p/truth/stats/")
    world_map = page.locator("svg.world-map")
    box = world_map.bounding_box()
    assert 300 <= box["width"] <= 360 and box["height"] > 150
    assert page.locator('path[data-country="AZ"]').get_attribute("fill") != "#e3e7ea"
    assert page.locator('path[data-country="DE"]').get_attribute("fill") == "#e3e7ea"
    assert page.locator("svg.bar-chart rect").count() == 1
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll
    assert page.locator("table.countries tbody tr").all_inner_texts()[0].split("\t")[:2] == [
        "Azerbaijan",
        "2",
    ]
    context.close()
