"""Settings as an operator writes them in the environment."""

import os
import subprocess
import sys

from tests.config.helpers import BASE_DIR


def start(*names, **environment):
    """Print settings in a fresh process with these variables; return how it ended."""
    names = names or ("PETITIONS_RATE_LIMITS_ADDRESS", "PETITIONS_RATE_LIMITS_DOMAIN")
    # The settings module, where a start stops on a mistake, without loading the apps
    # (django.setup()): most of a start's time, and nothing these settings depend on.
    script = (
        f"from django.conf import settings; print(*(getattr(settings, name) for name in {names!r}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"} | environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_rates_may_be_written_with_spaces_after_the_commas():
    result = start(
        PETITIONS_RATE_LIMITS_ADDRESS="10/m, 100/h", PETITIONS_RATE_LIMITS_DOMAIN=" 100/m , 1000/h"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['10/m', '100/h'] ['100/m', '1000/h']"


def test_a_mistyped_rate_stops_the_start_saying_which_and_how_to_write_it():
    result = start(PETITIONS_RATE_LIMITS_ADDRESS="10/m,100/hour")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert 'PETITIONS_RATE_LIMITS_ADDRESS: "100/hour" is not a rate' in result.stderr


def test_server_errors_are_reported_to_the_admins_named_in_the_environment():
    result = start("ADMINS", ADMINS="ops@example.org, dev@example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('', 'ops@example.org'), ('', 'dev@example.org')]"
