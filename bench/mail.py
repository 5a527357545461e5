"""Verification emails: one real Celery worker sending owed emails to a local SMTP sink.

As in production with Redis, the emails leave through the outbox: beat (embedded in the worker
here) runs verification_emails_send_owed_task every PETITIONS_OUTBOX_INTERVAL seconds, and each run
sends batches of owed emails, one SMTP connection per batch.
"""

import contextlib
import socket
import subprocess
import time

from . import common, data
from .common import report

QUEUES = ("celery", "emails")  # Redis lists of the queues the worker listens to


def sink_messages(path):
    """(time received, recipients) of each message the sink has logged so far."""
    messages = []
    with contextlib.suppress(FileNotFoundError), path.open() as log:
        for line in log:
            if line.endswith("\n"):  # a line being written is read next time
                received, recipients = line.rstrip("\n").split("\t")[:2]
                messages.append((float(received), recipients))
    return messages


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def send_through_one_worker(database, *, expected, max_duration, **worker_env):
    """Start an SMTP sink and one worker with beat; return the messages the sink received.

    Waits until the sink has `expected` messages (or max_duration seconds), then 5 s more for
    any sent twice.
    """
    port = common.free_port()
    sink_log = common.log_path("smtp-sink.log")
    sink_log.unlink(missing_ok=True)
    sink = subprocess.Popen(
        [common.PYTHON, "-m", "bench.smtp_sink", "--port", str(port), "--log", str(sink_log)],
        cwd=common.ROOT,
        start_new_session=True,
    )
    environment = common.django_env(
        database,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        **worker_env,
    )
    worker = None
    try:
        wait_for_port(port)
        with common.log_path("celery-worker.log").open("w") as worker_log:
            worker = subprocess.Popen(
                [
                    common.BIN / "celery",
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    ",".join(QUEUES),
                    "--pool",
                    "solo",
                    "--beat",
                    "--schedule",
                    str(common.log_path("celerybeat-schedule")),
                    "--loglevel",
                    "WARNING",
                ],
                cwd=common.ROOT,
                env=environment,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + max_duration
        while len(sink_messages(sink_log)) < expected and time.monotonic() < deadline:
            if worker.poll() is not None:
                raise RuntimeError("the Celery worker exited; see var/bench/celery-worker.log")
            time.sleep(0.5)
        time.sleep(5)  # anything sent twice would arrive now
    finally:
        if worker is not None:
            common.stop_group(worker)
        common.stop_group(sink)
    return sink_messages(sink_log)


def rate_of(messages):
    """(messages per second from the first to the last, seconds between them)."""
    if len(messages) < 2:
        return 0.0, 0.0
    span = messages[-1][0] - messages[0][0]
    return ((len(messages) - 1) / span if span else 0.0), span


def run(args):
    database = args.database
    petition_id = common.create_database(database, fresh=True)
    with common.connect(database) as conn, conn.cursor() as cursor:
        data.copy_signatures(
            cursor,
            petition_id=petition_id,
            count=args.emails,
            prefix="m",
            verified=False,
            email_owed=True,
        )
    data.vacuum_analyze(database)
    common.flush_redis()
    print(common.machine_line(database))
    print(
        f"emails: {args.emails:,} owed verification emails, one Celery worker "
        "(pool=solo, -Q celery,emails, beat embedded), the outbox, SMTP sink on loopback"
    )

    messages = send_through_one_worker(
        database, expected=args.emails, max_duration=args.max_duration
    )
    recipients = [r for _, r in messages]
    with common.connect(database) as conn:
        still_owed = conn.execute(
            "SELECT count(*) FROM petitions_signature WHERE petition_id = %s "
            "AND verification_email_sent_at IS NULL",
            [petition_id],
        ).fetchone()[0]
    rate, span = rate_of(messages)
    print(
        f"EMAILS received={len(messages)} unique_recipients={len(set(recipients))} "
        f"still_owed={still_owed} span_s={span:.2f}"
    )
    report("emails sent by one worker", f"{rate:,.0f}/s over {span:.1f} s", ">= 200/s", rate >= 200)
    report(
        "each signature got exactly one email",
        f"{len(messages):,} messages, {len(set(recipients)):,} recipients, {still_owed} owed",
        f"{args.emails:,} each, 0 owed",
        len(messages) == len(set(recipients)) == args.emails and still_owed == 0,
    )
