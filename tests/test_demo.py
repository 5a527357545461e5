"""The demo campaign that the README's run command loads."""

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from campaign.models import Campaign
from petitions.models import Addressee, Petition, Signature
from petitions.selectors import petition_count

pytestmark = pytest.mark.django_db


def test_demo_has_a_declaration_and_a_petition_to_world_leaders():
    call_command("load_demo_campaign")
    declaration = Petition.objects.get(kind=Petition.Kind.DECLARATION)
    petition = Petition.objects.get(kind=Petition.Kind.PETITION)
    assert declaration.is_open_for_signing() and petition.is_open_for_signing()
    offices = " ".join(petition.addressees.values_list("office", flat=True))
    for body in (
        "United States",
        "United Nations",
        "European Union",
        "Islamic Cooperation",
        "Council of Europe",
    ):
        assert body in offices
    assert petition_count(petition_id=petition.pk).signature_count > 0


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo_campaign")
    before = (
        Campaign.objects.count(),
        Petition.objects.count(),
        Addressee.objects.count(),
        Signature.objects.count(),
    )
    call_command("load_demo_campaign")
    after = (
        Campaign.objects.count(),
        Petition.objects.count(),
        Addressee.objects.count(),
        Signature.objects.count(),
    )
    assert before == after
    petition = Petition.objects.get(kind=Petition.Kind.PETITION)
    verified = Signature.objects.filter(petition=petition, verified_at__isnull=False).count()
    assert petition_count(petition_id=petition.pk).signature_count == verified


def test_demo_signatures_are_verified_after_signing_and_never_in_the_future():
    call_command("load_demo_campaign")
    now = timezone.now()
    verified = Signature.objects.filter(verified_at__isnull=False)
    assert verified.count() == Signature.objects.count() > 0
    assert not verified.filter(verified_at__gt=now).exists()
    assert not verified.filter(verified_at__lt=F("created_at")).exists()
    assert not Signature.objects.filter(created_at__gt=now).exists()
