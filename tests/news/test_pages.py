"""Published news on /news/, in an Atom feed and on the home page; drafts nowhere."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Post
from tests.news.helpers import PostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_feed_escapes_what_staff_typed(client):
    PostFactory(text="Tickets <b>free</b> & open")
    feed = ET.fromstring(client.get("/en/news/feed/").content)
    summary = feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert summary == "<p>Tickets &lt;b&gt;free&lt;/b&gt; &amp; open</p>"


@pytest.fixture
def posts():
    now = timezone.now()
    return {
        "old": PostFactory(title="Old news", published_at=now - datetime.timedelta(days=3)),
        "new": PostFactory(title="New news", published_at=now - datetime.timedelta(hours=1)),
        "draft": PostFactory(title="Draft news", status=Post.Status.DRAFT),
        "scheduled": PostFactory(
            title="Scheduled news", published_at=now + datetime.timedelta(days=1)
        ),
    }


def test_the_news_page_lists_published_posts_newest_first(client, posts):
    page = client.get("/en/news/").content.decode()
    assert page.index("New news") < page.index("Old news")
    assert "Draft news" not in page
    assert "Scheduled news" not in page


def test_a_draft_or_scheduled_post_has_no_page(client, posts):
    assert client.get(posts["new"].get_absolute_url()).status_code == 200
    assert client.get(posts["draft"].get_absolute_url()).status_code == 404
    assert client.get(posts["scheduled"].get_absolute_url()).status_code == 404


def test_a_post_page_shows_its_paragraphs(client, posts):
    page = client.get(posts["new"].get_absolute_url()).content.decode()
    assert "<p>The exhibition opens in Paris.</p>" in page
    assert "<p>Come and see it.</p>" in page


def test_the_news_page_names_its_atom_feed(client, posts):
    page = client.get("/en/news/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/en/news/feed/"' in page


def test_the_atom_feed_holds_the_published_posts(client, posts):
    response = client.get("/en/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["New news", "Old news"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(posts["new"].get_absolute_url())
    summary = entries[0].findtext(f"{ATOM}summary")
    assert summary == "<p>The exhibition opens in Paris.</p>\n\n<p>Come and see it.</p>"


def test_every_page_links_to_the_news(client):
    assert 'href="/en/news/"' in client.get("/en/events/").content.decode()


def test_the_home_page_shows_the_three_latest_published_posts(client, posts):
    now = timezone.now()
    PostFactory(title="Older news", published_at=now - datetime.timedelta(days=5))
    PostFactory(title="Oldest news", published_at=now - datetime.timedelta(days=9))
    page = client.get("/en/").content.decode()
    assert page.index("New news") < page.index("Old news") < page.index("Older news")
    assert f'<a href="{posts["new"].get_absolute_url()}">New news</a>' in page
    assert "Oldest news" not in page
    assert "Draft news" not in page
    assert "Scheduled news" not in page


def test_a_page_number_out_of_range_shows_a_page(client, posts):
    assert client.get("/en/news/?page=999").status_code == 200
    assert client.get("/en/news/?page=x").status_code == 200


def test_the_image_of_a_published_post_is_served(client, news_images, settings, tmp_path):
    post = PostFactory(image=png_upload(), image_description="A green square")
    assert (news_images / post.image.name).exists()
    assert not str(news_images).startswith(str(settings.MEDIA_ROOT))
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'src="/news/images/{post.image.name}" alt="A green square"' in page

    response = client.get(f"/news/images/{post.image.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (4, 3)


def test_the_uploaded_name_is_not_kept(news_images):
    post = PostFactory(image=png_upload("Leyla's private holiday.png"))
    assert "holiday" not in post.image.name
    assert post.image.name.endswith(".png")


def test_the_image_of_a_draft_is_not_served(client):
    post = PostFactory(image=png_upload(), status=Post.Status.DRAFT)
    assert client.get(f"/news/images/{post.image.name}").status_code == 404


def test_no_other_file_is_served_as_a_news_image(client, settings, news_images):
    PostFactory(image=png_upload())
    export = settings.MEDIA_ROOT / "signer-exports" / "truth.csv"
    export.parent.mkdir(parents=True)
    export.write_text("name,email\n")
    for name in ["../media/signer-exports/truth.csv", "missing.png", "%2e%2e/media/x"]:
        assert client.get(f"/news/images/{name}").status_code == 404


def test_an_image_name_the_site_never_gives_is_not_found(client):
    PostFactory(image=png_upload())
    for name in ["%00", "photo%00.png", "0" * 32 + ".png%00"]:
        assert client.get(f"/news/images/{name}").status_code == 404
