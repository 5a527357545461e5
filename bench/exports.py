"""Exports at 1,000,000 verified signatures: counts by country and the signer CSV."""

import os
import statistics
import subprocess
import time
import urllib.request

from . import common, data
from .common import report
from .fixtures import SLUG

SIZE = 1_000_000


def measure(database, *args, name):
    """Run `python <args>` in the Django environment; return (seconds, peak RSS in MB).

    os.wait4 gives the rusage of that one child, so the peak is the command's own.
    """
    with common.log_path(f"{name}.log").open("w") as log:
        began = time.monotonic()
        process = subprocess.Popen(
            [common.PYTHON, *args],
            cwd=common.ROOT,
            env=common.django_env(database),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(args)} failed; see {log.name}")
    return elapsed, usage.ru_maxrss / 1024


def run(args):
    database = data.database_for(SIZE)
    data.ensure(database, SIZE)
    token = common.run_django(database, "-m", "bench.fixtures", "organizer").strip()
    common.flush_redis()
    print(common.machine_line(database))
    print(f"exports at {SIZE:,} verified signatures (all consenting), database {database}")

    with common.gunicorn(database, "exports") as base:
        request = urllib.request.Request(
            f"{base}/api/v1/petitions/{SLUG}/signature-counts/?format=csv",
            headers={"Authorization": f"Token {token}"},
        )
        times = []
        # Each of gunicorn's workers answers its first request cold (its URL patterns,
        # catalogues and templates loaded then): the median of 20 is the warm figure, whichever
        # workers the requests reach.
        for _ in range(21):
            began = time.monotonic()
            with urllib.request.urlopen(request) as response:
                response.read()
            times.append(time.monotonic() - began)
    # The first request computes the counts and warms its worker; the next ones may find the
    # counts in the 3 s cache.
    report(
        "counts CSV over HTTP, first request",
        f"{times[0] * 1000:.0f} ms",
        "< 1 s",
        times[0] < 1,
    )
    report(
        "counts CSV over HTTP, median of 20 more",
        f"{statistics.median(times[1:]) * 1000:.0f} ms",
        "< 1 s",
        statistics.median(times[1:]) < 1,
    )

    startup, startup_rss = measure(
        database, "manage.py", "export_signature_counts", "--help", name="exports-startup"
    )
    counts_file = common.log_path("signature-counts.csv")
    elapsed, rss = measure(
        database,
        "manage.py",
        "export_signature_counts",
        SLUG,
        "--format",
        "csv",
        "--output",
        str(counts_file),
        name="exports-counts",
    )
    report(
        "counts CSV command (wall, incl. startup)",
        f"{elapsed:.2f} s, {rss:.0f} MB (startup alone {startup:.2f} s, {startup_rss:.0f} MB)",
        "< 1 s",
        elapsed < 1,
    )

    signers_file = common.log_path("signers.csv")
    elapsed, rss = measure(
        database,
        "manage.py",
        "export_signers",
        SLUG,
        "--output",
        str(signers_file),
        name="exports-signers",
    )
    with signers_file.open("rb") as file:
        rows = sum(1 for _ in file) - 1  # less the header
    print(f"EXPORTS signer_rows={rows} signer_seconds={elapsed:.2f} signer_peak_mb={rss:.0f}")
    report("signer CSV command, time", f"{elapsed:.1f} s for {rows:,} rows", "< 15 s", elapsed < 15)
    report("signer CSV command, peak RSS", f"{rss:.0f} MB", "< 150 MB", rss < 150)
    report("signer CSV rows", f"{rows:,}", f"{SIZE:,}", rows == SIZE)
