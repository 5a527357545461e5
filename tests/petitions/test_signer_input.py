"""What a signer types: one line of visible text for names and cities, one key per mailbox."""

import pytest
from django_countries import countries
from django_countries.widgets import LazySelect

from petitions.forms import SignatureForm
from petitions.models import Signature
from tests.factories import PetitionFactory
from tests.petitions.helpers import emails_sent, sign_json

pytestmark = pytest.mark.django_db(transaction=True)

ATTACK = "Bob\r\n\r\nURGENT: re-enter your bank details at http://evil.example/"


def sign_page(client, petition, **fields):
    data = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"} | fields
    return client.post(f"/en/p/{petition.slug}/", data)


def field_errors(response):
    """Return the field errors of a refused signature, from the page's form or the API's body."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    return response.context["form"].errors


@pytest.fixture(params=["page", "api"])
def sign(request):
    """Sign the way a supporter does: on the petition's page or through the API."""
    return sign_page if request.param == "page" else sign_json


class TestNamesAndCitiesAreOneLineOfVisibleText:
    @pytest.mark.parametrize(
        "name",
        [
            ATTACK,
            "Bob\nSmith",
            "Bob\u2028Smith",  # line separator
            "Bob\u2029Smith",  # paragraph separator
            "Bob\u0085Smith",  # next line (C1 control)
            "Bob\tSmith",
            "Bob\x00",
            "Bob\u202eevil.exe",  # right-to-left override: the text reads backwards
            "\u2066Bob\u2069",  # bidi isolate
            "Bob\ufeff",
            "\u200b\u200b",  # zero-width spaces only
            "\u200c",
            "\u3164",  # Hangul filler: a letter that shows nothing
            "\u2800\u2800",  # blank braille pattern
            "\u0301\u0301",  # combining marks with nothing to sit on
        ],
    )
    def test_name_that_is_not_one_line_of_visible_text_is_refused(self, client, sign, name):
        petition = PetitionFactory()
        response = sign(client, petition, name=name)
        assert response.status_code == 400
        assert list(field_errors(response)) == ["name"]
        assert not Signature.objects.exists()
        assert emails_sent() == []

    def test_the_refusal_says_what_is_wrong(self, client, sign):
        petition = PetitionFactory()
        broken = field_errors(sign(client, petition, name=ATTACK))["name"][0]
        invisible = field_errors(sign(client, petition, name="\u200b\u200b"))["name"][0]
        assert "one line" in broken
        assert "visible" in invisible

    def test_the_page_shows_the_refusal_next_to_the_field(self, client):
        petition = PetitionFactory()
        response = sign_page(client, petition, name=ATTACK)
        assert response.status_code == 400
        assert "without line breaks" in response.content.decode()

    @pytest.mark.parametrize("city", ["Baku\r\nURGENT", "Ba\u2028ku", "\u200b", "Ba\u202eku"])
    def test_city_that_is_not_one_line_of_visible_text_is_refused(self, client, sign, city):
        petition = PetitionFactory()
        response = sign(client, petition, city=city)
        assert response.status_code == 400
        assert list(field_errors(response)) == ["city"]
        assert not Signature.objects.exists()

    def test_lone_surrogate_in_json_is_a_field_error_not_a_500(self, client):
        petition = PetitionFactory()
        response = client.post(
            f"/api/v1/petitions/{petition.slug}/signatures/",
            '{"name": "Bob \\ud800", "email": "leyla@example.org", "country": "AZ"}',
            content_type="application/json",
        )
        assert response.status_code == 400
        assert list(response.json()) == ["name"]

    @pytest.mark.parametrize(
        "name",
        [
            "Leyla Əliyeva",
            "Ağa Məmmədov",
            "محمد الأحمد",
            "علی\u200cاکبر رضایی",  # Persian: a zero-width non-joiner inside a word
            "Алексей Иванов",
            "王小明",
            "김민준",
            "अनुष्का शर्मा",
            "Jose\u0301 Garci\u0301a",  # combining acute accents
            "O'Brien",
            "Zoë d’Arc",
            "Jean-Luc Picard",
            "Ngũgĩ wa Thiong'o",
        ],
    )
    def test_names_in_every_script_are_accepted(self, client, sign, name):
        petition = PetitionFactory()
        response = sign(client, petition, name=name, city="Şəki")
        assert response.status_code in (202, 302)
        signature = Signature.objects.get()
        assert (signature.name, signature.city) == (name, "Şəki")

    def test_the_verification_email_shows_a_long_name_cut_short(self, client):
        petition = PetitionFactory()
        name = "Bob URGENT re-enter your bank details at evil.example " + "x" * 140
        sign_json(client, petition, name=name)
        body = emails_sent()[0].body
        greeting = body.splitlines()[0]
        assert greeting.startswith("Dear Bob URGENT")
        assert len(greeting) <= len("Dear ,") + 50
        assert "x" * 10 not in body
        assert Signature.objects.get().name == name


class TestOneMailboxSignsOnce:
    def test_full_width_letters_in_the_domain_make_no_second_signature(self, client, sign):
        petition = PetitionFactory()
        for address in ["same@ｅxample.org", "same@exａmple.org", "same@example.org"]:
            assert sign(client, petition, email=address).status_code in (202, 302)
        assert Signature.objects.count() == 1
        assert len(emails_sent()) == 1

    def test_a_domain_in_punycode_is_the_same_mailbox(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, email="user@пример.рф")
        sign_json(client, petition, email="user@XN--E1AFMKFD.xn--p1ai")
        assert Signature.objects.count() == 1

    @pytest.mark.parametrize("address", ["leyla@exämple.org", "user@пример.рф", "Info@Bücher.de"])
    def test_addresses_at_internationalized_domains_are_accepted(self, client, sign, address):
        petition = PetitionFactory()
        response = sign(client, petition, email=address)
        assert response.status_code in (202, 302)
        assert Signature.objects.get().email == address
        assert emails_sent()[0].to == [address]

    @pytest.mark.parametrize(
        "address",
        [
            "josé@exämple.org",
            "ｓame@example.org",  # full-width letters before the @
            "İlkin@example.org",  # Django's own check took it, and its email failed
        ],
    )
    def test_an_address_our_email_cannot_reach_is_refused_with_the_reason(
        self, client, sign, address
    ):
        # Django's mail (5.2) cannot write to letters outside ASCII before the @ (no SMTPUTF8):
        # the email would never arrive and the signature never count.
        petition = PetitionFactory()
        response = sign(client, petition, email=address)
        assert response.status_code == 400
        [message] = field_errors(response)["email"]
        assert "before the @" in message
        assert not Signature.objects.exists()

    def test_a_plus_tag_makes_no_second_signature(self, client, sign):
        petition = PetitionFactory()
        for address in ["leyla+one@example.org", "Leyla+two@example.org", "leyla@example.org"]:
            assert sign(client, petition, email=address).status_code in (202, 302)
        assert Signature.objects.count() == 1

    def test_the_email_goes_to_the_address_as_given_with_its_tag(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, email="leyla+petitions@example.org")
        assert emails_sent()[0].to == ["leyla+petitions@example.org"]
        assert Signature.objects.get().email == "leyla+petitions@example.org"

    def test_an_address_that_starts_with_a_plus_is_its_own_mailbox(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, email="+one@example.org")
        sign_json(client, petition, email="+two@example.org")
        assert Signature.objects.count() == 2

    def test_dots_still_make_a_different_mailbox(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, email="leyla.aliyeva@example.org")
        sign_json(client, petition, email="leylaaliyeva@example.org")
        assert Signature.objects.count() == 2

    @pytest.mark.parametrize(
        "address",
        [
            "leyla-at-example.org",
            "leyla@example..org",
            "leyla@localhost",
            "leyla@mail.invalid",
            "le\u200byla@example.org",
            "leyla@example.org\r\nBcc: victim@example.org",
        ],
    )
    def test_a_refused_address_gets_a_clear_field_error(self, client, sign, address):
        petition = PetitionFactory()
        response = sign(client, petition, email=address)
        assert response.status_code == 400
        assert field_errors(response)["email"] == ["Enter a valid email address."]
        assert not Signature.objects.exists()


@pytest.mark.parametrize("data", [None, {}, {"country": "AZ"}, {"country": "<b>"}])
def test_the_country_list_is_djangos_select_with_the_chosen_country_selected(data):
    form = SignatureForm(data)
    ours = str(form["country"])
    form.fields["country"].widget = LazySelect(choices=form.fields["country"].choices)
    form.fields["country"].widget.is_required = True
    # Django's leaves a blank line after each option; ours does not.
    assert ours == str(form["country"]).replace("\n\n", "\n")
    assert ours.count("<option ") == 1 + len(countries)
    chosen = data == {"country": "AZ"}
    assert ('<option value="AZ" selected>Azerbaijan</option>' in ours) == chosen
