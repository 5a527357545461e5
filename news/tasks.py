"""Celery tasks of campaign news, and the helper that queues them."""

import logging
import math
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction

from . import services

logger = logging.getLogger(__name__)


@shared_task
def news_emails_send_due_task(every_email=False):
    """Send the news emails due, in batches, within the rate allowed (run by Celery beat).

    A run stops when the next is due, so that runs seldom overlap (when they do, SKIP LOCKED
    keeps them from sending the same email), and after the emails NEWS_EMAILS_PER_MINUTE allows
    in one run: beat's interval then paces the sending. With every_email, it sends all that are
    due, for where no beat runs (tasks in-process, without a broker).
    """
    interval = settings.NEWS_OUTBOX_INTERVAL
    per_minute = settings.NEWS_EMAILS_PER_MINUTE
    allowance = max(1, math.floor(per_minute * interval / 60)) if per_minute else math.inf
    deadline = time.monotonic() + interval
    if every_email:
        allowance = deadline = math.inf
    while allowance > 0 and time.monotonic() < deadline:
        limit = int(min(settings.NEWS_OUTBOX_BATCH_SIZE, allowance))
        claimed = services.news_emails_send_due(limit=limit)
        allowance -= claimed
        if claimed < limit:
            break
    services.news_sends_finish()


def news_emails_send_soon():
    """Queue a run of the news outbox when the transaction commits, not to wait for beat.

    Without a broker (tasks run in-process, and no beat) it sends every email then and there.
    """
    transaction.on_commit(_enqueue_send_due)


def _enqueue_send_due():
    try:
        news_emails_send_due_task.delay(
            every_email=news_emails_send_due_task.app.conf.task_always_eager
        )
    except Exception:
        # Beat's next run sends them anyway.
        logger.exception("Could not enqueue news_emails_send_due_task")
