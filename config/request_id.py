"""Request ids: one per request, in the X-Request-ID response header and on every log record.

A load balancer or proxy in front may already have given the request an id (X-Request-ID); it
is kept when it is short and made of safe characters, so one id follows the request across
systems. Anything else (absent, too long, spaces, quotes, newlines that would forge log lines)
is replaced by a fresh uuid4 hex.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
MAX_LENGTH = 128
VALID = re.compile(rf"[A-Za-z0-9._:-]{{1,{MAX_LENGTH}}}")
NO_REQUEST = "-"

request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def incoming_or_new(value):
    """The incoming id if it is valid, else a new one."""
    if value and VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every log record of the request, and the response, carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = incoming_or_new(request.META.get(META_KEY))
        request.request_id = value
        # Not reset on the way out: Django logs a 4xx/5xx (django.request) after the last
        # middleware has returned. request_finished, once the response is sent, resets it.
        request_id.set(value)
        response = self.get_response(request)
        response[HEADER] = value
        return response


@receiver(request_finished, dispatch_uid="config.request_id.forget")
def forget(**kwargs):
    request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record ("-" outside a request: commands, Celery tasks)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True
