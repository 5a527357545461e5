"""Addresses, without the database: the mailbox an email address reaches, and the client's.

Below the models, the validators, the limits and the views, which all use these.
"""

import functools
import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac
from email_validator import EmailNotValidError, validate_email


@functools.lru_cache(maxsize=256)
def email_validated(address):
    """Return email-validator's reading of an address; raise EmailNotValidError if it is none."""
    # The form or serializer, then normalize_email, ask about the same address in one request:
    # each look costs about 70 µs, a noticeable part of a signature's time at a peak.
    return validate_email(address, check_deliverability=False)


def domain_and_parents(domain):
    """Return a domain and the domains it is under: "a.b.example" → a.b.example, b.example, example."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def normalize_email_domain(domain):
    """Return a domain as the addresses' keys (normalize_email) write it, "ＥXAMPLE.org" → "example.org"."""
    domain = domain.strip().lstrip("@").rstrip(".")
    try:
        return email_validated(f"x@{domain}").domain
    except EmailNotValidError:
        return domain.lower()


def normalize_email(email):
    """Return the key of the mailbox an address reaches: one signature per key and petition.

    The domain in its Unicode form, lowercased, whatever its case, full-width letters or
    punycode ("xn--bcher-kva.example" is "bücher.example"); the part before the @ lowercased
    and without a +tag, which most providers deliver to the same mailbox:
    "Leyla+News@ＥXAMPLE.org" is "leyla@example.org". Dots are kept: only some providers
    ignore them. An address email-validator refuses (only ever stored by hand, as demo data
    is) is lowercased.
    """
    try:
        validated = email_validated(email.strip())
    except EmailNotValidError:
        return email.strip().lower()
    local_part = validated.local_part.lower()
    # "+tag@example.org" has no mailbox before its tag: the whole part is the mailbox.
    mailbox = local_part.partition("+")[0] or local_part
    return f"{mailbox}@{validated.domain}"


def client_ip_address(request):
    """Return the client's address; behind a proxy, the one it appended to X-Forwarded-For.

    django-axes asks this too (AXES_CLIENT_IP_CALLABLE): one rule for signing and logging in.
    """
    if settings.PETITIONS_TRUSTED_PROXY_COUNT:
        # Empty entries ("", ", 198.51.100.7") name no client: without them, a header too short
        # to hold our proxies' entries is not theirs, and REMOTE_ADDR is the client.
        forwarded = [
            entry
            for entry in (
                a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            )
            if entry
        ]
        if len(forwarded) >= settings.PETITIONS_TRUSTED_PROXY_COUNT:
            return forwarded[-settings.PETITIONS_TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def client_network(ip_address):
    """Return what one client is known by: its address; for IPv6, its /64.

    A /64 is what one subscriber is given, and any address in it is theirs to take: the limits
    count by it, and the stored IP hash is of it, so that a hash staff block covers them all.
    Anything that is not an address (a proxy's "unknown") is returned as it is.
    """
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ip_address
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hash_ip_address(ip_address):
    """Return a keyed hash of a client (its address, or IPv6 /64): enough to spot a burst, not
    to recover the address. Keyed with SECRET_KEY: a new key makes new hashes."""
    if not ip_address:
        return ""
    return salted_hmac("petitions.ip", client_network(ip_address), algorithm="sha256").hexdigest()
