"""`make run`: the demo on the address it is given, with nothing else set."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.request

from tests.config.helpers import BASE_DIR, get

LINK = re.compile(r"https?://\S+/verify/\S+/")


def test_make_run_on_another_port_emails_links_to_that_port(tmp_path, free_port):
    address = f"127.0.0.1:{free_port}"
    mail_dir = tmp_path / "mail"
    # Nothing set but where the demo keeps its database and emails (not the checkout's var/).
    unset = ("SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL", "SITE_URL", "EMAIL_BACKEND")
    unset += ("HTTPS_ONLY", "STAFF_TWO_FACTOR_REQUIRED")  # plain http: what DEBUG implies
    env = {k: v for k, v in os.environ.items() if k not in unset} | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"HOST={address}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # runserver's reloader starts a child: stop the whole group
    )
    try:
        deadline = time.monotonic() + 240
        while server.poll() is None and time.monotonic() < deadline:
            try:
                get(f"http://{address}/healthz")
                break
            except OSError:
                time.sleep(0.3)
        assert server.poll() is None, "make run stopped"

        request = urllib.request.Request(
            f"http://{address}/api/v1/petitions/petition-to-world-leaders/signatures/",
            data=json.dumps(
                {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 202
        (email,) = mail_dir.iterdir()
        link = LINK.search(email.read_text()).group()
        assert link.startswith(f"http://{address}/en/verify/")
        status, _, body = get(link)
        assert status == 200
        assert "Confirm my signature" in body.decode()
        with urllib.request.urlopen(urllib.request.Request(link, method="POST"), timeout=30) as r:
            assert "your signature is confirmed" in r.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
        print(output)
