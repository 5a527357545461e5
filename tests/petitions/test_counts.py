"""Per-country counts: equal to verified signatures, rebuilt by recount_signatures."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions.models import CountryCount, Signature
from petitions.selectors import petition_count
from petitions.services import country_count_add, country_counts_recount
from tests.factories import (
    OrganizerFactory,
    PetitionFactory,
    SignatureFactory,
    verified_signature,
)
from tests.petitions.helpers import sign_and_verify

pytestmark = pytest.mark.django_db


def test_counts_equal_verified_signatures_per_country(settings):
    settings.PETITIONS_COUNTER_SHARDS = 4
    petition = PetitionFactory()
    sign_and_verify(petition, ["AZ"] * 7 + ["TR"] * 3 + ["FR"])
    SignatureFactory.create_batch(5, petition=petition, country="DE")  # unverified
    count = petition_count(petition_id=petition.pk)
    assert count.signature_count == 11
    assert [(c.code, c.signature_count) for c in count.by_country] == [
        ("AZ", 7),
        ("TR", 3),
        ("FR", 1),
    ]
    assert count.by_country[0].country.name == "Azerbaijan"


def test_counts_of_one_petition_ignore_another():
    first, second = PetitionFactory(), PetitionFactory()
    sign_and_verify(first, ["AZ", "AZ"])
    sign_and_verify(second, ["AZ"])
    assert petition_count(petition_id=first.pk).signature_count == 2


def test_one_hot_country_is_spread_over_several_counter_rows(settings):
    settings.PETITIONS_COUNTER_SHARDS = 16
    petition = PetitionFactory()
    sign_and_verify(petition, ["AZ"] * 60)
    rows = CountryCount.objects.filter(petition=petition, country="AZ")
    assert rows.count() > 1
    assert sum(row.count for row in rows) == 60


def test_recount_reports_and_corrects_drift():
    petition = PetitionFactory()
    sign_and_verify(petition, ["AZ"] * 3 + ["TR"])
    country_count_add(petition_id=petition.pk, country="AZ", delta=5)  # a counter gone wrong
    country_count_add(petition_id=petition.pk, country="FR", delta=2)  # a country with none
    drifts = country_counts_recount(petition=petition)
    assert [(d.country, d.counted, d.actual) for d in drifts] == [("AZ", 8, 3), ("FR", 2, 0)]
    count = petition_count(petition_id=petition.pk)
    assert [(c.code, c.signature_count) for c in count.by_country] == [("AZ", 3), ("TR", 1)]
    assert country_counts_recount(petition=petition) == []


def test_recount_counts_signatures_verified_without_a_counter():
    petition = PetitionFactory()
    SignatureFactory.create_batch(4, petition=petition, country="ID", verified_at=timezone.now())
    country_counts_recount(petition=petition)
    assert petition_count(petition_id=petition.pk).signature_count == 4


def test_recount_leaves_out_invalidated_signatures():
    petition = PetitionFactory()
    sign_and_verify(petition, ["AZ", "AZ"])
    Signature.objects.filter(pk=Signature.objects.first().pk).update(invalidated_at=timezone.now())
    country_counts_recount(petition=petition)
    assert petition_count(petition_id=petition.pk).signature_count == 1


def test_recount_command_says_what_it_corrected():
    petition = PetitionFactory(slug="declaration")
    sign_and_verify(petition, ["AZ"])
    country_count_add(petition_id=petition.pk, country="AZ", delta=-1)
    out = io.StringIO()
    call_command("recount_signatures", "declaration", stdout=out)
    assert "declaration: corrected 1 countries" in out.getvalue()
    assert "AZ: counted 0, actual 1" in out.getvalue()
    out = io.StringIO()
    call_command("recount_signatures", stdout=out)
    assert "declaration: counts are exact" in out.getvalue()


def test_recount_command_names_an_unknown_petition():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No petition with slug: nope"):
        call_command("recount_signatures", "nope")


def test_the_admin_list_of_petitions_reads_their_counts_at_once(client):
    client.force_login(OrganizerFactory())
    for _ in range(3):
        verified_signature(petition=PetitionFactory())
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/admin/petitions/petition/")
    assert page.status_code == 200
    assert len([q for q in queries if "petitions_countrycount" in q["sql"]]) == 1
    assert page.content.decode().count('<td class="field-verified_signatures">1</td>') == 3
