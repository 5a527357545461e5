"""Logging filters named in settings.LOGGING."""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedInOneLine(logging.Filter):
    """Drop the traceback of an ordinary 403 (PermissionDenied): the line says all there is."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
