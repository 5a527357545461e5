import socket

import pytest


@pytest.fixture
def closed_port():
    """A local TCP port that refuses connections: bound, never listening, for the test's span."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
