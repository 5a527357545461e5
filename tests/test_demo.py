"""The demo campaign that the README's run command loads."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.test import Client
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
        sorted(Petition.objects.values_list("opens_at", flat=True)),
    )
    call_command("load_demo_campaign")
    after = (
        Campaign.objects.count(),
        Petition.objects.count(),
        Addressee.objects.count(),
        Signature.objects.count(),
        sorted(Petition.objects.values_list("opens_at", flat=True)),
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


def test_demo_tells_the_justice_for_khojaly_campaign():
    call_command("load_demo_campaign")
    campaign = Campaign.objects.get()
    assert campaign.name == "Justice for Khojaly"
    assert "26 February 1992" in campaign.description
    petition = Petition.objects.get(kind=Petition.Kind.PETITION)
    assert "crime against humanity" in petition.title + petition.text
    assert "Khojaly" in Petition.objects.get(kind=Petition.Kind.DECLARATION).text


def test_demo_organizer_exports_the_counts(client):
    call_command("load_demo_campaign")
    organizer = get_user_model().objects.get(username="demo-organizer")
    assert organizer.is_staff and not organizer.has_usable_password()
    client.force_login(organizer)
    response = client.get(
        "/api/v1/petitions/petition-to-world-leaders/signature-counts/", {"format": "csv"}
    )
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith('"Country code",')
    # ...and sees no signer's personal data.
    assert client.get("/admin/petitions/signature/").status_code == 403


def test_demo_calendar_speaks_proper_english():
    call_command("load_demo_campaign")
    calendar = Client().get("/en/events.ics").content.decode()
    assert not re.search(r"\ba [aeiou]", calendar, re.IGNORECASE), "a exhibition"


def test_demo_petition_and_declaration_read_in_each_of_the_eight_languages():
    call_command("load_demo_campaign")
    client = Client()
    english = {}
    for language in ("en", "az", "ru", "tr", "fr", "es", "de", "ar"):
        for slug in ("petition-to-world-leaders", "declaration"):
            page = client.get(f"/{language}/p/{slug}/").content.decode()
            title = re.search(r"<h1>(.*?)</h1>", page).group(1)
            text = re.search(r'<div class="petition-text">(.*?)</div>', page, re.S).group(1)
            if language == "en":
                english[slug] = (title, text)
            else:
                # Its own title and text, not the English shown as a fallback.
                assert title != english[slug][0] and text != english[slug][1], (language, slug)
            assert f'<html lang="{language}"' in page
    page = client.get("/ar/p/petition-to-world-leaders/").content.decode()
    assert 'dir="rtl"' in page
    assert "اعترفوا بمجزرة خوجالي" in page
