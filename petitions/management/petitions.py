"""What the management commands share: petitions named on the command line."""

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
