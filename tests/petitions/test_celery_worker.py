"""A real Celery worker, in its own process, on Redis and PostgreSQL, sends the email."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from tests.factories import PetitionFactory
from tests.petitions.helpers import LINK, database_url_of_the_test_database, sign_json

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_celery_worker(tmp_path):
    """Start a real worker process, with the given extra arguments; return its mail folder."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL (CI runs it)")
    mail_dir = tmp_path / "mail"
    celery_app.control.purge()
    workers = []

    def start(*arguments, environment=()):
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                # Both queues: verification emails are routed to "emails" (CELERY_TASK_ROUTES).
                "-Q",
                "celery,emails",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                *arguments,
            ],
            env=os.environ
            | {
                "DATABASE_URL": database_url_of_the_test_database(),
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
                "CELERY_TASK_ALWAYS_EAGER": "false",
            }
            | dict(environment),
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        workers.append(worker)
        return mail_dir

    yield start
    for worker in workers:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        print(output)


def wait_for_email(mail_dir: Path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
        # The file backend ends each message with a line of dashes; until then it is writing.
        if files and "-" * 79 in (text := files[0].read_text()):
            return text
        time.sleep(0.2)
    raise AssertionError("the worker sent no email")


def sign_and_follow_the_emailed_link(client, mail_dir):
    petition = PetitionFactory()
    assert sign_json(client, petition).status_code == 202
    email = wait_for_email(mail_dir)
    assert "To: leyla@example.org" in email
    link = LINK.search(email).group("path")
    assert "Confirm my signature" in client.get(link).content.decode()
    assert "your signature is confirmed" in client.post(link).content.decode()
    count = client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"]
    assert count == 1


def test_worker_sends_the_verification_email_whose_link_counts(
    client, settings, start_celery_worker
):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "task"  # a task per email, queued at commit
    sign_and_follow_the_emailed_link(client, start_celery_worker())


def test_worker_with_beat_sends_the_email_from_the_outbox(
    client, settings, start_celery_worker, tmp_path
):
    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"  # as in production with Redis
    mail_dir = start_celery_worker(
        "--beat",
        f"--schedule={tmp_path / 'beat-schedule'}",
        environment={"PETITIONS_VERIFICATION_EMAIL_DISPATCH": "outbox"},
    )
    sign_and_follow_the_emailed_link(client, mail_dir)
