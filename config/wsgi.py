import io
import json
import os
from http import HTTPStatus

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()


def application(environ, start_response):
    """Serve Django, handing it a chunked request body with its length, up to the upload limit."""
    # Django reads only Content-Length bytes, so a chunked body would reach it (and the API) as
    # empty. The server (gunicorn) marks a chunked body that may be read to its end.
    if environ.get("wsgi.input_terminated") and "chunked" in environ.get(
        "HTTP_TRANSFER_ENCODING", ""
    ):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = environ["wsgi.input"].read(-1 if limit is None else limit + 1)
        if limit is not None and len(body) > limit:
            from config.parsers import body_too_large_message  # DRF reads settings on import

            status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            start_response(
                f"{status.value} {status.phrase}", [("Content-Type", "application/json")]
            )
            return [json.dumps({"detail": body_too_large_message(limit)}).encode()]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
    return django_application(environ, start_response)
