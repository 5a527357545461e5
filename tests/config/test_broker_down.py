"""Signing does not wait on a broker that is down, when each email is its own task."""

import json
import os
import subprocess
import sys

from django.conf import settings

# In a process of its own: the broker is Redis on a port where nothing listens.
SIGNING = """
import json, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from tests.factories import PetitionFactory
PetitionFactory(slug="truth")
client = Client()
seconds = []
for number in range(5):
    began = time.monotonic()
    response = client.post(
        "/api/v1/petitions/truth/signatures/",
        {"name": "Leyla Aliyeva", "email": f"leyla{number}@example.org", "country": "AZ"},
        content_type="application/json",
    )
    seconds.append((response.status_code, time.monotonic() - began))
print(json.dumps(seconds))
"""


def test_signing_answers_at_once_though_the_broker_is_down(tmp_path, closed_port):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", SIGNING],
        cwd=settings.BASE_DIR,
        env=env
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": f"redis://127.0.0.1:{closed_port}/0",
            "PETITIONS_VERIFICATION_EMAIL_DISPATCH": "task",
            "LOG_LEVEL": "CRITICAL",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert [status for status, _ in answers] == [202] * 5
    # The first request imports what the others find loaded.
    assert max(seconds for _, seconds in answers[1:]) < 0.3
