"""Milestones: thresholds of verified signatures, each marked once and announced to organizers."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.i18n import absolute_url

from ..models import Milestone
from ..selectors import organizer_emails, petition_count
from .emails import email_subject

logger = logging.getLogger(__name__)


def milestones_check():
    """Mark the milestones that petitions' verified counts have crossed; return those marked.

    Run by Celery beat every few seconds rather than on each verification, which stays one
    UPDATE and one upsert. Marking is one conditional UPDATE per milestone, so of two checks
    racing, one marks it: only that one's caller sends the email.
    """
    reached = []
    petition_ids = Milestone.objects.filter(reached_at__isnull=True).values_list(
        "petition_id", flat=True
    )
    for petition_id in set(petition_ids):
        total = petition_count(petition_id=petition_id).signature_count
        for milestone in Milestone.objects.filter(
            petition_id=petition_id, reached_at__isnull=True, threshold__lte=total
        ):
            marked = Milestone.objects.filter(pk=milestone.pk, reached_at__isnull=True).update(
                reached_at=timezone.now()
            )
            if marked:
                reached.append(milestone)
    return reached


def milestone_email_send(*, milestone_id):
    """Email the organizers that a milestone was reached, unless they were; return whether sent.

    Claims the email with a conditional UPDATE first, so a retried or duplicated task sends
    it once; a failed send gives the claim back and re-raises.
    """
    claimed = Milestone.objects.filter(
        pk=milestone_id, reached_at__isnull=False, notified_at__isnull=True
    ).update(notified_at=timezone.now())
    if not claimed:
        return False
    milestone = Milestone.objects.select_related("petition").get(pk=milestone_id)
    recipients = organizer_emails()
    if not recipients:
        # Keep the claim: a member who joins later need not be told of a past milestone.
        logger.warning("Milestone %s reached, but the Organizers group has no email", milestone)
        return False
    context = {
        "milestone": milestone,
        "petition": milestone.petition,
        "stats_url": absolute_url(
            reverse("petitions:stats", kwargs={"slug": milestone.petition.slug})
        ),
    }
    try:
        send_mail(
            subject=email_subject("petitions/email/milestone_subject.txt", context),
            message=render_to_string("petitions/email/milestone_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        Milestone.objects.filter(pk=milestone_id).update(notified_at=None)
        raise
    return True
