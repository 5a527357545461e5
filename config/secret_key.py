"""SECRET_KEY signs the verification links: production never runs on a missing or known key.

The strength rules are Django's own (security.W009: length, variety, no "django-insecure-"
prefix); on top of them, the development key this repository once published is refused
everywhere, since anyone could sign links with it.
"""

import os
import secrets
import sys

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

PUBLISHED_KEYS = frozenset({"insecure-development-key-set-SECRET_KEY-in-production"})
HOW_TO_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_keys(key, fallbacks, *, debug, development_key_file):
    """Return SECRET_KEY and SECRET_KEY_FALLBACKS, or exit with one line saying what is wrong."""
    # Without DEBUG the key must be set and strong (a traceback would bury the reason). With
    # DEBUG and no key, the checkout's own development key is used.
    if not key:
        if not debug:
            sys.exit(
                "SECRET_KEY is not set: it signs the verification links. Set it to a long random "
                f"string (make one with: {HOW_TO_MAKE_ONE}), or set DEBUG=1 for development."
            )
        key = _development_key(development_key_file)
    named = [("SECRET_KEY", key)] + [("A key in SECRET_KEY_FALLBACKS", k) for k in fallbacks]
    for name, each in named:
        if each in PUBLISHED_KEYS:
            sys.exit(
                f"{name} is the development key published in this repository: anyone can sign "
                f"verification links with it. Make a new one with: {HOW_TO_MAKE_ONE}"
            )
        weakness = _weakness(each)
        if weakness and not debug:
            sys.exit(f"{name} {weakness}. Make a strong one with: {HOW_TO_MAKE_ONE}")
    return key, fallbacks


def _weakness(key):
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"is too short: it must be at least {SECRET_KEY_MIN_LENGTH} characters long"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return f"is too plain: it must have at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"starts with {SECRET_KEY_INSECURE_PREFIX}, Django's mark of a development key"
    return None


def _development_key(path):
    """Return the key kept in path, making it on first use."""
    # Kept rather than made per process, so that links stay valid across runserver's reloads
    # and between the web server and a worker. Its prefix makes `check --deploy` call it insecure.
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = SECRET_KEY_INSECURE_PREFIX + secrets.token_urlsafe(50)
    # Written aside, then linked in place: of two processes starting at once, one key wins.
    aside = path.with_name(f"{path.name}.{os.getpid()}")
    with open(os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(key)
    try:
        os.link(aside, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        aside.unlink()
    return key
