"""The API's request parsers: they refuse what they should not parse before parsing it.

A body larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which the site's forms obey) is refused
with 413, JSON nested deeper than JSONParser.max_depth with 400. DRF's own parsers read the whole
stream whatever its size, and Python's json parser recurses once per level of nesting.
"""

import io
import itertools
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_body_too_large"


def body_too_large_message(limit):
    return _("The request body is larger than %(limit)d bytes.") % {"limit": limit}


def read_body(stream, parser_context):
    """Return the request body; raise RequestBodyTooLarge past DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return stream.read()
    declared = parser_context["request"].META.get("CONTENT_LENGTH") or 0
    # The declared length refuses a large body unread; reading one byte past the limit refuses
    # a body whose length was not declared or was understated.
    if int(declared) > limit or len(body := stream.read(limit + 1)) > limit:
        raise RequestBodyTooLarge(body_too_large_message(limit))
    return body


# A JSON string, escapes included; an unterminated one runs to the end, so a scan never restarts.
JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
NESTING_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_nested_deeper_than(text, depth):
    """Return whether the arrays and objects of a JSON text nest deeper than depth."""
    if text.count("[") + text.count("{") <= depth:
        return False  # the usual flat object: no scan needed
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    return max(itertools.accumulate(map(NESTING_STEP.__getitem__, brackets)), default=0) > depth


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, for bodies within the upload limit and nested at most max_depth deep."""

    # The API takes flat objects; this leaves room for any sane client, far below the recursion
    # limit.
    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from error
        if json_nested_deeper_than(text, self.max_depth):
            raise ParseError(
                _("JSON nested deeper than %(depth)d levels is not accepted.")
                % {"depth": self.max_depth}
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)


class FormParser(parsers.FormParser):
    """DRF's form parser, for bodies within the upload limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)
        return super().parse(io.BytesIO(body), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, for bodies within the upload limit, files included."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)
        return super().parse(io.BytesIO(body), media_type, parser_context)
