"""Parked verification emails: refused for good, shown to staff, never retried unless staff ask."""

import pytest
from django.utils import timezone

from petitions.models import Signature
from tests.factories import PetitionFactory, SignatureFactory, UserFactory
from tests.petitions.helpers import emails_sent, sign_json, verification_links

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/petitions/signature/"
REFUSED = "550 5.1.1 <leyla@example.org>: Recipient address rejected"


def parked_signature(**fields):
    return SignatureFactory(
        verification_email_failed_at=timezone.now(),
        verification_email_failure=REFUSED,
        **fields,
    )


def test_staff_find_parked_emails_with_their_reason(client):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    parked_signature(name="Leyla Aliyeva")
    SignatureFactory(name="Jonas Becker")
    page = client.get(CHANGELIST, {"email": "parked"}).content.decode()
    assert "Leyla Aliyeva" in page and "Jonas Becker" not in page
    assert "Recipient address rejected" in page


def test_staff_send_a_parked_email_again_once_the_cause_is_fixed(
    client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(groups=["Campaign staff"]))
    parked = parked_signature(email="leyla@example.org")
    now = timezone.now()
    sent = SignatureFactory(verification_email_requested_at=now, verification_email_sent_at=now)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "send_parked_emails_again", "_selected_action": [parked.pk, sent.pk]},
            follow=True,
        )
    assert "1 parked email will be sent again." in response.content.decode()
    assert len(verification_links("leyla@example.org")) == 1
    assert len(emails_sent()) == 1
    parked.refresh_from_db()
    assert parked.verification_email_failed_at is None
    assert parked.verification_email_sent_at is not None


def test_staff_who_may_only_view_signatures_cannot_send_parked_emails_again(client):
    client.force_login(UserFactory(permissions=["petitions.view_signature"]))
    parked = parked_signature()
    page = client.get(CHANGELIST).content.decode()
    assert 'value="send_parked_emails_again"' not in page
    client.post(CHANGELIST, {"action": "send_parked_emails_again", "_selected_action": [parked.pk]})
    assert Signature.objects.get().verification_email_failed_at is not None


def test_signing_again_does_not_retry_a_parked_email(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PETITIONS_RESEND_INTERVAL = 0
    petition = PetitionFactory()
    parked_signature(petition=petition, email="leyla@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_json(client, petition).status_code == 202
    assert emails_sent() == []
    assert Signature.objects.get().verification_email_failed_at is not None
