"""Servers a test starts, stops and starts again, so the shared ones are never stopped.

`RedisServer`: a redis-server of its own on a free loopback port, no persistence.
`PostgresCluster`: a PostgreSQL cluster of its own (initdb into a temporary folder), trust
authentication on a free loopback port.
`Processes`: the service's own processes (a Celery worker, gunicorn, nginx), each logging to a
file of its own.

A test whose server or program is missing skips, and fails instead where CI provides them all
(see skip_or_fail).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings


def skip_or_fail(message, required_by="REQUIRE_SERVICES"):
    """Skip the test for something missing; fail it if the environment variable required_by is
    set, as CI sets it where the thing must be there: a skip there would pass unnoticed."""
    if os.environ.get(required_by):
        pytest.fail(f"{message} ({required_by} is set)")
    pytest.skip(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(step)
    raise AssertionError(f"still not so after {timeout} s")


def accepts_connections(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


class RedisServer:
    """A redis-server on its own port; stop() and start() it as a fault would."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            skip_or_fail("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: accepts_connections(self.port), timeout=10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@contextlib.contextmanager
def redis_server():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def postgres_bin():
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), or skip (see skip_or_fail)."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    skip_or_fail("PostgreSQL's server programs are not installed (initdb, pg_ctl)")


class PostgresCluster:
    """A PostgreSQL cluster in a folder of its own; stop() and start() it as a restart would.

    As root (CI), its files belong to the postgres user and its programs run as that user.
    """

    def __init__(self):
        self.bin = postgres_bin()
        # Not under pytest's tmp_path: as root, that is closed to the postgres user.
        self.folder = Path(tempfile.mkdtemp(prefix="petitions-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"
        self.as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, program, *arguments):
        subprocess.run(
            [*self.as_postgres, self.bin / program, *map(str, arguments)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c max_connections=60"
        )
        log = self.folder / "postgresql.log"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def database_url(self, name):
        return f"{self.url}/{name}"


class Processes:
    """Start processes with an environment, each writing to a log file of its own, never to a
    pipe (a pipe nobody reads fills up and stops the process); stop them all and print the end of
    each log, which pytest shows when the test fails."""

    def __init__(self, environment, log_dir):
        self.environment = environment
        self.log_dir = Path(log_dir)
        self.started = []

    def start(self, name, arguments, **extra):
        log_path = self.log_dir / f"{name}-{len(self.started)}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                arguments,
                cwd=settings.BASE_DIR,
                env=self.environment | extra,
                stdout=log,
                stderr=subprocess.STDOUT,
                # A group of its own: stopping it stops what it started (the beat it embeds).
                start_new_session=True,
            )
        self.started.append((name, process, log_path))
        return process

    def worker(self, *, queues="celery,emails", beat=False, **extra):
        """A Celery worker, one task at a time; with beat embedded if asked (`make serve` runs beat
        as a process of its own)."""
        schedule = ["--beat", f"--schedule={self.log_dir / f'beat-{len(self.started)}'}"]
        return self.start(
            "celery",
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queues]
            + ["--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
            + (schedule if beat else []),
            **extra,
        )

    def stop_all(self):
        for name, process, log_path in reversed(self.started):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 15)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
                    process.wait()
            print(f"== {name}\n" + log_path.read_text()[-5000:])
