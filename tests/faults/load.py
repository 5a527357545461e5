"""Supporters signing and confirming at a steady rate while a fault happens: every answer kept.

Signers post to the API and the page's form (a new address each time), confirmers follow the
links as the SMTP sink receives them (again later if the service answered 503, as a supporter
would), readers load the page, the count and the detail, and a probe polls /healthz.
"""

import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from .servers import request

COUNTRIES = ["AZ", "FR", "DE", "US", "TR"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    kind: str  # sign, sign by form, confirm, read, health
    status: int
    at: float  # seconds since the load began
    email: str = ""
    retry_after: str | None = None
    body: str = ""


@dataclass
class Load:
    origin: str
    sink: object
    slug: str
    signers: int = 4
    per_second: float = 16
    duration: float = 20
    confirmers: int = 2
    health_path: str = "/healthz"
    health_headers: tuple = ()
    answers: list = field(default_factory=list)

    def __post_init__(self):
        self.lock = threading.Lock()
        self.began = time.monotonic()
        self.signing = threading.Event()
        self.running = threading.Event()
        self.confirmed_links = set()
        self.next_link = 0

    def now(self):
        return time.monotonic() - self.began

    def keep(self, kind, status, headers, body=b"", email=""):
        answer = Answer(
            kind,
            status,
            self.now(),
            email,
            headers.get("Retry-After"),
            body[:2000].decode(errors="replace"),
        )
        with self.lock:
            self.answers.append(answer)
        return answer

    # Supporters ---------------------------------------------------------------------------

    def sign_by_api(self, address, country):
        body = json.dumps({"name": "Fault Tester", "email": address, "country": country})
        status, headers, content = request(
            "POST",
            f"{self.origin}/api/v1/petitions/{self.slug}/signatures/",
            body,
            headers={"Content-Type": "application/json"},
        )
        self.keep("sign", status, headers, content, address)

    def sign_by_form(self, address, country):
        page = f"{self.origin}/en/p/{self.slug}/"
        status, headers, content = request("GET", page)
        token = CSRF_INPUT.search(content.decode(errors="replace"))
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "") or "")
        if status != 200 or not token or not cookie:
            self.keep("read", status, headers, content)
            return
        form = f"csrfmiddlewaretoken={token.group(1)}&name=Fault+Tester&email={address}&country={country}"
        status, headers, content = request(
            "POST",
            page,
            form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1)}",
            },
        )
        # The form answers a signature taken with a redirect to the "check your email" page.
        self.keep("sign by form", 202 if status == 302 else status, headers, content, address)

    def signer(self, number):
        interval = self.signers / self.per_second
        sent = 0
        while self.signing.is_set():
            sent += 1
            address = f"signer{number}-{sent}@faults.example"
            country = COUNTRIES[sent % len(COUNTRIES)]
            if number == 0 and sent % 2:
                self.sign_by_form(address, country)
            else:
                self.sign_by_api(address, country)
            time.sleep(max(0.0, interval - 0.01))

    def confirmer(self):
        while self.running.is_set():
            with self.lock:
                links = self.sink.links
                link = links[self.next_link] if self.next_link < len(links) else None
                if link:
                    self.next_link += 1
            if link is None:
                time.sleep(0.05)
                continue
            self.confirm(link)

    def confirm(self, link):
        """Press a link's button until the service takes it (a supporter tries again after a 503)."""
        while self.running.is_set():
            status, headers, content = request("POST", self.origin + link)
            self.keep("confirm", status, headers, content)
            if status == 200:
                with self.lock:
                    self.confirmed_links.add(link)
                return
            time.sleep(1)

    def reader(self):
        paths = [
            f"/en/p/{self.slug}/",
            f"/api/v1/petitions/{self.slug}/count/",
            f"/api/v1/petitions/{self.slug}/",
            "/",
        ]
        number = 0
        while self.running.is_set():
            number += 1
            status, headers, content = request("GET", self.origin + paths[number % len(paths)])
            self.keep("read", status, headers, content)
            time.sleep(0.05)

    def probe(self):
        while self.running.is_set():
            status, headers, content = request(
                "GET", self.origin + self.health_path, timeout=5, headers=self.health_headers
            )
            self.keep("health", status, headers, content)
            time.sleep(0.5)

    # The run ------------------------------------------------------------------------------

    def run(self, faults=(), drain=lambda: True, drain_timeout=90):
        """Sign for `duration` seconds, doing each (at, fault) meanwhile; then confirm until
        drain() says every email owed has been delivered and followed."""
        self.began = time.monotonic()
        self.signing.set()
        self.running.set()
        threads = [threading.Thread(target=self.signer, args=(n,)) for n in range(self.signers)]
        signers = list(threads)
        threads += [threading.Thread(target=self.confirmer) for _ in range(self.confirmers)]
        threads += [threading.Thread(target=self.reader), threading.Thread(target=self.probe)]
        for thread in threads:
            thread.start()
        try:
            for at, fault in sorted(faults, key=lambda f: f[0]):
                time.sleep(max(0.0, at - self.now()))
                fault()
            time.sleep(max(0.0, self.duration - self.now()))
            self.signing.clear()
            for thread in signers:
                thread.join()
            deadline = time.monotonic() + drain_timeout
            while not drain() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            self.signing.clear()
            self.running.clear()
            for thread in threads:
                thread.join()

    # What happened --------------------------------------------------------------------------

    def of(self, *kinds):
        return [a for a in self.answers if a.kind in kinds]

    def accepted_emails(self):
        return {a.email for a in self.of("sign", "sign by form") if a.status == 202}

    def statuses(self, *kinds):
        return Counter(a.status for a in self.of(*kinds))

    def server_errors(self):
        return [a for a in self.answers if a.status >= 500 or a.status == 0]
