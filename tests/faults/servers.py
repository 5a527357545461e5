"""The service as production runs it, in processes of its own, for the fault tests.

gunicorn (config/gunicorn.py), a Celery worker with beat embedded, both queues, and a real
SMTP server on loopback (aiosmtpd) that can refuse for a while, as a relay does.
"""

import contextlib
import email
import email.policy
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings

from tests.throwaway import free_port, wait_until

BASE_DIR = Path(settings.BASE_DIR)
LINK = re.compile(r"https?://[^/\s]+(?P<path>/[a-z]{2}/verify/[^/\s]+/)")


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


class SmtpSink:
    """A relay on loopback that keeps each message's recipients and verification link.

    While `refusing` is set it answers RCPT with a temporary refusal (451), as a relay over its
    rate limit or short of disk does.
    """

    def __init__(self):
        self.port = free_port()
        self.lock = threading.Lock()
        self.recipients = []  # one entry per recipient of each accepted message
        self.links = []
        self.refusing = False
        self.refusals = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            self.refusals += 1
            return "451 4.3.2 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        match = LINK.search(message.get_body(("plain",)).get_content())
        with self.lock:
            self.recipients.extend(envelope.rcpt_tos)
            if match:
                self.links.append(match.group("path"))
        return "250 Message accepted for delivery"

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


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


class Processes:
    """Start server processes with an environment; stop them all (and print their output)."""

    def __init__(self, environment, log_dir):
        self.environment = environment
        self.log_dir = Path(log_dir)
        self.started = []

    def start(self, name, arguments, **extra):
        log = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(
            arguments,
            cwd=BASE_DIR,
            env=self.environment | extra,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append((name, process, log))
        return process

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

    def worker(self, **extra):
        """A worker of both queues with beat embedded, as `make serve` runs them apart."""
        return self.start(
            "celery",
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "celery,emails"]
            + ["--pool=solo", "--without-gossip", "--without-mingle", "--beat"]
            + [f"--schedule={self.log_dir / 'beat-schedule'}", "--loglevel=WARNING"],
            **extra,
        )

    def stop_all(self):
        for name, process, log in reversed(self.started):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 15)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()
            log.close()
            print(f"== {name}\n" + (self.log_dir / f"{name}.log").read_text()[-5000:])
