"""The public JSON API: petitions, counts, schema; no signer's personal data anywhere."""

import time

import pytest

from petitions.models import Petition
from petitions.services import signature_verify
from petitions.tokens import verification_tokens
from tests.factories import AddresseeFactory, PetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def verified(petition, country, email="leyla@example.org", **fields):
    signature = SignatureFactory(petition=petition, country=country, email=email, **fields)
    signature_verify(token=verification_tokens.make_token(signature.pk))
    return signature


def test_list_shows_public_petitions_with_their_counts(client):
    open_petition = PetitionFactory(slug="open-one")
    PetitionFactory(slug="closed-one", state=Petition.State.CLOSED)
    PetitionFactory(slug="draft-one", state=Petition.State.DRAFT)
    verified(open_petition, "AZ")
    body = client.get("/api/v1/petitions/").json()
    by_slug = {p["slug"]: p for p in body["results"]}
    assert set(by_slug) == {"open-one", "closed-one"}
    assert by_slug["open-one"]["signature_count"] == 1
    assert set(by_slug["open-one"]) == {
        "slug",
        "kind",
        "title",
        "text",
        "addressees",
        "goal",
        "state",
        "signature_count",
    }


def test_detail_lists_addressees_in_order_and_countries_largest_first(client):
    petition = PetitionFactory(kind=Petition.Kind.PETITION, goal=500)
    AddresseeFactory(
        petition=petition, name="The Secretary-General", office="United Nations", position=2
    )
    AddresseeFactory(petition=petition, name="The President", office="United States", position=1)
    verified(petition, "TR", "a@example.org")
    verified(petition, "AZ", "b@example.org")
    verified(petition, "AZ", "c@example.org")
    body = client.get(f"/api/v1/petitions/{petition.slug}/").json()
    assert body["addressees"] == [
        {"name": "The President", "office": "United States"},
        {"name": "The Secretary-General", "office": "United Nations"},
    ]
    assert (body["kind"], body["goal"], body["state"], body["signature_count"]) == (
        "petition",
        500,
        "open",
        3,
    )
    assert body["signatures_by_country"] == [
        {"code": "AZ", "name": "Azerbaijan", "signature_count": 2},
        {"code": "TR", "name": "Türkiye", "signature_count": 1},
    ]


def test_no_public_response_carries_a_signers_personal_data(client):
    petition = PetitionFactory()
    verified(petition, "AZ", "secret.signer@example.org", name="Secret Signer", city="Shusha")
    for url in (
        "/api/v1/petitions/",
        f"/api/v1/petitions/{petition.slug}/",
        f"/api/v1/petitions/{petition.slug}/count/",
        f"/en/p/{petition.slug}/",
    ):
        body = client.get(url).content.decode()
        assert "Secret Signer" not in body and "secret.signer" not in body and "Shusha" not in body


def test_count_is_small_and_cacheable(client):
    petition = PetitionFactory()
    verified(petition, "AZ")
    response = client.get(f"/api/v1/petitions/{petition.slug}/count/")
    assert set(response.json()) == {"signature_count", "updated_at"}
    assert response.json()["signature_count"] == 1
    assert "public" in response["Cache-Control"] and "max-age=5" in response["Cache-Control"]


def test_polling_the_count_costs_no_query_and_lags_a_few_seconds_at_most(
    client, settings, django_assert_num_queries
):
    settings.PETITIONS_COUNT_CACHE_SECONDS = settings.PETITIONS_LOCAL_CACHE_SECONDS = 1
    petition = PetitionFactory()
    verified(petition, "AZ")
    url = f"/api/v1/petitions/{petition.slug}/count/"
    assert client.get(url).json()["signature_count"] == 1

    verified(petition, "AZ", "second@example.org")
    with django_assert_num_queries(0):
        assert client.get(url).json()["signature_count"] == 1
    time.sleep(1.1)
    assert client.get(url).json()["signature_count"] == 2


def test_count_of_a_petition_with_no_signatures_is_zero(client):
    petition = PetitionFactory()
    assert client.get(f"/api/v1/petitions/{petition.slug}/count/").json() == {
        "signature_count": 0,
        "updated_at": None,
    }


def test_draft_petitions_are_not_found(client):
    petition = PetitionFactory(state=Petition.State.DRAFT)
    assert client.get(f"/api/v1/petitions/{petition.slug}/").status_code == 404
    assert client.get(f"/api/v1/petitions/{petition.slug}/count/").status_code == 404


def test_openapi_schema_documents_the_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/petitions/{slug}/signatures/" in paths
    assert "/api/v1/petitions/{slug}/count/" in paths
    assert client.get("/api/docs/").status_code == 200


def test_api_docs_show_no_padlock_on_public_endpoints_and_keep_it_on_organizers_ones(client):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    public = [
        ("/api/v1/petitions/", "get"),
        ("/api/v1/petitions/{slug}/", "get"),
        ("/api/v1/petitions/{slug}/count/", "get"),
        ("/api/v1/petitions/{slug}/signatures-by-day/", "get"),
        ("/api/v1/petitions/{slug}/signatures/", "post"),
        ("/api/v1/events/", "get"),
        ("/api/v1/events/{id}/", "get"),
    ]
    for path, method in public:
        assert "security" not in paths[path][method], path
    for path, method in [
        ("/api/v1/petitions/{slug}/signature-counts/", "get"),
        ("/api/v1/petitions/{slug}/signer-exports/", "post"),
        ("/api/v1/signer-exports/{id}/download/", "get"),
    ]:
        assert {"tokenAuth": []} in paths[path][method]["security"], path
