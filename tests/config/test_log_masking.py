"""No email address in clear in the logs, whoever writes it: a message, an exception, a 500."""

import io
import logging
import logging.config
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError
from django.test import Client

from config.logging_filters import PersonalDataFilter
from config.masking import mask_emails
from tests.config.helpers import BASE_DIR, GUNICORN_CONFIG
from tests.factories import PetitionFactory

pytestmark = pytest.mark.django_db

ADDRESS = "leyla.aliyeva@example.org"


@pytest.fixture(params=["json", "plain"])
def console_log(request):
    """The console handler that settings.LOGGING configures, writing into a string."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    )
    configurator = logging.config.DictConfigurator({})
    formatter = configurator.configure_formatter(
        dict(settings.LOGGING["formatters"][request.param])
    )
    stream = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(formatter)
    yield stream
    handler.setStream(previous_stream)
    handler.setFormatter(previous_formatter)


def test_addresses_are_masked_in_messages_arguments_exceptions_and_extras(console_log):
    logger = logging.getLogger("petitions.tests")
    logger.warning("Sent to %s, after %d tries", ADDRESS, 3, extra={"recipient": ADDRESS})
    try:
        raise ValueError(f"cannot deliver to <{ADDRESS}>")
    except ValueError:
        logger.exception("Delivery failed")
    text = console_log.getvalue()
    assert ADDRESS not in text
    assert "leyla" not in text
    assert "Sent to l***@e***.org, after 3 tries" in text
    assert "cannot deliver to <l***@e***.org>" in text
    assert "Delivery failed" in text


@pytest.mark.parametrize(
    "address, masked",
    [
        ("leyla@example.org", "l***@e***.org"),
        ("a@b.co.uk", "a***@b***.uk"),
        ("x.y+tag@xn--bcher-kva.example", "x***@x***.example"),
        ("leyla%40example.org", "l***%40e***.org"),
    ],
)
def test_a_masked_address_keeps_little(address, masked):
    assert mask_emails(f"to {address}.") == f"to {masked}."


def test_a_ten_kilobyte_user_agent_is_masked_at_once():
    # gunicorn's access log line, with a User-Agent anyone can make as long as a header goes:
    # masking it took a second (quadratic in the run of letters) before the pattern was bounded.
    line = f'"GET / HTTP/1.1" 200 "-" "Mozilla/5.0 {"a" * 10_000} {ADDRESS}"'
    started = time.perf_counter()
    masked = mask_emails(line)
    elapsed = time.perf_counter() - started
    assert masked.endswith(' l***@e***.org"') and "leyla" not in masked
    assert elapsed < 0.05  # a bounded pattern takes about a millisecond here


def failing_signature_create(**fields):
    # What PostgreSQL says of a duplicate row: the key, with the address, in the message.
    raise IntegrityError(
        'duplicate key value violates unique constraint "one_signature_per_email"\n'
        f"DETAIL:  Key (petition_id, email_normalized)=(1, {fields['email'].lower()}) already exists."
    )


@pytest.mark.parametrize("channel", ["page", "api"])
def test_a_500_while_signing_logs_no_address(console_log, monkeypatch, channel):
    monkeypatch.setattr("petitions.services.signature_create", failing_signature_create)
    petition = PetitionFactory()
    client = Client(raise_request_exception=False)
    fields = {"name": "Leyla Aliyeva", "email": ADDRESS, "country": "AZ"}
    if channel == "page":
        response = client.post(f"/en/p/{petition.slug}/", fields)
    else:
        response = client.post(
            f"/api/v1/petitions/{petition.slug}/signatures/",
            fields,
            content_type="application/json",
        )
    assert response.status_code == 500
    text = console_log.getvalue()
    assert "Internal Server Error" in text and "IntegrityError" in text
    assert "l***@e***.org" in text
    assert "leyla" not in text.lower()


@pytest.mark.parametrize("channel", ["page", "api"])
def test_an_error_report_leaves_out_what_the_signer_typed(settings, monkeypatch, channel):
    settings.ADMINS = [("Operator", "operator@example.net")]

    def failing(**fields):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("petitions.services.signature_create", failing)
    petition = PetitionFactory()
    client = Client(raise_request_exception=False)
    fields = {"name": "Leyla Aliyeva", "email": ADDRESS, "country": "AZ", "city": "Khojaly"}
    # The API takes form posts too; a JSON body is never in a report.
    url = {
        "page": f"/en/p/{petition.slug}/",
        "api": f"/api/v1/petitions/{petition.slug}/signatures/",
    }
    assert client.post(url[channel], fields).status_code == 500
    (report,) = mail.outbox
    assert "the database went away" in report.body
    for typed in ("leyla", "Aliyeva", "Khojaly"):
        assert typed.lower() not in report.body.lower()


def test_the_access_log_masks_an_address_in_a_url_and_the_referrer(tmp_path, free_port):
    environment = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{free_port}",
        "WEB_CONCURRENCY": "1",
        "DEBUG": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "config.wsgi"],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{free_port}/healthz?q={ADDRESS}",
        headers={"Referer": "http://127.0.0.1/admin/?q=leyla.aliyeva%40example.org"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert '"GET /healthz?q=l***@e***.org HTTP/1.1" 200' in output, output
    assert '"http://127.0.0.1/admin/?q=l***%40e***.org"' in output
    assert "leyla" not in output
