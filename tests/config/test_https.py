"""HTTPS in production: the settings it takes, check --deploy, and what a client notices."""

import json
import os
import subprocess
import sys

import pytest

from tests.config.helpers import BASE_DIR
from tests.factories import PetitionFactory, UserFactory

# What the test run sets for itself (pyproject.toml, the browser tests) and production does not.
TEST_ONLY = (
    "DEBUG",
    "HTTPS_ONLY",
    "STAFF_TWO_FACTOR_REQUIRED",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_environment(**extra):
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY} | {
        "ALLOWED_HOSTS": "petitions.example.org",
        **extra,
    }


def settings_in(environment, *names):
    """The values of settings in a fresh process with that environment."""
    # The settings module alone, without loading the apps (django.setup()): most of a start's
    # time, and nothing these values depend on.
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


SECURE = (
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "STAFF_TWO_FACTOR_REQUIRED",
    "SECURE_PROXY_SSL_HEADER",
)


def test_production_is_https_only_with_two_factor_logins_by_default():
    assert settings_in(production_environment(), *SECURE) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "STAFF_TWO_FACTOR_REQUIRED": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_behind_proxies_their_x_forwarded_proto_tells_the_scheme():
    behind = production_environment(PETITIONS_TRUSTED_PROXY_COUNT="1")
    assert settings_in(behind, "SECURE_PROXY_SSL_HEADER") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]
    }
    other = production_environment(SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme")
    assert settings_in(other, "SECURE_PROXY_SSL_HEADER") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_SCHEME", "https"]
    }


def test_development_and_plain_http_trials_turn_it_off():
    off = dict.fromkeys(SECURE[:3], False) | {"SECURE_HSTS_SECONDS": 0}
    for environment in (
        production_environment(DEBUG="1"),
        production_environment(HTTPS_ONLY="0"),
    ):
        assert settings_in(environment, *SECURE[:4]) == off
    assert settings_in(production_environment(DEBUG="1"), "STAFF_TWO_FACTOR_REQUIRED") == {
        "STAFF_TWO_FACTOR_REQUIRED": False
    }


def test_check_deploy_with_the_production_settings_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def https_only(settings):
    """Production's HTTPS settings, in this process, behind one TLS-terminating proxy."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_but_the_health_check_is_answered(client, https_only):
    response = client.get("/en/events/?country=FR")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/events/?country=FR"
    assert client.get("/healthz").status_code == 200  # load balancers probe over http


@pytest.mark.django_db
def test_https_pages_send_hsts_and_secure_http_only_same_site_cookies(client, https_only):
    petition = PetitionFactory()
    page = client.get(f"/en/p/{petition.slug}/", HTTP_X_FORWARDED_PROTO="https")
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000"
    UserFactory(username="moderator")
    login = client.post(
        "/admin/login/",
        {"username": "moderator", "password": "correct horse battery staple"},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert login.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = login.cookies[name]
        assert cookie["secure"] and cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name
