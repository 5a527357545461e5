"""What the management commands share: petitions and users named on the command line."""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from petitions.models import Petition


def petitions_by_slug(slugs):
    """Return the petitions with these slugs in that order, or stop with the slugs unknown."""
    found = {petition.slug: petition for petition in Petition.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(found))
    if missing:
        raise CommandError(f"No petition with slug: {', '.join(missing)}")
    return [found[slug] for slug in dict.fromkeys(slugs)]


def petition_by_slug(slug):
    """Return the petition with this slug, or stop with a clear error."""
    (petition,) = petitions_by_slug([slug])
    return petition


def requesting_user(username):
    """Return the user a file written for staff is logged under, or stop if none is so named.

    Without a username, the system user's namesake, if any.
    """
    requested_by = get_user_model().objects.filter(username=username or _system_username()).first()
    if username and requested_by is None:
        raise CommandError(f"No user named: {username}")
    return requested_by


def _system_username():
    """The system user's name; None where it has none (a container's user without a passwd entry)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
