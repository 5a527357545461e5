"""Faults: supporters sign (wrk, the sign benchmark's concurrency) and confirm while Redis is
stopped in the middle of the run; then every figure that must not move is compared.

Redis here is a redis-server of the benchmark's own on a free port (broker and cache), so that
stopping it harms nothing else; PostgreSQL is the benchmark database as for sign.
"""

import contextlib
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

from . import common, mail
from .common import report, wrk
from .fixtures import SLUG
from .http import errors_line


class ThrowawayRedis:
    def __init__(self):
        self.port = common.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )
        mail.wait_for_port(self.port)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def get(url, timeout=10, method="GET"):
    try:
        request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


class Supporters:
    """Threads that follow the emailed links, read the count and probe /healthz meanwhile."""

    def __init__(self, base, sink_log, confirmers=4):
        self.base, self.sink_log = base, sink_log
        self.lock = threading.Lock()
        self.next_link = 0
        self.confirm_statuses = Counter()
        self.read_statuses = Counter()
        self.health = []  # (status, body)
        self.confirmed = 0
        self.running = threading.Event()
        self.threads = [threading.Thread(target=self.confirmer) for _ in range(confirmers)]
        self.threads.append(threading.Thread(target=self.reader))

    def links(self):
        links = []
        with contextlib.suppress(FileNotFoundError), self.sink_log.open() as log:
            for line in log:
                fields = line.rstrip("\n").split("\t")
                if line.endswith("\n") and len(fields) == 3 and fields[2]:
                    links.append(fields[2])
        return links

    def confirmer(self):
        links = []
        while self.running.is_set():
            with self.lock:
                if self.next_link >= len(links):
                    links = self.links()
                link = links[self.next_link] if self.next_link < len(links) else None
                self.next_link += link is not None
            if link is None:
                time.sleep(0.2)
                continue
            while self.running.is_set():  # a supporter presses again after an error
                status, _ = get(self.base + link, method="POST")
                with self.lock:
                    self.confirm_statuses[status] += 1
                    self.confirmed += status == 200
                if status == 200:
                    break
                time.sleep(1)

    def reader(self):
        while self.running.is_set():
            status, _ = get(f"{self.base}/api/v1/petitions/{SLUG}/count/")
            self.read_statuses[status] += 1
            status, body = get(self.base + "/healthz", timeout=5)
            self.health.append((status, body))
            time.sleep(0.25)

    def start(self):
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running.clear()
        for thread in self.threads:
            thread.join()


def database_figures(database, petition_id):
    with common.connect(database) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM petitions_signature WHERE petition_id = %s", [petition_id]
        ).fetchone()[0]
        verified = dict(
            conn.execute(
                "SELECT country, count(*) FROM petitions_signature WHERE petition_id = %s "
                "AND verified_at IS NOT NULL AND invalidated_at IS NULL GROUP BY country",
                [petition_id],
            ).fetchall()
        )
        counted = dict(
            conn.execute(
                "SELECT country, sum(count) FROM petitions_countrycount WHERE petition_id = %s "
                "GROUP BY country HAVING sum(count) <> 0",
                [petition_id],
            ).fetchall()
        )
    return rows, verified, counted


def run(args):
    database = args.database
    petition_id = common.create_database(database, fresh=True)
    print(common.machine_line(database))
    outage_start = (args.duration - args.outage) / 2
    print(
        f"faults: {args.connections} connections signing for {args.duration} s, Redis stopped "
        f"from {outage_start:.0f} s to {outage_start + args.outage:.0f} s; a worker with beat, "
        "the outbox, an SMTP sink on loopback; 4 threads confirming the emailed links"
    )
    redis = ThrowawayRedis()
    redis.start()
    port = common.free_port()
    sink_log = common.log_path("faults-smtp-sink.log")
    sink_log.unlink(missing_ok=True)
    sink = subprocess.Popen(
        [common.PYTHON, "-m", "bench.smtp_sink", "--port", str(port), "--log", str(sink_log)],
        cwd=common.ROOT,
        start_new_session=True,
    )
    environment = {
        "REDIS_URL": redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    worker = None
    try:
        mail.wait_for_port(port)
        with common.log_path("faults-celery-worker.log").open("w") as worker_log:
            worker = subprocess.Popen(
                [common.BIN / "celery", "-A", "config", "worker", "-Q", "celery,emails"]
                + ["--pool", "solo", "--beat", "--loglevel", "WARNING"]
                + ["--schedule", str(common.log_path("faults-celerybeat-schedule"))],
                cwd=common.ROOT,
                env=common.django_env(database, **environment),
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # sign.lua names each signer's own address in X-Forwarded-For, as bench sign does.
        with common.gunicorn(
            database, "faults", PETITIONS_TRUSTED_PROXY_COUNT="1", **environment
        ) as base:
            supporters = Supporters(base, sink_log)
            supporters.start()
            outage = [
                threading.Timer(outage_start, redis.stop),
                threading.Timer(outage_start + args.outage, redis.start),
            ]
            for timer in outage:
                timer.start()
            try:
                result = wrk(
                    base,
                    "sign.lua",
                    duration=args.duration + 60,
                    connections=args.connections,
                    env={
                        "BENCH_SLUG": SLUG,
                        "BENCH_SECONDS": str(args.duration),
                        "BENCH_RUN": str(int(time.time())),
                    },
                    name="faults-sign",
                )
                for timer in outage:
                    timer.join()
                accepted = result.statuses.get(202, 0)
                deadline = time.monotonic() + args.max_duration
                while supporters.confirmed < accepted and time.monotonic() < deadline:
                    time.sleep(0.5)
                time.sleep(3)  # an email sent twice would arrive now
            finally:
                for timer in outage:  # a Redis started after the finally below would be orphaned
                    timer.cancel()
                supporters.stop()
    finally:
        if worker is not None:
            common.stop_group(worker)
        common.stop_group(sink)
        redis.stop()

    rows, verified, counted = database_figures(database, petition_id)
    recipients = Counter(r for _, r in mail.sink_messages(sink_log))
    sign_errors, sign_error_text = errors_line(result, 202)
    server_errors = sum(
        n
        for statuses in (supporters.confirm_statuses, supporters.read_statuses)
        for status, n in statuses.items()
        if status >= 500 or status == 0
    )
    health_statuses = Counter(status for status, _ in supporters.health)
    degraded = sum(
        1 for status, body in supporters.health if status == 200 and b'"degraded"' in body
    )
    print(
        f"FAULTS accepted={accepted} rows={rows} in_flight={result.in_flight} "
        f"emails={sum(recipients.values())} unique_recipients={len(recipients)} "
        f"confirmed={supporters.confirmed} verified_rows={sum(verified.values())} "
        f"counted={sum(counted.values())} sign_errors={sign_errors} "
        f"server_errors={server_errors} health={json.dumps(dict(health_statuses))} "
        f"degraded_probes={degraded}"
    )
    report("signatures accepted (202)", f"{accepted:,} ({result.rate(202):,.0f}/s)")
    report("signing errors (non-202, socket)", sign_error_text, "none", sign_errors == 0)
    report("rows stored == 202 answers", f"{rows:,} rows", f"{accepted:,}", rows == accepted)
    report(
        "each signature got exactly one email",
        f"{sum(recipients.values()):,} emails, {len(recipients):,} recipients",
        f"{accepted:,} each once",
        sum(recipients.values()) == len(recipients) == accepted,
    )
    report(
        "links confirmed (200)",
        f"{supporters.confirmed:,}",
        f"{accepted:,}",
        supporters.confirmed == accepted,
    )
    report(
        "counters == verified rows, by country",
        f"{sum(counted.values()):,} counted, {sum(verified.values()):,} verified",
        "equal",
        counted == verified and sum(verified.values()) == supporters.confirmed,
    )
    report("5xx on confirming and reading", f"{server_errors}", "0", server_errors == 0)
    report(
        "/healthz during the outage",
        f"{dict(health_statuses)}, {degraded} degraded",
        "200 only",
        set(health_statuses) == {200},
    )
