"""`python -m bench sign|verify|reads|exports|emails|news|faults|all [options]`: see bench/README.md."""

import argparse
import shutil
import signal
import sys

from . import exports, faults, http, mail, news


def parse_sizes(text):
    return [int(float(size)) for size in text.split(",")]


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "name",
        choices=["sign", "verify", "reads", "exports", "emails", "news", "faults", "all"],
        help="benchmark (all: every one but faults)",
    )
    parser.add_argument(
        "--duration", type=int, help="seconds per wrk run (30; faults: signing, 60)"
    )
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (64)")
    parser.add_argument(
        "--database",
        default="petitions_bench",
        help="database that sign, verify, emails, news and faults drop and recreate (petitions_bench)",
    )
    parser.add_argument(
        "--signatures",
        type=int,
        default=30_000,
        help="verify: unverified signatures whose links are opened (30000)",
    )
    parser.add_argument(
        "--max-duration",
        type=int,
        default=600,
        help="verify, emails, news: cap on the run, seconds (600)",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1_000_000, 10_000_000],
        help="reads: verified signatures, comma-separated (1e6,1e7)",
    )
    parser.add_argument(
        "--emails", type=int, default=10_000, help="emails, news: how many to send (10000)"
    )
    parser.add_argument(
        "--outage", type=int, default=20, help="faults: seconds Redis is stopped, mid-run (20)"
    )
    args = parser.parse_args()
    if args.duration is None:
        args.duration = 60 if args.name == "faults" else 30
    # Stopped with SIGTERM (or as a background job, where SIGINT is ignored), exit through the
    # finally blocks that stop the servers, workers and sinks each benchmark started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    # Every benchmark prints wrk's version on its machine line, and most load with it.
    if shutil.which("wrk") is None:
        sys.exit("The benchmarks need wrk: apt-get install wrk")
    benchmarks = {
        "sign": http.sign,
        "verify": http.verify,
        "reads": http.reads,
        "exports": exports.run,
        "emails": mail.run,
        "news": news.run,
        "faults": faults.run,
    }
    for name, benchmark in benchmarks.items():
        if args.name == name or (args.name == "all" and name != "faults"):
            print(f"== {name}")
            benchmark(args)


if __name__ == "__main__":
    main()
