"""What the config tests share: a real gunicorn with the production configuration."""

import contextlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN_CONFIG = BASE_DIR / "config" / "gunicorn.py"


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextlib.contextmanager
def gunicorn_serving(environment, port):
    """Run gunicorn with config/gunicorn.py on a local port; yield its origin, then stop it and
    print its output (pytest shows it when the test fails)."""
    origin = f"http://127.0.0.1:{port}"
    # A file, not a pipe: a pipe read only at the end fills up (the access log) and stops gunicorn.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "config.wsgi"],
            cwd=BASE_DIR,
            env=environment | {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while server.poll() is None and time.monotonic() < deadline:
                try:
                    get(origin + "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            yield origin
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.seek(0)
            print(log.read())
