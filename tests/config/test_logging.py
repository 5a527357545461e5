"""Quiet logs: each record once, an ordinary 403 in one line, no warning for every signature."""

import logging
import os
import subprocess
import sys
import textwrap

import pytest

from tests.config.helpers import BASE_DIR
from tests.factories import PetitionFactory

# What `make run` serves with: DEBUG, plain text logs; two requests through Django's handler.
REQUESTS = textwrap.dedent(
    """
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.create_user("clerk", is_staff=True))
    assert client.get("/admin/petitions/petition/add/").status_code == 403
    assert client.get("/no-such-page/").status_code == 404
    """
)


@pytest.fixture(scope="module")
def development_log(tmp_path_factory):
    """What a development server (DEBUG=1) writes to the console while serving a 403 and a 404."""
    database = tmp_path_factory.mktemp("logs") / "db.sqlite3"
    environment = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", REQUESTS],
        cwd=BASE_DIR,
        env=environment | {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.xdist_group("development_log")  # one server's log for both, on one worker
def test_development_server_writes_each_record_once(development_log):
    assert development_log.count("Not Found: /no-such-page/") == 1, development_log


@pytest.mark.xdist_group("development_log")  # one server's log for both, on one worker
def test_an_ordinary_403_is_one_line_without_a_traceback(development_log):
    lines = [line for line in development_log.splitlines() if "Forbidden" in line]
    assert len(lines) == 1 and "/admin/petitions/petition/add/" in lines[0], development_log
    assert "Traceback" not in development_log


@pytest.mark.django_db(transaction=True)
def test_signing_in_process_logs_no_broker_warning(client, caplog):
    caplog.set_level(logging.INFO)
    petition = PetitionFactory()
    response = client.post(
        f"/en/p/{petition.slug}/",
        {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"},
    )
    assert response.status_code == 302
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.django_db
def test_an_idle_outbox_logs_nothing_and_a_busy_one_one_line(caplog, settings):
    from petitions import tasks
    from tests.factories import SignatureFactory

    settings.PETITIONS_VERIFICATION_EMAIL_DISPATCH = "outbox"
    with caplog.at_level(logging.INFO):
        tasks.verification_emails_send_owed_task()
    assert caplog.records == []
    SignatureFactory.create_batch(3)
    with caplog.at_level(logging.INFO):
        tasks.verification_emails_send_owed_task()
    assert [r.getMessage() for r in caplog.records] == [
        "Outbox: 3 verification emails sent or put off"
    ]


def test_celery_says_nothing_per_task_run_but_its_failures():
    # Beat sends the outbox every few seconds: a line per task sent, received and succeeded
    # would be most of an idle node's log.
    for name in ("celery.beat", "celery.worker.strategy", "celery.app.trace"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
        assert logging.getLogger(name).isEnabledFor(logging.WARNING)
