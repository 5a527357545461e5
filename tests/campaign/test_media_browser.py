"""A video plays in the media page after a click, and nothing is fetched from its platform before."""

import pytest

from tests.factories import MediaItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_video_is_fetched_from_youtube_nocookie_only_once_clicked(live_server, browser):
    MediaItemFactory(
        title="Justice for Khojaly, the music video",
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    context = browser.new_context()
    elsewhere = []

    def record_and_refuse(route):
        # No request leaves the machine: it is noted, then refused.
        elsewhere.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(live_server.url), record_and_refuse)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/media/")
    page.wait_for_load_state("networkidle")
    assert elsewhere == []
    button = page.get_by_role("button", name="Play the video: Justice for Khojaly, the music video")
    button.click()
    frame = page.locator(".video iframe")
    assert (
        frame.get_attribute("src")
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert frame.get_attribute("title") == "Justice for Khojaly, the music video"
    page.wait_for_timeout(300)
    assert elsewhere and all(
        url.startswith("https://www.youtube-nocookie.com/") for url in elsewhere
    )
    context.close()
