"""Signs of life of the background processes, for /healthz?details=1 and the admin's index.

A worker is "seen" when it finishes a task (not merely when its main loop answers: a worker whose
pool is stuck still heartbeats to the broker); beat is seen when a task it schedules finishes
(the email outbox's, every PETITIONS_OUTBOX_INTERVAL seconds). Each process records a name at
most every RECORD_INTERVAL seconds, with the database's clock, so this costs nothing per task.
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import Now

from .models import Heartbeat

logger = logging.getLogger(__name__)

BEAT = "beat"
RECORD_INTERVAL = 10  # seconds between two records of one name by one process
SEEN_RECENTLY = 60  # seconds: a worker not seen for longer is left out of "workers"

_recorded_at = {}  # name: time.monotonic() of this process's last record


def beat_task_names():
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def heartbeats_record(*, worker, task_name):
    """Record that a worker finished a task, and beat too if beat schedules that task."""
    names = [f"worker:{worker}"]
    if task_name in beat_task_names():
        names.append(BEAT)
    now = time.monotonic()
    for name in names:
        if now - _recorded_at.get(name, -RECORD_INTERVAL) < RECORD_INTERVAL:
            continue
        try:
            if not Heartbeat.objects.filter(name=name).update(seen_at=Now()):
                Heartbeat.objects.get_or_create(name=name, defaults={"seen_at": Now()})
        except DatabaseError as error:
            # One line: the task that just ran says more, and PostgreSQL may be restarting.
            logger.warning("Could not record the heartbeat of %s: %s", name, error)
            return
        _recorded_at[name] = now


def heartbeats_figures():
    """Return {"beat_last_run_seconds": seconds or None, "workers": {name: seconds since seen}}.

    Workers not seen for SEEN_RECENTLY seconds are left out (a worker that was replaced).
    """
    ages = {
        name: max(0, round(age.total_seconds()))
        for name, age in Heartbeat.objects.annotate(
            age=ExpressionWrapper(Now() - F("seen_at"), output_field=DurationField())
        ).values_list("name", "age")
    }
    beat = ages.pop(BEAT, None)
    return {
        "beat_last_run_seconds": beat,
        "workers": {
            name.removeprefix("worker:"): age
            for name, age in sorted(ages.items())
            if age <= SEEN_RECENTLY
        },
    }
