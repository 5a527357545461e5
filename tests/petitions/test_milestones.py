"""Milestones: the organizers are emailed once when the verified count crosses a threshold."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from petitions.models import Milestone
from petitions.services import milestones_check
from petitions.tasks import milestones_check_task
from tests.factories import (
    MilestoneFactory,
    OrganizerFactory,
    PetitionFactory,
    UserFactory,
    verified_signature,
)


def sign(petition, n):
    for _ in range(n):
        verified_signature(petition=petition, country="AZ")
    cache.clear()  # the check reads the count as the public does; do not wait for the cache


@pytest.mark.django_db
class TestMilestones:
    @pytest.fixture(autouse=True)
    def organizers(self):
        OrganizerFactory(email="ayse@campaign.example")
        OrganizerFactory(email="", username="no-email")
        OrganizerFactory(email="gone@campaign.example", is_active=False)
        UserFactory(email="staff-not-organizer@campaign.example")

    def test_crossing_a_threshold_emails_the_organizers_once(
        self, django_capture_on_commit_callbacks
    ):
        petition = PetitionFactory(title="Recognize the truth", goal=5)
        milestone = MilestoneFactory(petition=petition, threshold=3)
        MilestoneFactory(petition=petition, threshold=5)
        sign(petition, 2)
        milestones_check_task()
        assert mail.outbox == []

        sign(petition, 2)
        for _ in range(3):  # beat runs the check again and again
            milestones_check_task()
        (message,) = mail.outbox
        assert message.to == ["ayse@campaign.example"]
        assert message.subject == "3 signatures: Recognize the truth"
        assert f"/en/p/{petition.slug}/stats/" in message.body
        milestone.refresh_from_db()
        assert milestone.reached_at and milestone.notified_at
        assert Milestone.objects.get(threshold=5).reached_at is None

    def test_many_signatures_at_once_send_one_email_per_threshold_crossed(
        self, django_capture_on_commit_callbacks
    ):
        petition = PetitionFactory(title="Recognize the truth")
        for threshold in (1, 2, 10):
            MilestoneFactory(petition=petition, threshold=threshold)
        sign(petition, 4)
        milestones_check_task()
        milestones_check_task()
        assert sorted(m.subject for m in mail.outbox) == [
            "1 signature: Recognize the truth",
            "2 signatures: Recognize the truth",
        ]

    def test_an_email_lost_with_the_broker_is_sent_by_a_later_check(
        self, django_capture_on_commit_callbacks
    ):
        petition = PetitionFactory()
        milestone = MilestoneFactory(petition=petition, threshold=1)
        sign(petition, 1)
        milestones_check()  # marked, but its email never queued, as if Redis had been down
        assert mail.outbox == []
        two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
        Milestone.objects.filter(pk=milestone.pk).update(reached_at=two_minutes_ago)
        milestones_check_task()
        assert len(mail.outbox) == 1

    def test_title_with_a_newline_still_gives_a_one_line_subject(
        self, django_capture_on_commit_callbacks
    ):
        petition = PetitionFactory(title="Recognize the truth\nof Khojaly")
        MilestoneFactory(petition=petition, threshold=1)
        sign(petition, 1)
        milestones_check_task()
        (message,) = mail.outbox
        assert message.subject == "1 signature: Recognize the truth of Khojaly"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("concurrent_writers")
def test_racing_checks_on_postgresql_send_one_email():
    OrganizerFactory(email="ayse@campaign.example")
    petition = PetitionFactory()
    MilestoneFactory(petition=petition, threshold=5)
    sign(petition, 5)

    def check(_):
        try:
            milestones_check_task()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(check, range(16)))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_organizer_sets_a_milestone_without_editing_the_petition(client):
    petition = PetitionFactory(title="Recognize the truth")
    client.force_login(OrganizerFactory())
    response = client.post(
        "/admin/petitions/milestone/add/", {"petition": petition.pk, "threshold": 10000}
    )
    assert response.status_code == 302
    assert list(petition.milestones.values_list("threshold", flat=True)) == [10000]
    change = client.post(
        f"/admin/petitions/petition/{petition.pk}/change/", {"title": "Changed by an organizer"}
    )
    assert change.status_code == 403
    petition.refresh_from_db()
    assert petition.title == "Recognize the truth"
