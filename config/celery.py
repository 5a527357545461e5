"""The Celery app: configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery
from celery.signals import setup_logging, task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Worker and beat log through Django's LOGGING (format, JSON, level from LOG_LEVEL), not
    Celery's own handlers: one log format for the whole service."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@task_postrun.connect
def record_heartbeat(task=None, **kwargs):
    """A worker that finishes a task is alive, and so is beat if it scheduled the task."""
    if task is None or task.request.is_eager:
        return
    from config.heartbeats import heartbeats_record

    heartbeats_record(worker=task.request.hostname, task_name=task.name)
