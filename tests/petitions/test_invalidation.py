"""Invalidating fraudulent signatures: counts stay exact, and who did it, when and why is kept."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from petitions.admin.signatures import SignatureAdmin
from petitions.models import Signature, SignatureInvalidation
from petitions.selectors import petition_count
from petitions.services import (
    VerificationOutcome,
    country_counts_recount,
    signature_verify,
    signatures_invalidate,
)
from petitions.tokens import verification_tokens
from tests.factories import PetitionFactory, SignatureFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/petitions/signature/"


def verified(petition, country, **fields):
    signature = SignatureFactory(petition=petition, country=country, **fields)
    signature_verify(token=verification_tokens.make_token(signature.pk))
    return signature


def counted(petition):
    cache.clear()  # counts are cached for a few seconds
    count = petition_count(petition_id=petition.pk)
    return {c.code: c.signature_count for c in count.by_country}


@pytest.fixture
def staff(client):
    user = UserFactory(username="staff", groups=["Campaign staff"])
    client.force_login(user)
    return user


def test_invalidating_uncounts_the_verified_ones_and_keeps_counts_exact():
    petition = PetitionFactory()
    az = [verified(petition, "AZ") for _ in range(3)]
    tr = [verified(petition, "TR") for _ in range(2)]
    unverified = SignatureFactory(petition=petition, country="AZ")
    moderator = UserFactory()

    fraud = [az[0].pk, az[1].pk, tr[0].pk, unverified.pk]
    invalidation = signatures_invalidate(
        signatures=Signature.objects.filter(pk__in=fraud),
        invalidated_by=moderator,
        reason="Bot burst from one address",
    )

    assert counted(petition) == {"AZ": 1, "TR": 1}
    assert country_counts_recount(petition=petition) == []
    assert (invalidation.signature_count, invalidation.verified_count) == (4, 3)
    assert invalidation.invalidated_by == moderator
    assert invalidation.reason == "Bot burst from one address"
    assert set(invalidation.signatures.values_list("pk", flat=True)) == set(fraud)
    assert not Signature.objects.filter(pk__in=fraud, invalidated_at__isnull=True).exists()


def test_a_signature_invalidated_twice_is_uncounted_once():
    petition = PetitionFactory()
    first, second = verified(petition, "AZ"), verified(petition, "AZ")
    moderator = UserFactory()
    signatures_invalidate(
        signatures=Signature.objects.filter(pk=first.pk), invalidated_by=moderator, reason="x"
    )
    again = signatures_invalidate(
        signatures=Signature.objects.filter(pk__in=[first.pk, second.pk]),
        invalidated_by=moderator,
        reason="y",
    )
    assert (again.signature_count, again.verified_count) == (1, 1)
    assert counted(petition) == {}
    assert country_counts_recount(petition=petition) == []
    assert (
        signatures_invalidate(
            signatures=Signature.objects.filter(pk=first.pk), invalidated_by=moderator, reason="z"
        )
        is None
    )
    assert SignatureInvalidation.objects.count() == 2


def test_an_invalidated_signature_is_not_counted_when_its_link_is_opened_later():
    petition = PetitionFactory()
    signature = SignatureFactory(petition=petition, country="AZ")
    signatures_invalidate(
        signatures=Signature.objects.filter(pk=signature.pk),
        invalidated_by=UserFactory(),
        reason="Disposable address",
    )
    result = signature_verify(token=verification_tokens.make_token(signature.pk))
    assert result.outcome == VerificationOutcome.INVALID
    assert counted(petition) == {}


def test_admin_shows_a_preview_per_country_before_invalidating(client, staff):
    petition = PetitionFactory()
    signatures = [verified(petition, "AZ"), verified(petition, "AZ"), verified(petition, "TR")]
    signatures.append(SignatureFactory(petition=petition, country="TR"))
    ids = [str(s.pk) for s in signatures]

    preview = client.post(CHANGELIST, {"action": "invalidate", "_selected_action": ids})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "4 signatures will be invalidated; 3 of them verified" in page
    assert preview.context["preview"].by_country[0].code == "AZ"
    assert [
        (c.code, c.signature_count, c.verified_count) for c in preview.context["preview"].by_country
    ] == [
        ("AZ", 2, 2),
        ("TR", 2, 1),
    ]
    assert 'name="reason"' in page
    assert not Signature.objects.filter(invalidated_at__isnull=False).exists()


def test_admin_preview_tells_how_many_on_each_petition(client, staff):
    leaders = PetitionFactory(title="To the leaders")
    declaration = PetitionFactory(title="The declaration")
    signatures = [verified(leaders, "AZ"), SignatureFactory(petition=leaders, country="AZ")]
    signatures += [verified(declaration, "AZ") for _ in range(3)]
    ids = [str(s.pk) for s in signatures]

    preview = client.post(CHANGELIST, {"action": "invalidate", "_selected_action": ids})

    rows = re.findall(
        r'<tr data-petition="(\d+)"><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td></tr>',
        preview.content.decode(),
    )
    assert rows == [
        (str(declaration.pk), "The declaration", "3", "3"),
        (str(leaders.pk), "To the leaders", "2", "1"),
    ]


def test_admin_asks_for_a_reason_before_invalidating(client, staff):
    petition = PetitionFactory()
    signature = verified(petition, "AZ")
    response = client.post(
        CHANGELIST,
        {
            "action": "invalidate",
            "_selected_action": [signature.pk],
            "confirm": "yes",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert counted(petition) == {"AZ": 1}


def test_admin_invalidates_once_confirmed_and_keeps_an_audit_record(client, staff):
    petition = PetitionFactory()
    fraud = [verified(petition, "AZ"), verified(petition, "TR")]
    kept = verified(petition, "AZ")
    response = client.post(
        CHANGELIST,
        {
            "action": "invalidate",
            "_selected_action": [s.pk for s in fraud],
            "confirm": "yes",
            "reason": "Same IP, 200 signatures a minute",
        },
        follow=True,
    )
    assert "2 signatures invalidated, 2 of them had been counted." in response.content.decode()
    assert counted(petition) == {"AZ": 1}
    assert country_counts_recount(petition=petition) == []
    assert Signature.objects.get(pk=kept.pk).invalidated_at is None

    record = SignatureInvalidation.objects.get()
    audit = client.get("/admin/petitions/signatureinvalidation/").content.decode()
    assert "Same IP, 200 signatures a minute" in audit and "staff" in audit
    detail = client.get(f"/admin/petitions/signatureinvalidation/{record.pk}/change/")
    assert detail.status_code == 200
    assert 'type="submit"' not in detail.content.decode().split('id="content-main"')[1]


def test_admin_invalidates_every_signature_matching_a_filter_when_all_are_selected(
    client, staff, monkeypatch
):
    monkeypatch.setattr(SignatureAdmin, "list_per_page", 2)
    petition = PetitionFactory()
    on_first_page = [verified(petition, "TR").pk for _ in range(3)][:2]
    verified(petition, "AZ")
    selection = {"action": "invalidate", "select_across": "1", "_selected_action": on_first_page}

    preview = client.post(f"{CHANGELIST}?country=TR", selection | {"index": "0"})
    assert preview.context["preview"].signature_count == 3
    client.post(
        f"{CHANGELIST}?country=TR", selection | {"confirm": "yes", "reason": "Fake accounts"}
    )

    assert counted(petition) == {"AZ": 1}
    assert SignatureInvalidation.objects.get().signature_count == 3


def test_the_audit_record_cannot_be_changed_or_deleted(client, staff):
    petition = PetitionFactory()
    signature = verified(petition, "AZ")
    record = signatures_invalidate(
        signatures=Signature.objects.filter(pk=signature.pk), invalidated_by=staff, reason="x"
    )
    url = f"/admin/petitions/signatureinvalidation/{record.pk}/"
    assert client.post(url + "change/", {"reason": "nothing happened"}).status_code == 403
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.reason == "x"


def test_staff_without_the_permission_cannot_invalidate(client):
    user = UserFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_signature"))
    client.force_login(user)
    petition = PetitionFactory()
    signature = verified(petition, "AZ")
    page = client.get(CHANGELIST).content.decode()
    assert 'value="invalidate"' not in page
    client.post(
        CHANGELIST,
        {
            "action": "invalidate",
            "_selected_action": [signature.pk],
            "confirm": "yes",
            "reason": "x",
        },
    )
    assert counted(petition) == {"AZ": 1}
    assert not SignatureInvalidation.objects.exists()


def test_signatures_are_found_by_email_and_filtered_by_verified(client, staff):
    petition = PetitionFactory()
    verified(petition, "AZ", email="Leyla@Example.org", name="Leyla Aliyeva")
    SignatureFactory(petition=petition, country="AZ", name="Jonas Becker", city="Berlin")
    found = client.get(CHANGELIST, {"q": "leyla@example"}).content.decode()
    assert "Leyla Aliyeva" in found and "Jonas Becker" not in found
    found = client.get(CHANGELIST, {"q": "berlin"}).content.decode()
    assert "Jonas Becker" in found and "Leyla Aliyeva" not in found
    unverified = client.get(CHANGELIST, {"verified": "no"}).content.decode()
    assert "Jonas Becker" in unverified and "Leyla Aliyeva" not in unverified


def test_petition_admin_shows_the_verified_count(client, staff):
    petition = PetitionFactory(title="Recognize the truth")
    verified(petition, "AZ")
    verified(petition, "TR")
    SignatureFactory(petition=petition)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/")
    assert page.status_code == 200
    assert page.context["adminform"].form.instance == petition
    assert '<div class="readonly">2</div>' in page.content.decode()
