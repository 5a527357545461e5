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
from tests.petitions.helpers import LINK, sign_json

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def database_url_of_the_test_database():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker(tmp_path):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL (CI runs it)")
    mail_dir = tmp_path / "mail"
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
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
        ],
        env=os.environ
        | {
            "DATABASE_URL": database_url_of_the_test_database(),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "CELERY_TASK_ALWAYS_EAGER": "false",
        },
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield mail_dir
    worker.terminate()
    output, _ = worker.communicate(timeout=30)
    print(output)


def wait_for_email(mail_dir: Path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
        if files:
            return files[0].read_text()
        time.sleep(0.2)
    raise AssertionError("the worker sent no email")


def test_worker_sends_the_verification_email_whose_link_counts(client, celery_worker):
    petition = PetitionFactory()
    assert sign_json(client, petition).status_code == 202
    email = wait_for_email(celery_worker)
    assert "To: leyla@example.org" in email
    link = LINK.search(email).group("path")
    assert "your signature is confirmed" in client.get(link).content.decode()
    count = client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"]
    assert count == 1
