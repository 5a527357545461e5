"""Logging filters named in settings.LOGGING.

No email address in clear in the logs: the console handler masks them in every record.

Our own log calls name no signer; this catches what others write: an exception's message (a
database error quoting the row: "Key (petition_id, email_normalized)=(3, leyla@example.org)"),
a path requested by hand, a library's message.
"""

import logging

from django.core.exceptions import PermissionDenied

from config.masking import mask_emails

# What every LogRecord has; anything else on a record came in as `extra`.
_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class PersonalDataFilter(logging.Filter):
    """Mask email addresses in a record's message, exception, stack and extra fields."""

    def filter(self, record):
        message = record.getMessage()
        record.msg, record.args = mask_emails(message), None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            masked = mask_emails(text)
            if masked != text:
                # Formatters (plain and JSON alike) print exc_text when exc_info is gone.
                record.exc_info, record.exc_text = None, masked
        elif record.exc_text:
            record.exc_text = mask_emails(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_emails(record.stack_info)
        for name in vars(record).keys() - _STANDARD_ATTRIBUTES:
            value = getattr(record, name)
            if value is None or isinstance(value, int | float):
                continue
            text = value if isinstance(value, str) else str(value)
            masked = mask_emails(text)
            if masked != text:
                setattr(record, name, masked)
        return True


class PermissionDeniedInOneLine(logging.Filter):
    """Drop the traceback of an ordinary 403 (PermissionDenied): the line says all there is."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
