"""PostgreSQL unreachable: supporters get a 503 saying their signature was not taken, never a 500."""

import json
import os
import subprocess
import sys

from django.conf import settings

from config.unavailable import server_error

# Run in a process of its own whose DATABASE_URL names a port where nothing listens.
REQUESTS = """
import json, django
django.setup()
from django.conf import settings
from django.test.utils import override_settings
# Static files by name: the test builds no collectstatic manifest (overridden as tests do, so
# that storages already made at start-up are made again).
override_settings(STORAGES=settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}).enable()
from django.test import Client
client = Client(raise_request_exception=False)  # as a server answers
sign = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"}
answers = {
    "page": client.get("/en/p/truth/"),
    "signing": client.post("/en/p/truth/", sign),
    "api": client.get("/api/v1/petitions/truth/count/"),
    "api signing": client.post(
        "/api/v1/petitions/truth/signatures/", sign, content_type="application/json"
    ),
}
print(json.dumps({
    name: [r.status_code, r.get("Retry-After"), r["Content-Type"], r.content.decode()]
    for name, r in answers.items()
}))
"""


def answers_without_the_database(closed_port):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=settings.BASE_DIR,
        env=env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port}/petitions",
            "LOG_LEVEL": "CRITICAL",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_the_database_pages_and_api_answer_503_saying_to_try_again(closed_port):
    answers = answers_without_the_database(closed_port)

    status, retry_after, content_type, body = answers["signing"]
    assert (status, retry_after) == (503, "30")
    assert content_type.startswith("text/html")
    assert "Your signature was not taken" in body
    assert "try" in body.lower()

    status, retry_after, content_type, body = answers["page"]
    assert (status, retry_after) == (503, "30")
    assert "Please try again in a minute" in body

    for name in ("api", "api signing"):
        status, retry_after, content_type, body = answers[name]
        assert (status, retry_after, content_type) == (503, "30", "application/json")
        assert "Try again" in json.loads(body)["detail"]
    assert "nothing was recorded" in json.loads(answers["api signing"][3])["detail"]


def test_other_errors_are_still_a_plain_500(rf):
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(rf.get("/en/p/truth/"))
    assert response.status_code == 500
    assert "Retry-After" not in response
