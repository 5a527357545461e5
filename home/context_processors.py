from django.utils.functional import SimpleLazyObject

from . import selectors


def public_site(request):
    """Give every template the campaign's name and what is open for signing, read on use."""
    return {"public_site": SimpleLazyObject(selectors.public_site)}
