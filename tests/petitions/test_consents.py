"""Notice and consents: two separate unticked choices, the notice's version kept, names shown
only by those who chose it."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections

from petitions.models import PrivacyNotice, Signature
from petitions.selectors import recent_supporters
from tests.factories import PetitionFactory, SignatureFactory, UserFactory, verified_signature
from tests.petitions.helpers import sign_json, signature_of

pytestmark = pytest.mark.django_db(transaction=True)


def sign_form(client, petition, **fields):
    data = {"name": "Leyla Aliyeva", "email": "leyla@example.org", "country": "AZ"} | fields
    return client.post(f"/en/p/{petition.slug}/", data)


def page(client, petition):
    caches["local"].clear()  # the page keeps its recent supporters for a few seconds
    return client.get(f"/en/p/{petition.slug}/").content.decode()


@pytest.fixture
def notice():
    """The notice in force; a transactional test's flush removes the one the migration made."""
    return PrivacyNotice.objects.create(version=7, text="Controller: $controller.")


class TestTheSignForm:
    def test_offers_two_separate_unticked_consents_and_says_what_is_kept(self, client):
        page_text = page(client, PetitionFactory())
        for name in ("consent_to_updates", "consent_to_show_name"):
            assert f'type="checkbox" name="{name}"' in page_text
        assert "checked" not in page_text
        assert "Receive campaign news by email" in page_text
        assert "Show my name (and city) publicly and to the addressees" in page_text
        assert "We keep your name, email, country and city" in page_text
        assert "deleted after 30 days" in page_text
        assert "183 days after the petition closes" in page_text
        assert 'href="/en/privacy/"' in page_text

    def test_a_refused_form_keeps_the_consents_ticked(self, client):
        petition = PetitionFactory()
        response = sign_form(client, petition, email="not an address", consent_to_show_name="on")
        assert response.status_code == 400
        assert (
            'type="checkbox" name="consent_to_show_name" id="id_consent_to_show_name" checked'
            in (response.content.decode())
        )


class TestWhatASignatureRecords:
    def test_each_consent_and_the_notice_in_force(self, client, notice):
        petition = PetitionFactory()
        sign_form(client, petition, consent_to_show_name="on")
        signature = signature_of(petition, "leyla@example.org")
        assert (signature.consent_to_updates, signature.consent_to_show_name) == (False, True)
        assert signature.privacy_notice == notice

    def test_nothing_is_consented_unless_ticked(self, client):
        petition = PetitionFactory()
        sign_form(client, petition)
        signature = signature_of(petition, "leyla@example.org")
        assert (signature.consent_to_updates, signature.consent_to_show_name) == (False, False)

    def test_the_api_takes_the_same_words_as_the_form(self, client, notice):
        petition = PetitionFactory()
        response = sign_json(client, petition, consent_to_updates=True, consent_to_show_name=True)
        assert response.status_code == 202
        signature = signature_of(petition, "leyla@example.org")
        assert (signature.consent_to_updates, signature.consent_to_show_name) == (True, True)
        assert signature.privacy_notice == notice

    def test_the_api_still_takes_the_former_consent_key_for_news_only(self, client):
        petition = PetitionFactory()
        assert sign_json(client, petition, consent=True).status_code == 202
        signature = signature_of(petition, "leyla@example.org")
        assert (signature.consent_to_updates, signature.consent_to_show_name) == (True, False)

    def test_the_new_key_wins_over_the_former_one(self, client):
        petition = PetitionFactory()
        sign_json(client, petition, consent=True, consent_to_updates=False)
        assert signature_of(petition, "leyla@example.org").consent_to_updates is False

    def test_a_consent_that_is_not_a_boolean_is_a_field_error(self, client):
        response = sign_json(client, PetitionFactory(), consent_to_show_name="perhaps")
        assert response.status_code == 400
        assert "consent_to_show_name" in response.json()

    def test_a_new_notice_published_in_the_admin_is_the_one_recorded(self, client, notice):
        staff = UserFactory(is_superuser=True)
        client.force_login(staff)
        form = client.get("/admin/petitions/privacynotice/add/").content.decode()
        assert "Controller: $controller." in form  # a new version starts from the one in force
        response = client.post(
            "/admin/petitions/privacynotice/add/",
            {"text_en": "Version two.", "text_ar": "النسخة الثانية."},
        )
        assert response.status_code == 302
        newest = PrivacyNotice.objects.get(text="Version two.")
        assert (newest.version, newest.published_by) == (notice.version + 1, staff)
        assert "النسخة الثانية." in client.get("/ar/privacy/").content.decode()
        caches["local"].clear()  # signing reads the notice in force within a second

        petition = PetitionFactory()
        sign_json(client, petition)
        assert signature_of(petition, "leyla@example.org").privacy_notice == newest

    @pytest.mark.usefixtures("concurrent_writers")
    def test_two_staff_publishing_at_once_both_publish_one_after_the_other(self, client, notice):
        client.force_login(UserFactory(is_superuser=True))
        published_meanwhile = []

        def publish_another():
            try:
                published_meanwhile.append(
                    PrivacyNotice.objects.create(version=notice.version + 1, text="Other.")
                )
            finally:
                connections.close_all()

        def other_staff_member_publishes(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if 'MAX("petitions_privacynotice"."version")' in sql and not published_meanwhile:
                # Another request, between this one's choice of a version and its INSERT.
                other = threading.Thread(target=publish_another)
                other.start()
                other.join()
            return result

        with connection.execute_wrapper(other_staff_member_publishes):
            response = client.post("/admin/petitions/privacynotice/add/", {"text_en": "Mine."})

        assert response.status_code == 302
        assert PrivacyNotice.objects.get(text="Mine.").version == notice.version + 2

    def test_a_published_notice_never_changes(self, client, notice):
        client.force_login(UserFactory(is_superuser=True))
        response = client.post(
            f"/admin/petitions/privacynotice/{notice.pk}/change/", {"text": "Rewritten."}
        )
        assert response.status_code == 403
        notice.refresh_from_db()
        assert notice.text == "Controller: $controller."


class TestThePrivacyPage:
    def test_states_controller_retention_rights_and_contact_from_the_settings(
        self, client, settings
    ):
        settings.PETITIONS_PRIVACY_CONTROLLER = "Khojaly Justice Association"
        settings.PETITIONS_PRIVACY_CONTACT = "privacy@khojaly.example.org"
        settings.PETITIONS_UNVERIFIED_RETENTION_DAYS = 21
        text = client.get("/en/privacy/").content.decode()
        assert "Khojaly Justice Association" in text
        assert "privacy@khojaly.example.org" in text
        assert "not confirmed within 21 days is deleted" in text
        assert "183 days after a petition closes" in text
        assert "Your rights" in text and "withdraw your signature" in text

    def test_shows_the_version_in_force(self, client, notice):
        PrivacyNotice.objects.create(version=8, text="Write to $contact. Costs $5.")
        text = client.get("/en/privacy/").content.decode()
        assert "Version 8" in text
        assert "Costs $5." in text  # only the named words are replaced
        assert "$contact" not in text


@pytest.mark.django_db(transaction=False)
def test_the_migrations_publish_the_default_notice_as_version_one(client):
    (notice,) = PrivacyNotice.objects.all()
    assert notice.version == 1
    text = client.get("/en/privacy/").content.decode()
    assert "Version 1" in text
    for part in ("Who is responsible", "What we keep", "Why", "How long", "Your rights"):
        assert part in text


class TestRecentSupporters:
    def test_only_verified_supporters_who_chose_to_show_their_name(self, client):
        petition = PetitionFactory()
        verified_signature(petition=petition, name="Leyla Aliyeva", consent_to_show_name=True)
        verified_signature(
            petition=petition, name="Emre Yilmaz", country="TR", consent_to_show_name=True
        )
        verified_signature(petition=petition, name="News Only", consent_to_updates=True)
        SignatureFactory(petition=petition, name="Not Confirmed", consent_to_show_name=True)
        text = page(client, petition)
        assert "Recent supporters" in text
        assert "Emre Y., Türkiye" in text.replace("&#x27;", "'")
        assert "Leyla A., Azerbaijan" in text
        assert text.index("Emre Y.") < text.index("Leyla A.")  # newest first
        assert "Aliyeva" not in text
        assert "News Only" not in text and "Not Confirmed" not in text

    def test_names_as_given_when_the_setting_says_so(self, client, settings):
        settings.PETITIONS_SUPPORTER_NAME = "full"
        petition = PetitionFactory()
        verified_signature(petition=petition, name="Leyla Aliyeva", consent_to_show_name=True)
        assert "Leyla Aliyeva, Azerbaijan" in page(client, petition)

    def test_no_list_without_anyone_to_show(self, client):
        petition = PetitionFactory()
        verified_signature(petition=petition, name="Leyla Aliyeva")
        assert "Recent supporters" not in page(client, petition)

    def test_at_most_the_number_set(self, client, settings):
        settings.PETITIONS_RECENT_SUPPORTERS = 2
        petition = PetitionFactory()
        for n in range(3):
            verified_signature(petition=petition, name=f"Supporter{n}", consent_to_show_name=True)
        assert page(client, petition).count("Supporter") == 2

    def test_one_query_then_none_while_kept(self, django_assert_num_queries):
        petition = PetitionFactory()
        verified_signature(petition=petition, name="Leyla Aliyeva", consent_to_show_name=True)
        with django_assert_num_queries(1):
            recent_supporters(petition_id=petition.pk)
        with django_assert_num_queries(0):
            (supporter,) = recent_supporters(petition_id=petition.pk)
        assert (supporter.name, supporter.code) == ("Leyla A.", "AZ")


def test_no_public_answer_carries_an_email_address_or_an_unconsented_name(client):
    petition = PetitionFactory()
    verified_signature(
        petition=petition, name="Private Person", email="private@example.org", city="Ganja"
    )
    verified_signature(
        petition=petition, name="Shown Person", email="shown@example.org", consent_to_show_name=True
    )
    answers = [
        page(client, petition),
        client.get(f"/en/p/{petition.slug}/stats/").content.decode(),
        client.get("/api/v1/petitions/").content.decode(),
        client.get(f"/api/v1/petitions/{petition.slug}/").content.decode(),
        client.get(f"/api/v1/petitions/{petition.slug}/count/").content.decode(),
        client.get(f"/api/v1/petitions/{petition.slug}/signatures-by-day/").content.decode(),
    ]
    for answer in answers:
        assert "@example.org" not in answer
        assert "Private" not in answer and "Ganja" not in answer
    assert "Shown P." in answers[0]
    assert Signature.objects.count() == 2
