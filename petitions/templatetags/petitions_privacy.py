"""Template tags for privacy: the sign form's two lines about data, and withdrawal links."""

from django import template
from django.conf import settings

from ..services import withdrawal_url as signature_withdrawal_url

register = template.Library()


@register.inclusion_tag("petitions/_privacy_summary.html")
def privacy_summary():
    """What is kept, why and how long, in two lines, with a link to the privacy notice."""
    return {
        "unverified_days": settings.PETITIONS_UNVERIFIED_RETENTION_DAYS,
        "closed_petition_days": settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS,
    }


@register.simple_tag
def withdrawal_url(signature):
    """The absolute link that withdraws a signature (for emails and the confirmed page)."""
    return signature_withdrawal_url(signature)
