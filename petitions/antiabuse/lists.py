"""The staff's lists: blocked email domains, blocked IP hashes, networks free of address limits.

Every signing consults them, so each process keeps them in memory (caching.ABUSE_LISTS) for
PETITIONS_ABUSE_LISTS_CACHE_SECONDS: three small queries per process that often, none per
request. A change made in the admin applies at once in the process that saved it.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .. import caching
from ..addresses import domain_and_parents, hash_ip_address
from ..models import AllowedNetwork, BlockedEmailDomain, BlockedIpHash


@dataclass(frozen=True)
class AbuseLists:
    blocked_domains: frozenset[str]
    blocked_ip_hashes: frozenset[str]
    # (network, active until or None), for the addresses free of the per-address limits.
    allowed_networks: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, datetime], ...]


def abuse_lists():
    """Return the lists as this process read them at most PETITIONS_ABUSE_LISTS_CACHE_SECONDS ago."""
    return caching.ABUSE_LISTS.get_or_build(_abuse_lists_read)


def _abuse_lists_read():
    now = timezone.now()
    networks = AllowedNetwork.objects.filter(
        Q(active_until__isnull=True) | Q(active_until__gt=now)
    ).values_list("network", "active_until")
    return AbuseLists(
        blocked_domains=frozenset(BlockedEmailDomain.objects.values_list("domain", flat=True)),
        blocked_ip_hashes=frozenset(BlockedIpHash.objects.values_list("ip_hash", flat=True)),
        allowed_networks=tuple(
            (ipaddress.ip_network(network, strict=False), until) for network, until in networks
        ),
    )


def email_domain_blocked(domain):
    """Return whether staff blocked this domain (as normalize_email writes it) or one above it."""
    blocked = abuse_lists().blocked_domains
    return bool(blocked) and any(d in blocked for d in domain_and_parents(domain))


def ip_address_blocked(ip_address):
    """Return whether staff blocked the hash of this client (its address, or IPv6 /64)."""
    blocked = abuse_lists().blocked_ip_hashes
    return bool(blocked) and hash_ip_address(ip_address) in blocked


def ip_address_allowed(ip_address):
    """Return whether an address is in a network that staff freed of the per-address limits."""
    networks = abuse_lists().allowed_networks
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return False
    now = timezone.now()
    return any(address in network and (until is None or now < until) for network, until in networks)


@receiver([post_save, post_delete], sender=BlockedEmailDomain)
@receiver([post_save, post_delete], sender=BlockedIpHash)
@receiver([post_save, post_delete], sender=AllowedNetwork)
def abuse_lists_changed(**kwargs):
    caching.ABUSE_LISTS.clear()
