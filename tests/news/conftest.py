import pytest
from django.core.files.storage import FileSystemStorage

from news.models import Post
from tests.news.helpers import start_smtp_server


@pytest.fixture(autouse=True)
def news_images(settings, tmp_path, monkeypatch):
    """News images in a folder of the test's own, apart from MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = FileSystemStorage(location=tmp_path / "news-media", base_url="/news/images/")
    # The field keeps the storage it was given when the models were loaded.
    monkeypatch.setattr(Post._meta.get_field("image"), "storage", storage)
    return tmp_path / "news-media"


@pytest.fixture(autouse=True)
def unpaced(settings):
    """No rate limit unless a test sets one."""
    settings.NEWS_EMAILS_PER_MINUTE = 0


@pytest.fixture
def smtp_server(settings, free_port):
    """A real SMTP server on loopback that the project sends through."""
    server, controller = start_smtp_server(free_port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port, 5
    yield server
    controller.stop()
