"""Every response carries a request id, and every log record written while serving it does too."""

import io
import json
import logging
import logging.config
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from config.request_id import RequestIdFilter

pytestmark = pytest.mark.django_db

PAGE = "/api/v1/petitions/"
NEW_ID = re.compile(r"[0-9a-f]{32}")


def test_a_request_without_an_id_gets_a_new_one_in_the_response(client):
    first = client.get(PAGE)
    second = client.get(PAGE)
    assert NEW_ID.fullmatch(first["X-Request-ID"])
    assert NEW_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "incoming",
    ["f4b1c2d3-0a1b-4c5d-9e8f-123456789abc", "lb.node-7:42", "req_01HZX3B8Q", "x" * 128],
)
def test_a_valid_incoming_id_is_kept(client, incoming):
    response = client.get(PAGE, HTTP_X_REQUEST_ID=incoming)
    assert response.status_code == 200
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["", "two words", "x" * 129, "forged\nline", 'quote"', "<script>", "é"],
)
def test_an_invalid_incoming_id_is_replaced(client, incoming):
    response = client.get(PAGE, HTTP_X_REQUEST_ID=incoming)
    assert NEW_ID.fullmatch(response["X-Request-ID"])


def test_the_health_check_has_a_request_id_too(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")
    assert response["X-Request-ID"] == "probe-1"


@pytest.fixture
def console_log():
    """The console handler configured by settings.LOGGING, writing JSON into a string."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in handler.filters)
    )
    configurator = logging.config.DictConfigurator({})
    json_formatter = configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"]))
    stream = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(json_formatter)
    yield stream
    handler.setStream(previous_stream)
    handler.setFormatter(previous_formatter)


def json_lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_log_record_written_during_a_request_carries_its_id_as_json(
    client, settings, console_log, closed_port
):
    # The health check logs why Redis failed: a real record, written inside the request.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == 200  # Redis down degrades the node, it does not fail it
    logging.getLogger("petitions").warning("after the request")

    *during, after = json_lines(console_log)
    # The health check's own record names the request.
    assert [(r["logger"], r["level"], r["request_id"]) for r in during] == [
        ("config.health", "WARNING", "trace-42"),
    ]
    assert during[0]["message"].startswith("health check: Redis failed: ")
    assert "Connection refused" in during[0]["message"]
    assert {"time", "level", "logger", "message", "request_id"} <= after.keys()
    assert after["request_id"] == "-"
    assert after["message"] == "after the request"


@pytest.mark.parametrize(
    "environment, log_format",
    [({}, "json"), ({"DEBUG": "1"}, "plain"), ({"LOG_FORMAT": "plain"}, "plain")],
)
def test_logs_are_json_unless_debug_or_told_otherwise(monkeypatch, environment, log_format):
    # Settings are read from the environment once, at start: read them afresh as a server would.
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    fresh = runpy.run_path(str(Path(settings.BASE_DIR) / "config" / "settings.py"))
    assert fresh["LOGGING"]["handlers"]["console"]["formatter"] == log_format
