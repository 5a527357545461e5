"""What every benchmark shares: the environment, the machine line, databases, gunicorn and wrk."""

import contextlib
import functools
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "bench"
LUA_DIR = Path(__file__).resolve().parent / "lua"
PYTHON = sys.executable
BIN = Path(sys.executable).parent

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# Another Redis database (BENCH_REDIS_URL) lets two benchmarks run side by side.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
GUNICORN_WORKERS = 4
WRK_THREADS = 2  # two cores are shared by wrk and the server: keep wrk's share small


def database_url(database):
    return f"{PG_SERVER}/{database}"


def django_env(database, **extra):
    """The environment of every Django process of a benchmark (server, commands, worker)."""
    env = os.environ.copy()
    env.update(
        DATABASE_URL=database_url(database),
        REDIS_URL=REDIS_URL,
        DEBUG="0",
        HTTPS_ONLY="0",  # plain http on loopback, no TLS proxy in front
        SECRET_KEY="bench-secret-key-only-for-loopback-benchmarks-never-in-production",
        ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="bench.settings",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def log_path(name):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    return LOG_DIR / name


def run_django(database, *args, env=None, capture=True):
    """Run `python <args>` in the Django environment; return its standard output."""
    result = subprocess.run(
        [PYTHON, *args],
        cwd=ROOT,
        env=env or django_env(database),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def flush_redis():
    """Empty the benchmark's Redis database: no queued task nor cached count from an earlier run."""
    redis.Redis.from_url(REDIS_URL).flushdb()


# Databases -------------------------------------------------------------------------------------


def connect(database, **kwargs):
    return psycopg.connect(database_url(database), **kwargs)


def database_exists(database):
    with connect("postgres", autocommit=True) as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        )


def create_database(database, *, fresh):
    """Create (with fresh: drop first) a migrated database holding the benchmark petition.

    Return the petition's id.
    """
    exists = database_exists(database)
    with connect("postgres", autocommit=True) as conn:
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        if not exists or fresh:
            conn.execute(f'CREATE DATABASE "{database}"')
    run_django(database, "manage.py", "migrate", "--noinput")
    return int(run_django(database, "-m", "bench.fixtures", "petition"))


# The machine -----------------------------------------------------------------------------------


def machine_line(database="postgres"):
    """One line naming what the figures depend on."""
    import django

    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with connect(database) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[:2]
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {ram_gb:.0f} GB RAM; "
        f"PostgreSQL {pg_version}; Python {platform.python_version()}; "
        f"Django {django.get_version()}; gunicorn {GUNICORN_WORKERS} sync workers; "
        f"{' '.join(wrk)} -t{WRK_THREADS}"
    )


# gunicorn --------------------------------------------------------------------------------------


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@functools.cache
def collect_static(database):
    """Pages name static files: with DEBUG off WhiteNoise serves them from their manifest."""
    run_django(database, "manage.py", "collectstatic", "--noinput")


@contextlib.contextmanager
def gunicorn(database, name, **extra_env):
    """Serve the project as production does (config/gunicorn.py: sync workers, access log) on a
    free loopback port with 4 workers; yield its base URL."""
    collect_static(database)
    port = free_port()
    log = log_path(f"gunicorn-{name}.log").open("w")
    process = subprocess.Popen(
        [BIN / "gunicorn", "-c", str(ROOT / "config" / "gunicorn.py"), "config.wsgi"],
        cwd=ROOT,
        env=django_env(
            database,
            BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(GUNICORN_WORKERS),
            **extra_env,
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so that stopping it stops the workers
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(f"{base}/bench/minimal/", process)
        yield base
    finally:
        stop_group(process)
        log.close()


def wait_until_answers(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {LOG_DIR}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def stop_group(process, timeout=15):
    """Stop a process started with start_new_session and everything it started."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# wrk -------------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    """What a bench Lua script's done() printed, as numbers."""

    duration_s: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    socket_errors: dict[str, int]
    sent: int  # measured requests written (drain requests excluded)
    answered: int  # measured responses read

    @property
    def responses(self):
        return sum(self.statuses.values())

    def rate(self, status=None):
        """Responses per second, all of them or those of one status."""
        n = self.responses if status is None else self.statuses.get(status, 0)
        return n / self.duration_s if self.duration_s else 0.0

    @property
    def in_flight(self):
        return self.sent - self.answered


def wrk(url, script, *, duration, connections, env=None, name="wrk"):
    """Run wrk with a script from bench/lua; parse the BENCH line its done() prints.

    duration is wrk's -d: the whole run for get.lua, a cap for the scripts that drain, which
    are interrupted as soon as every thread has finished (see lua/common.lua).
    """
    threads = min(WRK_THREADS, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA_DIR / script),
        url,
    ]
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as done_dir:
        wrk_env = {
            **os.environ,
            "BENCH_LUA_DIR": str(LUA_DIR),
            "BENCH_THREADS": str(threads),
            "BENCH_DONE_DIR": done_dir,
            **(env or {}),
        }
        process = subprocess.Popen(
            command, env=wrk_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        while process.poll() is None:
            if len(os.listdir(done_dir)) == threads:
                process.send_signal(signal.SIGINT)  # ends wrk's sleep: it then prints done()
                break
            time.sleep(0.1)
        output = process.communicate()[0]
    log_path(f"{name}.txt").write_text(shlex.join(command) + "\n" + output)
    if process.returncode:
        raise RuntimeError(f"wrk exited with {process.returncode}:\n{output}")
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no BENCH line:\n{output}")
    fields = dict(item.split("=", 1) for item in line.split()[1:])
    statuses = {
        int(key.removeprefix("status_")): int(value)
        for key, value in fields.items()
        if key.startswith("status_")
    }
    errors = {
        key.removeprefix("err_"): int(value)
        for key, value in fields.items()
        if key.startswith("err_")
    }
    return WrkResult(
        duration_s=int(fields["duration_us"]) / 1e6,
        p50_ms=float(fields["p50_us"]) / 1000,
        p99_ms=float(fields["p99_us"]) / 1000,
        statuses=statuses,
        socket_errors=errors,
        sent=int(fields["sent"]),
        answered=int(fields["answered"]),
    )


# Printing --------------------------------------------------------------------------------------


def verdict(ok):
    return "met" if ok else "NOT MET"


def report(label, value, target=None, ok=None):
    """Print one figure, next to its target and whether it is met if it has one."""
    line = f"  {label:<44} {value:<34}"
    if target is not None:
        line += f" target {target:<24} {verdict(ok)}"
    print(line.rstrip())


def http_summary(result, baseline_rate=None, status=None):
    """'1234 req/s, p50 3.1 ms, p99 12.0 ms (0.85x minimal)'."""
    rate = result.rate(status)
    text = f"{rate:,.0f}/s p50 {result.p50_ms:.1f} ms p99 {result.p99_ms:.1f} ms"
    if baseline_rate:
        text += f" ({rate / baseline_rate:.2f}x minimal)"
    return text
