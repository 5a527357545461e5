"""A real Celery worker, in its own process, on Redis and PostgreSQL, sends the email."""

import pytest

from tests.factories import PetitionFactory
from tests.petitions.helpers import LINK, sign_json
from tests.throwaway import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_worker(celery_workers, tmp_path):
    """Start a worker of both queues that writes emails to files; return their folder.

    Both queues: verification emails are routed to "emails" (CELERY_TASK_ROUTES).
    """
    mail_dir = tmp_path / "mail"

    def start(**options):
        celery_workers.worker(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(mail_dir),
            **options,
        )
        return mail_dir

    return start


def email_written(mail_dir):
    """The first email written, once whole: the file backend ends each with a line of dashes."""
    files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
    if files and "-" * 79 in (text := files[0].read_text()):
        return text
    return None


def sign_and_follow_the_emailed_link(client, mail_dir):
    petition = PetitionFactory()
    assert sign_json(client, petition).status_code == 202
    email = wait_until(lambda: email_written(mail_dir), timeout=60, step=0.2)
    assert "To: leyla@example.org" in email
    link = LINK.search(email).group("path")
    assert "Confirm my signature" in client.get(link).content.decode()
    assert "your signature is confirmed" in client.post(link).content.decode()
    count = client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"]
    assert count == 1


def test_worker_sends_the_verification_email_whose_link_counts(client, settings, start_worker):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "task"  # a task per email, queued at commit
    sign_and_follow_the_emailed_link(client, start_worker())


def test_worker_with_beat_sends_the_email_from_the_outbox(client, start_worker):
    # The outbox, as in production with Redis: the tests' own (tests/conftest.py), the worker's.
    mail_dir = start_worker(beat=True, PETITIONS_VERIFICATION_EMAIL_DISPATCH="outbox")
    sign_and_follow_the_emailed_link(client, mail_dir)
