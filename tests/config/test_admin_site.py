"""The staff admin under the campaign's name, with inputs wide enough for the figures."""

import re

import pytest
from django.utils import timezone

from config.heartbeats import heartbeats_record
from tests.factories import CampaignFactory, PetitionFactory, SignatureFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_carry_the_campaigns_name_not_djangos(client):
    CampaignFactory(name="Justice for Khojaly")
    page = client.get("/admin/login/").content.decode()
    assert "Django administration" not in page
    assert re.search(r"<title>[^<]*Justice for Khojaly admin</title>", page)
    assert re.search(r'<div id="site-name"><a href="/admin/">Justice for Khojaly</a></div>', page)


def test_a_goal_of_a_million_fits_its_input(client):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    petition = PetitionFactory(goal=1_000_000)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    goal = re.search(r'<input type="number" name="goal"[^>]*>', page).group()
    assert 'value="1000000"' in goal
    assert 'class="vBigIntegerField"' in goal  # 10em wide; vIntegerField (5em) shows 5 digits


def test_the_index_shows_staff_the_email_backlog_and_the_workers(client):
    petition = PetitionFactory()
    SignatureFactory(petition=petition)  # owed its email
    SignatureFactory(petition=petition, verification_email_failed_at=timezone.now())
    heartbeats_record(
        worker="emails@node7", task_name="petitions.tasks.verification_emails_send_owed_task"
    )
    client.force_login(UserFactory(groups=["Campaign staff"]))

    panel = re.search(
        r'<div class="module" id="operations">.*?</div>',
        client.get("/admin/").content.decode(),
        re.S,
    ).group()
    text = " ".join(re.sub(r"<[^>]+>", " ", panel).split())
    assert "Verification emails owed 1 · the oldest for 0 s" in text
    assert "Verification emails parked 1" in text
    assert "Beat last ran a task 0 s ago" in text
    assert "emails@node7 (0 s)" in text
    owed = client.get("/admin/petitions/signature/?email=owed")
    assert owed.context["cl"].result_count == 1


def test_the_index_shows_no_backlog_to_those_who_may_not_view_signatures(client):
    client.force_login(UserFactory(groups=["Country coordinators"]))
    assert 'id="operations"' not in client.get("/admin/").content.decode()
