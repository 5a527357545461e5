"""The service as production runs it, in processes of its own, for the fault tests.

gunicorn (config/gunicorn.py) and a Celery worker with beat embedded, both queues; the SMTP
server they send through is tests/smtp.py's.
"""

import contextlib
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from tests.throwaway import Processes, free_port, wait_until

BASE_DIR = Path(settings.BASE_DIR)


def request(method, url, body=None, timeout=10, headers=()):
    """(status, headers, body) of one HTTP request; 0 and the error for a failed connection."""
    data = body if body is None or isinstance(body, bytes) else body.encode()
    prepared = urllib.request.Request(url, data=data, method=method, headers=dict(headers))
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError as error:
        return 0, {}, str(error).encode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


@contextlib.contextmanager
def collected_static(root):
    """collectstatic into root, once: pages name static files by their hashed names."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "drf_spec*"],
        cwd=BASE_DIR,
        env=os.environ | {"STATIC_ROOT": str(root), "DEBUG": "0"},
        check=True,
        timeout=120,
    )
    yield root


class Service(Processes):
    """The service's processes for a fault test: a Celery worker (Processes.worker), gunicorn."""

    def gunicorn(self, workers=2, **extra):
        port = free_port()
        self.start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(workers),
            **extra,
        )
        origin = f"http://127.0.0.1:{port}"
        wait_until(lambda: request("GET", origin + "/healthz", timeout=2)[0] in (200, 503), 60, 0.2)
        return origin
