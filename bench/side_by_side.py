"""Signing or one GET path, this checkout against another, in short turns on one machine.

`python -m bench.side_by_side --base /work/wt/before sign` serves this checkout and another one
(a worktree of an earlier commit, on its own database) side by side, each with gunicorn as the
benchmarks serve it, and sends them wrk's load in turns of a few seconds, alternating which goes
first. The machine's speed drifts by a third within an hour; runs minutes apart compare that
drift as much as the code, turns seconds apart do not. It prints each turn's rate, the ratio of
the sums, and the whole machine's CPU time per answer (from /proc/stat: server, PostgreSQL,
Redis and wrk together).

`count`, `detail` and `page` read the petition of --database (default petitions_bench_1m, see
bench/data.py), the same database for both checkouts; `sign` signs on a database of each
(created by `python -m bench sign` in each checkout: petitions_bench here, --base-database
there).
"""

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from . import common
from .fixtures import SLUG

READS = {
    "count": f"/api/v1/petitions/{SLUG}/count/",
    "detail": f"/api/v1/petitions/{SLUG}/",
    "page": f"/en/p/{SLUG}/",
}


def busy_seconds():
    """CPU time the whole machine has spent on anything but idling, in seconds."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def busy_seconds_by_program():
    """CPU time each program (gunicorn, postgres, redis-server, wrk...) has spent, in seconds."""
    busy = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # Its own time and its ended children's (a PostgreSQL backend's goes to the postmaster,
        # a gunicorn worker's to the arbiter, wrk's to this process).
        busy[name] = busy.get(name, 0) + sum(int(ticks) for ticks in fields[11:15])
    return {name: ticks / os.sysconf("SC_CLK_TCK") for name, ticks in busy.items()}


def serve(root, database, redis_url):
    """Start gunicorn for the checkout at root in a process of its own; return it and its URL.

    Each checkout's own bench.common starts it (its settings, its gunicorn configuration). The
    process serves until its standard input closes.
    """
    code = (
        f"import sys; sys.path.insert(0, {str(root)!r}); from bench import common\n"
        f"with common.gunicorn({database!r}, 'side-by-side', PETITIONS_TRUSTED_PROXY_COUNT='1') "
        "as base:\n"
        "    print(base, flush=True); sys.stdin.read()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"BENCH_REDIS_URL": redis_url},
    )
    return process, process.stdout.readline().strip()


def turn(base, root, args, run):
    """One turn of wrk against base with the checkout's own script.

    Return the rate, the answers counted, the machine's busy seconds and those of each program.
    """
    common.LUA_DIR = Path(root) / "bench" / "lua"  # each checkout's own lua scripts
    if args.what == "sign":
        script, status, duration = "sign.lua", 202, args.seconds + 30  # sign.lua drains
        env = {"BENCH_SLUG": SLUG, "BENCH_SECONDS": str(args.seconds), "BENCH_RUN": run}
    else:
        script, status, duration = "get.lua", 200, args.seconds
        env = {"BENCH_PATH": READS[args.what]}
    busy, programs = busy_seconds(), busy_seconds_by_program()
    result = common.wrk(
        base, script, duration=duration, connections=args.connections, env=env, name="side"
    )
    programs_after = busy_seconds_by_program()
    by_program = {name: seconds - programs.get(name, 0) for name, seconds in programs_after.items()}
    answered = result.statuses.get(status, 0)
    return result.rate(status), answered, busy_seconds() - busy, by_program


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.side_by_side", description=__doc__)
    parser.add_argument("what", choices=["sign", *READS])
    parser.add_argument("--base", required=True, help="the other checkout (a git worktree)")
    parser.add_argument("--base-database", default="petitions_bench_before")
    parser.add_argument("--database", help="sign: petitions_bench; count, detail, page: _1m")
    parser.add_argument("--turns", type=int, default=8, help="turns of each (8)")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per turn (10)")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    here = common.ROOT
    if args.what == "sign":
        databases = {"base": args.base_database, "here": args.database or "petitions_bench"}
    else:
        databases = dict.fromkeys(("base", "here"), args.database or "petitions_bench_1m")
    roots = {"base": Path(args.base).resolve(), "here": here}
    # Each on a Redis database of its own: the limits' counters of one do not refuse the other.
    redis = {"base": "redis://127.0.0.1:6379/14", "here": "redis://127.0.0.1:6379/12"}
    print(common.machine_line(databases["here"]))
    servers = {name: serve(roots[name], databases[name], redis[name]) for name in roots}
    rates = {"base": [], "here": []}
    answers = dict.fromkeys(rates, 0)
    busy = dict.fromkeys(rates, 0.0)
    busy_by_program = {name: Counter() for name in rates}
    try:
        for number in range(args.turns):
            order = ["base", "here"] if number % 2 == 0 else ["here", "base"]
            for name in order:
                run = f"{int(time.time())}{number}{name}"
                rate, count, seconds, by_program = turn(servers[name][1], roots[name], args, run)
                busy_by_program[name].update(by_program)
                rates[name].append(rate)
                answers[name] += count
                busy[name] += seconds
                print(f"{time.strftime('%H:%M:%S')} turn {number + 1} {name:4} {rate:,.0f}/s")
    finally:
        for process, _ in servers.values():
            process.stdin.close()
            process.wait()
    for name in rates:
        per_answer = busy[name] / answers[name] * 1e6 if answers[name] else 0
        listed = " / ".join(f"{rate:,.0f}" for rate in rates[name])
        print(f"{name:4} {listed}/s; machine CPU {per_answer:,.0f} µs per answer")
        programs = busy_by_program[name].most_common(5)
        if answers[name]:
            print(
                "     of which "
                + ", ".join(
                    f"{program} {seconds / answers[name] * 1e6:,.0f}"
                    for program, seconds in programs
                )
            )
    print(f"here / base, ratio of the sums: {sum(rates['here']) / sum(rates['base']):.3f}")


if __name__ == "__main__":
    main()
