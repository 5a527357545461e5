"""Rights of the person: staff find everything held about one address, export it as JSON or
erase it with a withdrawal's exact counts; both are in the audit trail, without the address."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import caches
from django.utils import timezone

from petitions.models import (
    DeliveryDocument,
    PersonalDataRequest,
    PrivacyNotice,
    Signature,
    SignerExport,
)
from petitions.selectors import petition_count
from petitions.services import country_counts_recount
from tests.factories import (
    AddresseeFactory,
    PetitionFactory,
    SignatureFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db

FIND = "/admin/petitions/personaldatarequest/add/"


def counted(petition):
    for cache in caches.all():
        cache.clear()
    return petition_count(petition_id=petition.pk).signature_count


@pytest.fixture
def held():
    """Leyla's signatures on two petitions (one counted), and someone else's."""
    first, second = PetitionFactory(title="First petition"), PetitionFactory(title="Second")
    notice = PrivacyNotice.objects.get(version=1)
    counted_one = verified_signature(
        petition=first,
        name="Leyla Aliyeva",
        email="Leyla+news@example.org",
        city="Baku",
        consent_to_updates=True,
        consent_to_show_name=True,
        privacy_notice=notice,
        ip_hash="cd" * 32,
        user_agent="Firefox",
        verification_email_sent_at=timezone.now(),
    )
    pending = SignatureFactory(petition=second, name="Leyla A.", email="leyla@example.org")
    other = verified_signature(petition=first, email="emre@example.org")
    export = SignerExport.objects.create(
        petition=first, channel=SignerExport.Channel.COMMAND, status="finished", row_count=2
    )
    return {
        "petitions": (first, second),
        "signatures": (counted_one, pending, other),
        "export": export,
    }


@pytest.fixture
def data_protection_officer(client):
    user = UserFactory(
        username="dpo",
        permissions=["petitions.export_personal_data", "petitions.erase_personal_data"],
    )
    client.force_login(user)
    return user


def test_finding_an_address_shows_how_much_is_held_without_recording(
    client, held, data_protection_officer
):
    response = client.post(FIND, {"email": "LEYLA@example.org", "find": "Find"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 signatures are held for this address (1 counted), included in 1 signer exports" in (
        text
    )
    assert "First petition" in text and "Second" in text
    assert not PersonalDataRequest.objects.exists()


def test_exporting_gives_everything_held_as_json_and_is_recorded_without_the_address(
    client, held, data_protection_officer
):
    response = client.post(
        FIND, {"email": "leyla@example.org", "note": "Ticket 42", "export": "Export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "leyla" not in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["email_address"] == "leyla@example.org"
    first, pending = document["signatures"]
    assert first["petition"]["title"] == "First petition"
    assert (first["name"], first["email"], first["city"], first["country"]) == (
        "Leyla Aliyeva",
        "Leyla+news@example.org",
        "Baku",
        "AZ",
    )
    assert first["consents"] | {"given_at": None} == {
        "given_at": None,
        "privacy_notice_version": 1,
        "campaign_news_by_email": True,
        "show_name_publicly": True,
    }
    assert (first["counted"], first["ip_address_hash"], first["user_agent"]) == (
        True,
        "cd" * 32,
        "Firefox",
    )
    assert [email["kind"] for email in first["emails_sent"]] == ["verification"]
    assert [export["id"] for export in first["signer_exports"]] == [held["export"].pk]
    assert (pending["name"], pending["counted"], pending["signer_exports"]) == (
        "Leyla A.",
        False,
        [],
    )
    assert "emre" not in response.content.decode()

    record = PersonalDataRequest.objects.get()
    assert (record.kind, record.signature_count, record.note) == ("export", 2, "Ticket 42")
    assert record.requested_by == data_protection_officer
    assert record.email_masked == "l***@e***.org"
    entry = LogEntry.objects.get(object_id=str(record.pk))
    assert entry.user == data_protection_officer
    assert entry.get_change_message() == "Exported 2 signatures"
    for audit_text in (record.email_masked, record.note, entry.object_repr, entry.change_message):
        assert "leyla@" not in audit_text.lower()


def test_erasing_withdraws_every_signature_of_the_address_with_exact_counts(
    client, held, data_protection_officer
):
    first, second = held["petitions"]
    assert counted(first) == 2

    refused = client.post(FIND, {"email": "leyla@example.org", "erase": "Erase"})
    assert "Tick this to confirm the erasure." in refused.content.decode()
    assert Signature.objects.count() == 3

    response = client.post(
        FIND, {"email": "leyla@example.org", "confirm_erasure": "on", "erase": "Erase"}
    )
    assert response.status_code == 302
    assert list(Signature.objects.values_list("email", flat=True)) == ["emre@example.org"]
    assert counted(first) == 1
    assert country_counts_recount(petition=first) == []
    assert country_counts_recount(petition=second) == []

    record = PersonalDataRequest.objects.get()
    assert (record.kind, record.signature_count, record.uncounted_count) == ("erasure", 2, 1)
    entry = LogEntry.objects.get(object_id=str(record.pk))
    assert entry.get_change_message() == "Erased 2 signatures, 1 taken off the counts"
    assert "leyla@" not in entry.object_repr

    # Erasing again finds nothing, and changes no count.
    client.post(FIND, {"email": "leyla@example.org", "confirm_erasure": "on", "erase": "Erase"})
    assert counted(first) == 1
    assert PersonalDataRequest.objects.order_by("-pk").first().signature_count == 0


def test_finding_an_address_shows_the_earlier_requests_about_it_and_no_url_holds_it(
    client, held, data_protection_officer
):
    client.post(FIND, {"email": "leyla@example.org", "note": "Ticket 42", "export": "Export"})
    client.post(FIND, {"email": "emre@example.org", "note": "Ticket 43", "export": "Export"})

    page = client.post(FIND, {"email": "Leyla+x@Example.org", "find": "Find"}).content.decode()

    assert "Earlier requests about this address" in page
    assert "Ticket 42" in page and "Ticket 43" not in page
    # The list is searched by note only: an address in its URL would reach the access logs.
    listing = client.get("/admin/petitions/personaldatarequest/", {"q": "leyla@example.org"})
    assert listing.context["cl"].result_count == 0


@pytest.mark.parametrize(
    "permission, action, allowed",
    [
        ("petitions.export_personal_data", "export", True),
        ("petitions.export_personal_data", "erase", False),
        ("petitions.erase_personal_data", "erase", True),
        ("petitions.view_signature", "export", False),
    ],
)
def test_each_right_needs_its_permission(client, held, permission, action, allowed):
    client.force_login(UserFactory(permissions=[permission]))
    response = client.post(
        FIND, {"email": "leyla@example.org", "confirm_erasure": "on", action: action}
    )
    assert (response.status_code != 403) == allowed
    assert PersonalDataRequest.objects.exists() == allowed


def test_delivery_documents_naming_a_signer_are_listed_in_what_is_held(
    client, held, data_protection_officer
):
    first = held["petitions"][0]
    addressee = AddresseeFactory(petition=first)
    naming = DeliveryDocument.objects.create(
        petition=first, addressee=addressee, with_signers=True, status="finished"
    )
    DeliveryDocument.objects.create(  # counts only
        petition=first, addressee=addressee, with_signers=False, status="finished"
    )

    page = client.post(FIND, {"email": "leyla@example.org", "find": "Find"}).content.decode()
    assert "Named in 1 delivery documents with signers" in page
    document = json.loads(
        client.post(FIND, {"email": "leyla@example.org", "export": "Export"}).content
    )
    first_signature, pending = document["signatures"]
    assert [d["id"] for d in first_signature["delivery_documents"]] == [naming.pk]
    assert pending["delivery_documents"] == []
