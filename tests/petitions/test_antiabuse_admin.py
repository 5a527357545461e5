"""Staff's tools: signatures by IP hash, domain and time; bulk invalidation; the signing rate; lists."""

import datetime
import re

import pytest
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from petitions.models import (
    AllowedNetwork,
    BlockedEmailDomain,
    BlockedIpHash,
    Signature,
    SignatureInvalidation,
)
from petitions.services import hash_ip_address
from tests.factories import OrganizerFactory, PetitionFactory, SignatureFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/petitions/signature/"
BOT = hash_ip_address("203.0.113.5")
PERSON = hash_ip_address("198.51.100.7")


@pytest.fixture
def staff(client):
    user = UserFactory(username="staff", groups=["Campaign staff"])
    client.force_login(user)
    return user


def minutes_ago(n):
    return timezone.now() - datetime.timedelta(minutes=n)


@pytest.fixture
def attack():
    """A petition signed by people over the day, and by a script in a burst 10 minutes ago."""
    petition = PetitionFactory(title="Recognize the truth")
    people = [
        SignatureFactory(
            petition=petition,
            email=f"person{n}@example.org",
            ip_hash=PERSON,
            user_agent="Firefox",
            created_at=minutes_ago(300 + n),
        )
        for n in range(3)
    ]
    bots = [
        SignatureFactory(
            petition=petition,
            email=f"bot{n}@flood.example",
            ip_hash=BOT,
            user_agent="python-requests/2.32",
            created_at=minutes_ago(10).replace(second=n, microsecond=0),
        )
        for n in range(20)
    ]
    late_person = SignatureFactory(
        petition=petition,
        email="late@flood.example",
        ip_hash=PERSON,
        user_agent="Firefox",
        created_at=minutes_ago(1),
    )
    return petition, people, bots, late_person


def listed_names(response):
    return set(
        re.findall(r'<th class="field-name"><a [^>]*>([^<]+)</a>', response.content.decode())
    )


class TestTheSignatureList:
    def test_shows_the_shortened_ip_hash_and_the_domain(self, client, staff, attack):
        page = client.get(CHANGELIST).content.decode()
        assert f'<td class="field-ip_hash_short">{BOT[:12]}</td>' in page
        assert '<td class="field-email_domain">flood.example</td>' in page
        assert BOT not in re.sub(r'href="[^"]*"', "", page.split('id="changelist-filter"')[0])

    def test_filters_by_ip_hash_domain_and_time_window(self, client, staff, attack):
        petition, people, bots, late_person = attack
        by_ip = client.get(CHANGELIST, {"ip_hash": BOT[:12]})
        assert by_ip.context["cl"].result_count == 20
        by_domain = client.get(CHANGELIST, {"domain": "flood.example"})
        assert by_domain.context["cl"].result_count == 21
        since = minutes_ago(5).strftime("%Y-%m-%dT%H:%M")
        recent_domain = client.get(CHANGELIST, {"domain": "flood.example", "signed_from": since})
        assert recent_domain.context["cl"].result_count == 1
        until = minutes_ago(60).strftime("%Y-%m-%dT%H:%M")
        old = client.get(CHANGELIST, {"signed_to": until})
        assert old.context["cl"].result_count == 3

    def test_the_filters_offer_the_days_largest_sources(self, client, staff, attack):
        page = client.get(CHANGELIST).content.decode()
        assert f"?ip_hash={BOT}" in page and f"{BOT[:12]}… (20)" in page
        assert "?domain=flood.example" in page and "flood.example (21)" in page

    def test_a_bad_time_is_refused_like_any_bad_filter(self, client, staff, attack):
        response = client.get(CHANGELIST, {"signed_from": "yesterday"})
        assert response.status_code == 302 and "e=1" in response["Location"]

    def test_an_impossible_date_is_refused_like_any_bad_filter(self, client, staff, attack):
        response = client.get(CHANGELIST, {"signed_to": "2024-13-01T00:00"})
        assert response.status_code == 302 and "e=1" in response["Location"]

    def test_invalidating_all_that_match_a_source_and_window_previews_then_records(
        self, client, staff, attack
    ):
        petition, people, bots, late_person = attack
        query = f"?ip_hash={BOT}&signed_from={minutes_ago(30).strftime('%Y-%m-%dT%H:%M')}"
        action = {
            "action": "invalidate",
            "select_across": "1",
            "index": "0",
            "_selected_action": [bots[0].pk],
        }
        preview = client.post(CHANGELIST + query, action)
        assert preview.status_code == 200
        assert "20 signatures will be invalidated" in preview.content.decode()
        assert SignatureInvalidation.objects.count() == 0

        client.post(CHANGELIST + query, action | {"confirm": "yes", "reason": "Script burst"})
        invalidation = SignatureInvalidation.objects.get()
        assert (invalidation.signature_count, invalidation.invalidated_by) == (20, staff)
        assert set(
            Signature.objects.filter(invalidated_at__isnull=False).values_list("pk", flat=True)
        ) == {b.pk for b in bots}


class TestTheSigningRate:
    def url(self, petition):
        return f"/admin/petitions/petition/{petition.pk}/signing-rate/"

    def test_shows_signatures_by_minute_and_the_largest_sources(self, client, staff, attack):
        petition = attack[0]
        response = client.get(self.url(petition))
        page = response.content.decode()
        assert response.status_code == 200
        assert "21 signatures since" in page and "at most 20 in one minute" in page
        chart = page.split('class="signing-rate-chart"')[1].split("</svg>")[0]
        assert chart.count("<rect ") == 181  # three hours, minute by minute, and this minute
        assert f'data-ip-hash="{BOT}"' in page
        rows = re.findall(r'<tr data-domain="([^"]+)"><td><a href="([^"]+)">', page)
        assert rows[0][0] == "flood.example"
        listed = client.get(rows[0][1].replace("&amp;", "&"))
        assert listed.context["cl"].result_count == 21
        assert "python-requests/2.32" in page
        assert f"/admin/petitions/blockediphash/add/?ip_hash={BOT}" in page

    def test_is_linked_from_the_petitions_page(self, client, staff, attack):
        petition = attack[0]
        page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
        assert self.url(petition) in page

    def test_a_longer_window_takes_in_older_signatures(self, client, staff, attack):
        petition = attack[0]
        page = client.get(self.url(petition), {"hours": "6"}).content.decode()
        assert "24 signatures since" in page

    def test_is_not_shown_to_organizers_who_see_no_signer_data(self, client, attack):
        client.force_login(OrganizerFactory())
        assert client.get(self.url(attack[0])).status_code == 403


class TestTheLists:
    def test_staff_block_an_ip_hash_from_the_prefilled_form(self, client, staff):
        form = client.get("/admin/petitions/blockediphash/add/", {"ip_hash": BOT})
        assert f'value="{BOT}"' in form.content.decode()
        client.post(
            "/admin/petitions/blockediphash/add/", {"ip_hash": BOT.upper(), "reason": "Script"}
        )
        blocked = BlockedIpHash.objects.get()
        assert (blocked.ip_hash, blocked.created_by) == (BOT, staff)

    def test_a_shortened_hash_is_refused_with_a_message(self, client, staff):
        response = client.post("/admin/petitions/blockediphash/add/", {"ip_hash": BOT[:12]})
        assert "Paste the whole hash" in response.content.decode()
        assert not BlockedIpHash.objects.exists()

    def test_staff_block_a_domain(self, client, staff):
        client.post("/admin/petitions/blockedemaildomain/add/", {"domain": "@Flood.Example"})
        assert BlockedEmailDomain.objects.get().domain == "flood.example"

    def test_staff_allow_an_event_stand_network(self, client, staff):
        client.post("/admin/petitions/allowednetwork/add/", {"network": "203.0.113.9/24"})
        assert AllowedNetwork.objects.get().network == "203.0.113.0/24"
        response = client.post("/admin/petitions/allowednetwork/add/", {"network": "a stand"})
        assert "Enter an IP address or a network" in response.content.decode()

    def test_staff_mark_a_petition_under_attack(self, client, staff):
        petition = PetitionFactory()
        page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
        assert 'name="under_attack"' in page


def test_the_lists_permissions_are_given_after_the_campaign_staff_group_exists():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert ("campaign", "0003_staff_groups") in graph.forwards_plan(
        ("petitions", "0010_abuse_controls")
    )
