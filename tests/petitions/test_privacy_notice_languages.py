"""The privacy notice in the reader's language: the default one in all eight, a new one as written."""

import pytest

from petitions.models import PrivacyNotice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_notice_reads_in_each_language_with_the_settings_words(client, settings):
    settings.PETITIONS_PRIVACY_CONTACT = "privacy@example.org"
    settings.PETITIONS_UNVERIFIED_RETENTION_DAYS = 30
    arabic = client.get("/ar/privacy/").content.decode()
    assert "حقوقكم" in arabic  # "Your rights"
    assert "خلال 30 يومًا" in arabic
    assert "privacy@example.org" in arabic
    assert "Your rights" not in arabic
    assert "Vos droits" in client.get("/fr/privacy/").content.decode()
    assert "Hüquqlarınız" in client.get("/az/privacy/").content.decode()
    assert "Your rights" in client.get("/en/privacy/").content.decode()


def test_a_language_a_new_notice_leaves_empty_shows_its_english(client):
    PrivacyNotice.objects.create(version=2, text_en="Version two.", text_fr="Version deux.")
    assert "Version deux." in client.get("/fr/privacy/").content.decode()
    assert "Version two." in client.get("/ar/privacy/").content.decode()


def test_staff_read_and_start_a_new_version_from_every_language_of_the_one_in_force(client):
    client.force_login(UserFactory(is_superuser=True))
    notice = PrivacyNotice.objects.get(version=1)
    shown = client.get(f"/admin/petitions/privacynotice/{notice.pk}/change/").content.decode()
    assert "Vos droits" in shown and "Ваши права" in shown
    form = client.get("/admin/petitions/privacynotice/add/").content.decode()
    assert "Ihre Rechte" in form and "Haklarınız" in form
