"""Numbers as the page's language writes them, for scripts that update them (live counts)."""

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.simple_tag
def thousands_separator():
    """The separator of thousands that the page's numbers use (intcomma), for live-count.js."""
    return get_format("THOUSAND_SEPARATOR")
