"""The production web server: gunicorn with config/gunicorn.py, static files by WhiteNoise."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from config.celery import app as celery_app
from tests.config.helpers import BASE_DIR, GUNICORN_CONFIG, get, gunicorn_serving

ONE_YEAR = 365 * 24 * 3600


def test_gunicorn_accepts_the_configuration_and_loads_the_application():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", GUNICORN_CONFIG, "config.wsgi"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def gunicorn_settings(monkeypatch, **environment):
    for name in ("BIND", "PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONFIG))


def test_gunicorn_defaults_to_sync_workers_on_localhost_logging_access_to_stdout(monkeypatch):
    config = gunicorn_settings(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["worker_class"] == "sync"
    assert config["accesslog"] == "-"
    assert 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["graceful_timeout"] > 0 and config["timeout"] > 0


def test_gunicorn_takes_port_bind_and_worker_count_from_the_environment(monkeypatch):
    assert gunicorn_settings(monkeypatch, PORT="5000")["bind"] == ["0.0.0.0:5000"]
    both = gunicorn_settings(monkeypatch, PORT="5000", BIND="unix:/run/petitions.sock")
    assert both["bind"] == ["unix:/run/petitions.sock"]
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


@pytest.mark.parametrize(
    "task, queue",
    [
        ("petitions.tasks.verification_email_send_task", "emails"),
        ("petitions.tasks.verification_emails_send_owed_task", "emails"),
        ("petitions.tasks.milestone_email_send_task", "emails"),
        ("petitions.tasks.milestones_check_task", "celery"),
        ("petitions.tasks.signer_export_run_task", "celery"),
    ],
)
def test_emails_have_their_own_queue(task, queue):
    route = celery_app.amqp.router.route({}, task, args=(), kwargs={})
    assert route["queue"].name == queue


def test_make_serve_refuses_to_start_without_postgresql_and_redis():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "make serve needs DATABASE_URL" in result.stdout
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],
        cwd=BASE_DIR,
        env=env | {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/petitions"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "make serve needs REDIS_URL" in result.stdout


@pytest.fixture
def collected_static(server_environment):
    """collectstatic into the fresh STATIC_ROOT, as `make serve` does; returns the manifest."""
    subprocess.run(
        # The API docs' bundles (drf_spectacular_sidecar) are most of the time; not needed here.
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "drf_spec*"],
        cwd=BASE_DIR,
        env=server_environment,
        check=True,
        timeout=120,
    )
    manifest = Path(server_environment["STATIC_ROOT"]) / "staticfiles.json"
    return json.loads(manifest.read_text())["paths"]


@pytest.fixture
def gunicorn(server_environment, collected_static, free_port):
    """A real gunicorn, with config/gunicorn.py, on a free port; stopped after the test."""
    with gunicorn_serving(server_environment, free_port) as origin:
        yield origin


@pytest.mark.django_db
def test_gunicorn_serves_healthz_and_hashed_static_files_cached_for_a_year(
    gunicorn, collected_static
):
    status, headers, body = get(gunicorn + "/healthz")
    assert status == 200, body
    assert json.loads(body)["database"] == "ok"
    assert headers["Cache-Control"] == "no-store"

    hashed = collected_static["admin/css/base.css"]
    assert hashed != "admin/css/base.css"
    status, headers, body = get(f"{gunicorn}/static/{hashed}")
    assert status == 200
    assert b"body" in body
    cache_control = dict(
        part.strip().partition("=")[::2] for part in headers["Cache-Control"].split(",")
    )
    assert int(cache_control["max-age"]) >= ONE_YEAR
    assert "immutable" in cache_control
    # The unhashed name may change content at any deploy: cached briefly only.
    status, headers, _ = get(f"{gunicorn}/static/admin/css/base.css")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=60, public"
