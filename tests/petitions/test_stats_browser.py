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


def test_the_table_and_map_follow_the_count(live_server, browser):
    from django.core.cache import caches

    petition = PetitionFactory(slug="truth", goal=10)
    verified_signature(petition=petition, country="DE")
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/en/p/truth/stats/")
    page.clock.run_for(10_000)  # the first poll: the count the page shows
    assert page.locator("table.countries tbody tr").count() == 1
    verified_signature(petition=petition, country="TR")
    for cache in caches.all():  # the counts' few seconds in the caches are over
        cache.clear()
    page.clock.run_for(10_000)
    page.locator('table.countries tr[data-country="TR"]').wait_for()
    assert page.locator("[data-live-count]").inner_text() == "2"
    assert page.locator('path[data-country="TR"]').get_attribute("fill") != "#e3e7ea"
    context.close()


def test_in_arabic_the_legend_and_chart_read_from_the_right(live_server, browser):
    petition = PetitionFactory(slug="truth", goal=10)
    verified_signature(petition=petition, country="AZ")
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/p/truth/stats/")
    items = page.locator(".legend li")
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    assert first["x"] > second["x"]  # "none" first, at the right
    width = page.locator("main").bounding_box()["width"]
    assert first["x"] + first["width"] > width / 2
    context.close()


def test_the_table_follows_a_count_that_changed_before_the_first_poll(live_server, browser):
    from django.core.cache import caches

    petition = PetitionFactory(slug="truth", goal=10)
    verified_signature(petition=petition, country="DE")
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/en/p/truth/stats/")
    verified_signature(petition=petition, country="TR")
    for cache in caches.all():
        cache.clear()
    page.clock.run_for(10_000)  # the first poll already differs from what the page shows
    page.locator('table.countries tr[data-country="TR"]').wait_for(timeout=5000)
    assert page.locator("[data-live-count]").inner_text() == "2"
    context.close()
