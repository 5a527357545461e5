"""Email addresses shown to their owner, written to the logs or kept for an audit: masked.

One masking everywhere, so that an address reads the same on a page, in a log line and in the
admin: "leyla@example.org" → "l***@e***.org", enough for its owner to recognize it.
"""

import re

# The letters addresses are made of in practice (the rarer ones a local part may hold, such as
# "/" or "=", would swallow a URL's path and query). In a URL the @ may come percent-encoded
# ("?next=/admin/?q=leyla%40example.org"). Bounded parts (RFC 5321's 64 and 63), each starting
# where a run of such letters starts: a long run without an @ (a User-Agent of thousands of
# letters) is read once, not once from each of its letters.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}(?P<at>@|%40)[\w-]{1,63}(?:\.[\w-]{1,63})+")


def mask_email(address, at="@"):
    """Return an address with little left to read: "leyla@example.org" → "l***@e***.org"."""
    local_part, _at, domain = address.rpartition(at)
    name, dot, top_level = domain.rpartition(".")
    masked_domain = f"{name[:1]}***{dot}{top_level}" if name else f"{top_level[:1]}***"
    return f"{local_part[:1]}***{at}{masked_domain}"


def mask_emails(text):
    """Return text with every email address in it masked."""
    if "@" not in text and "%40" not in text:  # most text, every access log line: no regex
        return text
    return EMAIL.sub(lambda match: mask_email(match.group(), match.group("at")), text)
