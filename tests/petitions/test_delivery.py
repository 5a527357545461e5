"""The delivery document: one PDF per addressee, read back as text and drawn as a picture."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from campaign.models import Campaign
from tests.factories import (
    AddresseeFactory,
    OrganizerFactory,
    PetitionFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db

HAS_WIDE_FONT = Path(settings.PETITIONS_PDF_FONT).is_file()


@pytest.fixture
def petition():
    campaign = Campaign.objects.create(
        name="Justice and Remembrance", slug="justice", start_date="2008-05-08"
    )
    petition = PetitionFactory(
        campaign=campaign,
        slug="truth",
        title="Recognize the truth",
        text="We ask the leaders of the world to act.\n\nNow, before it is too late.",
    )
    AddresseeFactory(petition=petition, name="António Guterres", office="Secretary-General, UN")
    AddresseeFactory(petition=petition, name="Ursula von der Leyen", office="European Commission")
    for country, n in [("AZ", 3), ("TR", 2), ("CI", 1)]:
        for i in range(n):
            verified_signature(
                petition=petition,
                country=country,
                name=f"Sığnatory {country}{i}",
                # The Turkish signers want campaign news, but not their names shown.
                consent_to_show_name=(country != "TR"),
                consent_to_updates=True,
            )
    return petition


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_command_writes_one_document_per_addressee(petition, tmp_path):
    call_command("delivery_document", "truth", "--output", str(tmp_path), stdout=io.StringIO())
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["truth-antonio-guterres.pdf", "truth-ursula-von-der-leyen.pdf"]
    text = pdf_text((tmp_path / "truth-antonio-guterres.pdf").read_bytes())
    for expected in [
        "Secretary-General, UN",
        "Justice and Remembrance",
        "Recognize the truth",
        "Now, before it is too late.",
        "6 verified signatures",
        "Azerbaijan",
        "Türkiye",
        "Côte d'Ivoire",
        "50.0 %",
    ]:
        assert expected in text
    assert "Sığnatory" not in text  # no names without --with-signers


@pytest.mark.skipif(not HAS_WIDE_FONT, reason="needs fonts-dejavu-core for non-Latin-1 names")
def test_addressee_and_signers_names_keep_their_letters(petition, tmp_path):
    addressee = petition.addressees.get(name="António Guterres")
    call_command(
        "delivery_document",
        "truth",
        "--addressee",
        str(addressee.pk),
        "--with-signers",
        "--output",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    (document,) = tmp_path.iterdir()
    text = pdf_text(document.read_bytes())
    assert "António Guterres" in text
    assert "Sığnatory AZ0" in text and "Sığnatory CI0" in text
    assert "Sığnatory TR0" not in text  # consented to news only, not to be named


def test_command_names_an_unknown_addressee(petition, tmp_path):
    with pytest.raises(CommandError, match="No addressee 999 on truth"):
        call_command("delivery_document", "truth", "--addressee", "999", "--output", str(tmp_path))


def test_organizer_downloads_a_document_per_addressee_from_admin(client, petition):
    client.force_login(OrganizerFactory())
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    links = [
        f"/admin/petitions/petition/{petition.pk}/delivery-document/{a.pk}/"
        for a in petition.addressees.all()
    ]
    assert all(link in page for link in links)
    assert "?signers=1" not in page  # organizers do not see signers' names
    response = client.get(links[1])
    assert response["Content-Type"] == "application/pdf"
    assert "Ursula von der Leyen" in pdf_text(response.content)
    assert client.get(links[1] + "?signers=1").status_code == 403


def test_a_user_without_the_permission_gets_no_document(client, petition):
    client.force_login(UserFactory(permissions=["petitions.view_petition"]))
    addressee = petition.addressees.first()
    url = f"/admin/petitions/petition/{petition.pk}/delivery-document/{addressee.pk}/"
    assert client.get(url).status_code == 403


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_document_renders_as_pages(petition, tmp_path):
    addressee = petition.addressees.first()
    call_command(
        "delivery_document",
        "truth",
        "--addressee",
        str(addressee.pk),
        "--with-signers",
        "--output",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    (document,) = tmp_path.glob("*.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(document), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 2  # the document, then the appendix
