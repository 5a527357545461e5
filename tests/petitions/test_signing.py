"""Signing a petition, on its page and through the API."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.factories import PetitionFactory, SignatureFactory
from tests.petitions.helpers import emails_sent, sign_json, signature_of, verification_links

# Real commits: the verification email is queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def sign_form(client, petition, **fields):
    data = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"} | fields
    return client.post(f"/en/p/{petition.slug}/", data)


class TestSigningOnThePage:
    def test_page_shows_text_addressees_count_and_form(self, client):
        petition = PetitionFactory(title="Recognize the truth", text="We ask you to act.")
        petition.addressees.create(name="The Secretary-General", office="United Nations")
        response = client.get(f"/en/p/{petition.slug}/")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Recognize the truth" in page
        assert "We ask you to act." in page
        assert "The Secretary-General, United Nations" in page
        assert 'name="email"' in page and 'name="csrfmiddlewaretoken"' in page

    def test_signing_stores_an_unverified_signature_and_emails_a_link(self, client):
        petition = PetitionFactory()
        response = sign_form(client, petition, city="Baku", consent_to_updates="on")
        assert response.status_code == 302
        assert response["Location"] == f"/en/p/{petition.slug}/signed/#top"
        signature = signature_of(petition, "leyla@example.org")
        assert signature.verified_at is None
        assert (signature.city, signature.consent_to_updates) == ("Baku", True)
        assert len(verification_links("leyla@example.org")) == 1

    def test_consent_is_off_unless_ticked(self, client):
        petition = PetitionFactory()
        sign_form(client, petition)
        assert signature_of(petition, "leyla@example.org").consent_to_updates is False

    def test_no_country_is_preselected_whatever_the_browser_language(self, client):
        # A browser's language says nothing of where its reader lives (en-US abroad, fr-CA in
        # Paris): the supporter chooses the country.
        petition = PetitionFactory()
        for accept_language in ["en-US", "fr-CA,fr;q=0.8", "de-AT", "en"]:
            page = client.get(f"/en/p/{petition.slug}/", HTTP_ACCEPT_LANGUAGE=accept_language)
            assert b'<option value="" selected>Choose your country</option>' in page.content
            assert page.content.count(b" selected>") == 1

    def test_reloading_the_page_costs_no_database_query(self, client, django_assert_num_queries):
        petition = PetitionFactory()
        client.get(f"/en/p/{petition.slug}/")
        with django_assert_num_queries(0):
            assert client.get(f"/en/p/{petition.slug}/").status_code == 200

    def test_missing_fields_are_shown_next_to_the_form(self, client):
        petition = PetitionFactory()
        response = sign_form(client, petition, name="", email="not-an-email", country="XX")
        assert response.status_code == 400
        form = response.context["form"]
        assert set(form.errors) == {"name", "email", "country"}
        assert not Signature.objects.exists()

    def test_mistakes_are_summarized_at_the_top_of_the_form_with_links_to_the_fields(self, client):
        petition = PetitionFactory()
        response = sign_form(client, petition, name="", email="not-an-email", country="")
        page = response.content.decode()
        form_starts = page.index('<form class="sign" id="sign"')
        summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
        first_field = page.index('name="name"')
        assert form_starts < summary.start() < first_field  # first thing in the form
        links = re.findall(r'<a href="#(id_\w+)">([^<]+)</a>', summary.group())
        assert [field for field, _text in links] == ["id_name", "id_email", "id_country"]
        assert links[0][1] == "Full name: This field is required."
        for field, _text in links:
            assert f'id="{field}"' in page

    def test_the_form_comes_back_at_its_mistakes_not_at_the_top_of_the_page(self, client):
        petition = PetitionFactory()
        for response in (
            client.get(f"/en/p/{petition.slug}/"),
            sign_form(client, petition, name=""),
        ):
            assert f'action="/en/p/{petition.slug}/#sign-errors"' in response.content.decode()
        page = sign_form(client, petition, name="").content.decode()
        assert re.search(r'<div class="error-summary" id="sign-errors" tabindex="-1"', page)

    def test_after_signing_a_declaration_the_way_back_names_the_declaration(self, client):
        declaration = PetitionFactory(kind=Petition.Kind.DECLARATION)
        page = client.get(sign_form(client, declaration)["Location"]).content.decode()
        assert "Back to the declaration" in page
        assert "Back to the petition" not in page
        closed = PetitionFactory(kind=Petition.Kind.DECLARATION, state=Petition.State.CLOSED)
        page = client.get(closed.get_absolute_url()).content.decode()
        assert "This declaration is not open for signatures." in page

    def test_closed_petition_refuses_signatures_with_a_message(self, client):
        petition = PetitionFactory(state=Petition.State.CLOSED)
        response = sign_form(client, petition)
        assert response.status_code == 400
        assert "not open for signatures" in response.content.decode()
        assert not Signature.objects.exists()

    def test_petition_past_its_closing_date_refuses_signatures(self, client):
        petition = PetitionFactory(closes_at=timezone.now() - datetime.timedelta(minutes=1))
        assert sign_form(client, petition).status_code == 400
        assert not Signature.objects.exists()

    def test_draft_petitions_are_not_public(self, client):
        petition = PetitionFactory(state=Petition.State.DRAFT)
        assert client.get(f"/en/p/{petition.slug}/").status_code == 404
        assert sign_form(client, petition).status_code == 404

    def test_form_is_protected_against_cross_site_posts(self):
        from django.test import Client

        petition = PetitionFactory()
        response = sign_form(Client(enforce_csrf_checks=True), petition)
        assert response.status_code == 403
        assert not Signature.objects.exists()


class TestSigningThroughTheApi:
    def test_valid_signature_is_accepted_pending_verification(self, client):
        petition = PetitionFactory()
        response = sign_json(client, petition, city="Ganja", consent=True)
        assert response.status_code == 202
        assert response.json() == {"status": "pending_verification"}
        signature = signature_of(petition, "leyla@example.org")
        assert (signature.country.code, signature.city, signature.consent_to_updates) == (
            "AZ",
            "Ganja",
            True,
        )

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"name": ""}, "name"),
            ({"name": "x" * 201}, "name"),
            ({"email": "leyla-at-example.org"}, "email"),
            ({"country": "XX"}, "country"),
            ({"country": {}}, "country"),
            ({"country": {"code": ""}}, "country"),
            ({"country": []}, "country"),
            ({"country": 0}, "country"),
            ({"country": False}, "country"),
            ({"city": "y" * 101}, "city"),
        ],
    )
    def test_bad_input_gets_a_field_error(self, client, fields, field):
        petition = PetitionFactory()
        response = sign_json(client, petition, **fields)
        assert response.status_code == 400
        assert list(response.json()) == [field]
        assert not Signature.objects.exists()

    def test_missing_body_lists_every_required_field(self, client):
        petition = PetitionFactory()
        response = client.post(
            f"/api/v1/petitions/{petition.slug}/signatures/", "{}", content_type="application/json"
        )
        assert response.status_code == 400
        assert set(response.json()) == {"name", "email", "country"}

    def test_malformed_json_is_a_400_not_a_500(self, client):
        petition = PetitionFactory()
        response = client.post(
            f"/api/v1/petitions/{petition.slug}/signatures/",
            "{not json",
            content_type="application/json",
        )
        assert response.status_code == 400

    def test_closed_petition_is_a_400_with_a_reason(self, client):
        petition = PetitionFactory(state=Petition.State.CLOSED)
        response = sign_json(client, petition)
        assert response.status_code == 400
        assert "not open" in response.json()["non_field_errors"][0]

    def test_unknown_petition_is_a_404(self, client):
        response = client.post(
            "/api/v1/petitions/no-such-petition/signatures/", {}, content_type="application/json"
        )
        assert response.status_code == 404


class TestSigningTwice:
    def test_same_email_in_another_case_with_spaces_makes_no_second_signature(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, email="Leyla@Example.org")
        response = sign_json(client, petition, email="  LEYLA@example.ORG ")
        assert response.status_code == 202
        assert Signature.objects.filter(petition=petition).count() == 1

    def test_response_does_not_reveal_that_the_address_had_signed(self, client):
        petition = PetitionFactory()
        first = sign_json(client, petition)
        second = sign_json(client, petition)
        assert (first.status_code, first.json()) == (second.status_code, second.json())

    def test_unverified_signer_is_sent_the_email_again_after_the_interval(self, client, settings):
        settings.PETITIONS_RESEND_INTERVAL = 300
        petition = PetitionFactory()
        sign_json(client, petition)
        assert len(verification_links("leyla@example.org")) == 1
        Signature.objects.update(
            verification_email_requested_at=timezone.now() - datetime.timedelta(minutes=6),
            verification_email_sent_at=timezone.now() - datetime.timedelta(minutes=6),
        )
        sign_json(client, petition, email="LEYLA@example.org")
        assert len(verification_links("leyla@example.org")) == 2

    def test_email_is_not_resent_within_the_interval(self, client, settings):
        settings.PETITIONS_RESEND_INTERVAL = 300
        petition = PetitionFactory()
        for _ in range(5):
            sign_json(client, petition)
        assert len(verification_links("leyla@example.org")) == 1

    def test_verified_signer_signing_again_gets_no_email_and_no_second_count(self, client):
        petition = PetitionFactory()
        sign_json(client, petition)
        client.post(verification_links("leyla@example.org")[0])
        mail.outbox.clear()
        assert sign_json(client, petition).status_code == 202
        assert emails_sent() == []
        assert (
            client.get(f"/api/v1/petitions/{petition.slug}/count/").json()["signature_count"] == 1
        )

    def test_the_same_address_may_sign_another_petition(self, client):
        first, second = PetitionFactory(), PetitionFactory()
        sign_json(client, first)
        sign_json(client, second)
        assert Signature.objects.filter(email_normalized="leyla@example.org").count() == 2

    def test_database_refuses_a_second_signature_for_one_address(self):
        from django.db import IntegrityError

        signature = SignatureFactory(email="leyla@example.org")
        with pytest.raises(IntegrityError):
            SignatureFactory(petition=signature.petition, email="LEYLA@example.org")


def test_signer_ip_is_kept_only_as_a_hash(client):
    petition = PetitionFactory()
    sign_json(client, petition, meta={"REMOTE_ADDR": "203.0.113.7"})
    signature = signature_of(petition, "leyla@example.org")
    assert signature.ip_hash and "203.0.113.7" not in signature.ip_hash


def test_a_nul_byte_in_the_user_agent_does_not_lose_the_signature(client):
    petition = PetitionFactory()
    response = sign_json(client, petition, meta={"HTTP_USER_AGENT": "Scanner\x00/1.0"})
    assert response.status_code == 202
    assert signature_of(petition, "leyla@example.org").user_agent == "Scanner/1.0"
