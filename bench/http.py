"""The HTTP benchmarks: sign, verify and reads, each beside the baseline view in the same run."""

import time

from . import common, data
from .common import http_summary, report, wrk
from .fixtures import SLUG

MINIMAL = "/bench/minimal/"


def baseline(base, args, name):
    """The minimal view's figures, on this server, now: what every ratio is relative to."""
    result = wrk(
        base,
        "get.lua",
        duration=args.duration,
        connections=args.connections,
        env={"BENCH_PATH": MINIMAL},
        name=f"{name}-minimal",
    )
    report("baseline: minimal JSON view", http_summary(result, status=200))
    return result.rate(200)


def errors_line(result, expected_status):
    """'0' or 'status 500: 3, timeout: 2': every answer but the expected one, and socket errors."""
    errors = {f"status {s}": n for s, n in result.statuses.items() if s != expected_status}
    errors.update({kind: n for kind, n in result.socket_errors.items() if n})
    return sum(errors.values()), ", ".join(f"{k}: {n}" for k, n in errors.items()) or "none"


def sign(args):
    petition_id = common.create_database(args.database, fresh=True)
    common.flush_redis()
    print(common.machine_line(args.database))
    print(f"sign: {args.connections} connections, {args.duration} s, database {args.database}")
    # Limits on, each request from its own address behind one trusted proxy (lua/sign.lua).
    with common.gunicorn(args.database, "sign", PETITIONS_TRUSTED_PROXY_COUNT="1") as base:
        minimal_rate = baseline(base, args, "sign")
        result = wrk(
            base,
            "sign.lua",
            duration=args.duration + 60,  # a cap: the script stops itself once drained
            connections=args.connections,
            env={
                "BENCH_SLUG": SLUG,
                "BENCH_SECONDS": str(args.duration),
                "BENCH_RUN": str(int(time.time())),
            },
            name="sign",
        )
    with common.connect(args.database) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM petitions_signature WHERE petition_id = %s", [petition_id]
        ).fetchone()[0]
    accepted = result.statuses.get(202, 0)
    error_count, error_text = errors_line(result, 202)
    print(
        f"SIGN accepted={accepted} rows={rows} in_flight={result.in_flight} "
        f"errors={error_count} duration_s={result.duration_s:.2f}"
    )
    report(
        "signatures accepted",
        http_summary(result, minimal_rate, status=202),
        ">= 1,000/s",
        result.rate(202) >= 1000,
    )
    report("p99 latency", f"{result.p99_ms:.1f} ms", "< 100 ms", result.p99_ms < 100)
    report("errors (non-202, socket)", error_text, "none", error_count == 0)
    report(
        "rows stored == 202 answers",
        f"{rows} rows, {accepted} answers, {result.in_flight} unanswered",
        "equal",
        rows == accepted and result.in_flight == 0,
    )


def verify(args):
    petition_id = common.create_database(args.database, fresh=True)
    # The worst case for the counters: one petition, one country.
    with common.connect(args.database) as conn, conn.cursor() as cursor:
        data.copy_signatures(
            cursor,
            petition_id=petition_id,
            count=args.signatures,
            prefix="u",
            country="FR",
            verified=False,
        )
    data.vacuum_analyze(args.database)
    tokens = common.log_path("verify-tokens.txt")
    common.run_django(args.database, "-m", "bench.fixtures", "tokens", str(tokens))
    common.flush_redis()
    print(common.machine_line(args.database))
    print(
        f"verify: {args.signatures:,} unverified signatures (all FR), each link opened once, "
        f"{args.connections} connections, database {args.database}"
    )
    with common.gunicorn(args.database, "verify") as base:
        minimal_rate = baseline(base, args, "verify")
        result = wrk(
            base,
            "verify.lua",
            duration=args.max_duration,
            connections=args.connections,
            env={"BENCH_TOKENS": str(tokens)},
            name="verify",
        )
    with common.connect(args.database) as conn:
        verified = dict(
            conn.execute(
                "SELECT country, count(*) FROM petitions_signature "
                "WHERE petition_id = %s AND verified_at IS NOT NULL GROUP BY country",
                [petition_id],
            ).fetchall()
        )
        counted = dict(
            conn.execute(
                "SELECT country, sum(count) FROM petitions_countrycount "
                "WHERE petition_id = %s GROUP BY country",
                [petition_id],
            ).fetchall()
        )
    ok_answers = result.statuses.get(200, 0)
    error_count, error_text = errors_line(result, 200)
    print(
        f"VERIFY ok={ok_answers} verified_rows={sum(verified.values())} "
        f"counted={sum(counted.values())} opened={result.sent} in_flight={result.in_flight} "
        f"errors={error_count} duration_s={result.duration_s:.2f}"
    )
    report(
        "verifications",
        http_summary(result, minimal_rate, status=200),
        ">= 1,000/s",
        result.rate(200) >= 1000,
    )
    report("errors (non-200, socket)", error_text, "none", error_count == 0)
    report(
        "counters == verified rows, by country",
        f"{counted} vs {verified}",
        "equal",
        counted == verified,
    )
    report(
        "verified rows == 200 answers",
        f"{sum(verified.values())} rows, {ok_answers} answers",
        "equal",
        sum(verified.values()) == ok_answers and result.in_flight == 0,
    )
    if result.sent < args.signatures:
        print(f"  note: only {result.sent:,} of {args.signatures:,} links opened before the cap")


READ_PATHS = (
    ("count endpoint", f"/api/v1/petitions/{SLUG}/count/"),
    ("detail API", f"/api/v1/petitions/{SLUG}/"),
    ("petition page", f"/en/p/{SLUG}/"),
)


def reads(args):
    """Each read at full load (throughput, ratio to the baseline) and alone (latency).

    With 64 connections on 4 sync workers a request mostly waits its turn, so its p50 says
    how loaded the server is; the latency targets are checked with one connection.
    """
    databases = [(size, data.database_for(size)) for size in args.sizes]
    for size, database in databases:
        data.ensure(database, size)
    print(common.machine_line(databases[0][1]))
    for size, database in databases:
        common.flush_redis()
        print(
            f"reads at {size:,} verified signatures: {args.connections} connections, then 1, "
            f"{args.duration} s each, database {database}"
        )
        with common.gunicorn(database, f"reads-{size}") as base:
            minimal_rate = baseline(base, args, f"reads-{size}")
            alone = wrk(
                base,
                "get.lua",
                duration=args.duration,
                connections=1,
                env={"BENCH_PATH": MINIMAL},
                name=f"reads-{size}-minimal-alone",
            )
            report("baseline, 1 connection", http_summary(alone, status=200))
            for label, path in READ_PATHS:
                name = f"reads-{size}-{label.replace(' ', '-')}"
                env = {"BENCH_PATH": path}
                loaded = wrk(
                    base,
                    "get.lua",
                    duration=args.duration,
                    connections=args.connections,
                    env=env,
                    name=name,
                )
                alone = wrk(
                    base,
                    "get.lua",
                    duration=args.duration,
                    connections=1,
                    env=env,
                    name=f"{name}-alone",
                )
                summary = http_summary(loaded, minimal_rate, status=200)
                if label == "count endpoint":
                    ok = loaded.rate(200) >= 0.8 * minimal_rate
                    report(label, summary, ">= 0.8x minimal", ok)
                    report(f"{label}, 1 connection", http_summary(alone, status=200))
                else:
                    report(label, summary)
                    report(
                        f"{label}, 1 connection",
                        http_summary(alone, status=200),
                        "p50 < 5 ms (at 10M)",
                        alone.p50_ms < 5,
                    )
                for result in (loaded, alone):
                    error_count, error_text = errors_line(result, 200)
                    if error_count:
                        report(f"{label}: errors", error_text, "none", False)
