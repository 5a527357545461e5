"""News emails: one real Celery worker sending a post to every consenting signer, to an SMTP sink.

As in production: staff start a sending (here bench.fixtures news, through the service the admin
calls), which writes one NewsEmail row per mailbox with one INSERT … SELECT; beat (embedded in
the worker) runs news_emails_send_due_task, which sends batches over one SMTP connection each,
recording each email as sent right after the sink accepts it. No rate limit
(NEWS_EMAILS_PER_MINUTE=0): the figure is what one worker can do.
"""

from . import common, data
from .common import report
from .mail import rate_of, send_through_one_worker


def run(args):
    database = args.database
    petition_id = common.create_database(database, fresh=True)
    with common.connect(database) as conn, conn.cursor() as cursor:
        # Verified, and every signer asked for news.
        data.copy_signatures(cursor, petition_id=petition_id, count=args.emails, prefix="n")
    data.vacuum_analyze(database)
    common.flush_redis()
    print(common.machine_line(database))
    print(
        f"news: a post to {args.emails:,} consenting signers, one Celery worker "
        "(pool=solo, -Q celery,emails, beat embedded), the news outbox, SMTP sink on loopback"
    )

    recipients_written, seconds = common.run_django(
        database, "-m", "bench.fixtures", "news"
    ).split()
    messages = send_through_one_worker(
        database,
        expected=args.emails,
        max_duration=args.max_duration,
        NEWS_EMAILS_PER_MINUTE="0",
    )
    recipients = [r for _, r in messages]
    with common.connect(database) as conn:
        not_sent = conn.execute(
            "SELECT count(*) FROM news_newsemail WHERE status <> 'sent'"
        ).fetchone()[0]
    rate, span = rate_of(messages)
    print(
        f"NEWS recipients={recipients_written} received={len(messages)} "
        f"unique_recipients={len(set(recipients))} not_sent={not_sent} span_s={span:.2f}"
    )
    report(
        "recipients written when the sending starts",
        f"{int(recipients_written):,} in {float(seconds):.2f} s",
    )
    report(
        "news emails sent by one worker",
        f"{rate:,.0f}/s over {span:.1f} s",
        ">= 500/s",
        rate >= 500,
    )
    report(
        "each signer got exactly one email",
        f"{len(messages):,} messages, {len(set(recipients)):,} recipients, {not_sent} not sent",
        f"{args.emails:,} each, 0 not sent",
        len(messages) == len(set(recipients)) == args.emails and not_sent == 0,
    )
