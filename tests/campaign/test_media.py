"""The campaign's media: a page and an API; videos play from their platform only once clicked."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from campaign.videos import video_player_url
from tests.factories import EventFactory, MediaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def music_video():
    screening = EventFactory(
        title="Screening in Madrid",
        city="Madrid",
        country="ES",
        starts_at=datetime.datetime(2026, 2, 26, 19, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 2, 26, 21, tzinfo=datetime.UTC),
    )
    item = MediaItemFactory(
        title_en="Justice for Khojaly, the music video",
        title_ru="«Справедливость для Ходжалы», музыкальный клип",
        caption_en="The campaign's song.",
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        published_on=datetime.date(2010, 2, 26),
    )
    item.events.add(screening)
    return item


def test_the_media_page_lists_each_item_with_caption_and_where_and_when_presented(music_video):
    page = Client().get("/en/media/").content.decode()
    assert "Justice for Khojaly, the music video" in page
    assert "The campaign&#x27;s song." in page
    assert "Screening in Madrid</a>, Madrid, Spain" in page
    assert '<time datetime="2026-02-26">26 February 2026</time>' in page
    page = Client().get("/ru/media/").content.decode()
    assert "«Справедливость для Ходжалы», музыкальный клип" in page


def test_a_video_loads_nothing_from_its_platform_before_the_click(music_video):
    page = Client().get("/en/media/").content.decode()
    assert "<iframe" not in page
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page
    assert "i.ytimg.com" not in page and "www.youtube.com/embed" not in page
    # Without script, the button stays hidden and the link leads to the platform.
    assert '<button type="button" class="video-play" hidden>' in page
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page
    assert "static/js/video.js" in page


def test_media_only_at_unpublished_events_wait_for_them(music_video):
    hidden = MediaItemFactory(title="Rehearsal footage")
    hidden.events.add(EventFactory(is_published=False))
    MediaItemFactory(title="Campaign-wide documentary")
    page = Client().get("/en/media/").content.decode()
    assert "Rehearsal footage" not in page
    assert "Campaign-wide documentary" in page


def test_the_media_api_lists_them_with_player_and_presentations(music_video):
    body = Client().get("/api/v1/media/", HTTP_ACCEPT_LANGUAGE="es").json()
    (item,) = body["results"]
    assert item["title"] == "Justice for Khojaly, the music video"
    assert item["caption"] == "The campaign's song."
    assert item["player_url"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    (presented,) = item["presented_at"]
    assert presented["title"] == "Screening in Madrid"
    assert presented["country"] == {"code": "ES", "name": "España"}
    assert presented["url"].endswith(f"/es/events/{presented['event']}/")


def test_the_events_page_shows_its_media_the_same_way(music_video):
    event = music_video.events.get()
    event.starts_at = timezone.now() + datetime.timedelta(days=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.save()
    page = Client().get(f"/en/events/{event.pk}/").content.decode()
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://www.youtube.com/watch?v=not-an-id", None),
        ("https://video.example.org/42", None),
    ],
)
def test_videos_play_from_the_platforms_privacy_mode(url, player):
    found = video_player_url(url)
    assert (found.split("?")[0] if found else None) == player
    if "vimeo" in url:
        assert "dnt=1" in found
