"""Fifty clients sending their headers a byte at a time hold no gunicorn worker: behind the
proxy that `make serve` runs (nginx, deploy/nginx.conf), /healthz and signing still answer
within a second."""

import shutil
import socket
import sys
import threading
import time

import pytest

from tests.factories import PetitionFactory
from tests.throwaway import accepts_connections, free_port, skip_or_fail, wait_until

from .servers import request

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SLOW_CLIENTS = 50


@pytest.fixture
def proxied(processes, test_database_url, tmp_path):
    """gunicorn with 2 sync workers on a unix socket, nginx in front: as `make serve`."""
    if shutil.which("nginx", path="/usr/sbin:/usr/bin") is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light; CI installs it)")
    socket_path = tmp_path / "web.sock"
    port = free_port()
    processes.start(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        DATABASE_URL=test_database_url,
        BIND=f"unix:{socket_path}",
        WEB_CONCURRENCY="2",
        PETITIONS_TRUSTED_PROXY_COUNT="1",
    )
    processes.start(
        "nginx",
        [sys.executable, "-m", "config.proxy"],
        PROXY_BIND=f"127.0.0.1:{port}",
        BIND=f"unix:{socket_path}",
        PROXY_VAR_DIR=str(tmp_path / "nginx"),
    )
    origin = f"http://127.0.0.1:{port}"
    wait_until(lambda: accepts_connections(port) and socket_path.exists(), timeout=30)
    wait_until(lambda: request("GET", origin + "/healthz", timeout=2)[0] == 200, timeout=30)
    return origin


def trickle(port, stop):
    """Open the slow connections and send each one byte of its headers every half second."""
    request_line = b"POST /api/v1/petitions/slow/signatures/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    connections = [socket.create_connection(("127.0.0.1", port)) for _ in range(SLOW_CLIENTS)]
    sent = 0
    while not stop.is_set() and sent < len(request_line):
        for connection in connections:
            connection.send(request_line[sent : sent + 1])
        sent += 1
        stop.wait(0.5)
    for connection in connections:
        connection.close()


def timed(method, url, body=None, headers=()):
    began = time.monotonic()
    status = request(method, url, body, timeout=5, headers=headers)[0]
    return status, time.monotonic() - began


def test_slow_clients_hold_no_worker_healthz_and_signing_answer_within_a_second(proxied):
    PetitionFactory(slug="slow")
    port = int(proxied.rsplit(":", 1)[1])
    stop = threading.Event()
    slow = threading.Thread(target=trickle, args=(port, stop))
    slow.start()
    try:
        time.sleep(2)  # every slow connection is open and has sent a few bytes
        answers = []
        for number in range(10):
            answers.append(timed("GET", proxied + "/healthz"))
            body = f'{{"name": "Quick", "email": "quick{number}@example.org", "country": "FR"}}'
            answers.append(
                timed(
                    "POST",
                    f"{proxied}/api/v1/petitions/slow/signatures/",
                    body,
                    headers={"Content-Type": "application/json"},
                )
            )
        assert slow.is_alive(), "the slow clients were done before the quick ones"
    finally:
        stop.set()
        slow.join()
    assert [status for status, _ in answers] == [200, 202] * 10
    assert max(seconds for _, seconds in answers) < 1
