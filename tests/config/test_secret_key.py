"""SECRET_KEY signs the verification links: production never runs on a missing or known one."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import signing

from petitions.models import Signature
from tests.factories import PetitionFactory
from tests.petitions.helpers import sign_json, signature_of

BASE_DIR = settings.BASE_DIR
# The key this repository used to fall back on: public, so anyone could sign links with it.
OLD_DEFAULT_KEY = "insecure-development-key-set-SECRET_KEY-in-production"
STRONG_KEY = "Vq3Jm8xL2pN7rT4wZ9bC6dF1gH5kS0aE-yU_iO8nM3lK7jB2vX9cR4tW6qP1zA"


def environment(**variables):
    """The test run's environment without the settings under test, plus the given ones."""
    unset = ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "DEBUG", "DATABASE_URL", "REDIS_URL")
    return {k: v for k, v in os.environ.items() if k not in unset} | variables


def manage(*arguments, **variables):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_refused_with_one_line(result, *words):
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_production_refuses_to_start_without_a_secret_key():
    assert_refused_with_one_line(manage("check"), "SECRET_KEY is not set")


@pytest.mark.parametrize(
    "key, reason",
    [
        (OLD_DEFAULT_KEY, "published"),
        ("short-but-varied-key-0123456789", "at least 50 characters"),
        ("ab" * 40, "at least 5 different characters"),
        ("django-insecure-" + STRONG_KEY, "django-insecure-"),
    ],
)
def test_production_refuses_a_known_or_weak_secret_key(key, reason):
    assert_refused_with_one_line(manage("check", SECRET_KEY=key), "SECRET_KEY", reason)


def test_production_refuses_the_old_default_key_among_the_fallback_keys():
    result = manage("check", SECRET_KEY=STRONG_KEY, SECRET_KEY_FALLBACKS=OLD_DEFAULT_KEY)
    assert_refused_with_one_line(result, "SECRET_KEY_FALLBACKS", "published")


def test_production_starts_with_a_strong_key():
    result = manage("check", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_the_missing_key():
    assert_refused_with_one_line(manage("check", "--deploy"), "SECRET_KEY is not set")


def test_development_runs_without_a_key_and_check_deploy_calls_its_key_insecure():
    result = manage("check", "--deploy", DEBUG="1")
    assert "Traceback" not in result.stderr, result.stderr
    assert "security.W009" in result.stderr + result.stdout


def test_development_refuses_the_published_key_too():
    result = manage("check", DEBUG="1", SECRET_KEY=OLD_DEFAULT_KEY)
    assert_refused_with_one_line(result, "published")


def test_make_serve_stops_with_the_message_without_a_secret_key():
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR,
        env=environment(
            # Never reached: the settings stop the first command before it connects.
            DATABASE_URL="postgres://postgres@127.0.0.1:9/petitions",
            REDIS_URL="redis://127.0.0.1:9/0",
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_gunicorn_stops_with_the_message_without_a_secret_key(free_port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=BASE_DIR,
        env=environment(BIND=f"127.0.0.1:{free_port}", WEB_CONCURRENCY="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.terminate()
        output, _ = server.communicate(timeout=30)
        pytest.fail("gunicorn kept running without a SECRET_KEY:\n" + output)
    assert server.returncode != 0
    assert "Traceback" not in output, output
    assert output.count("SECRET_KEY is not set") == 1, output


@pytest.mark.django_db(transaction=True)
def test_a_link_forged_with_the_old_default_key_does_not_verify(client):
    petition = PetitionFactory()
    sign_json(client, petition)
    signature = signature_of(petition, "leyla@example.org")
    # What an attacker could make offline from the repository: the signer, salt and value
    # format of petitions.tokens, with the published key.
    forged = signing.TimestampSigner(key=OLD_DEFAULT_KEY, salt="petitions.verify").sign(
        signing.b62_encode(signature.pk)
    )
    assert client.get(f"/en/verify/{forged}/").status_code == 404
    response = client.post(f"/en/verify/{forged}/")
    assert response.status_code == 404
    assert Signature.objects.get(pk=signature.pk).verified_at is None
