"""The delivery document: one PDF per addressee, read back as text and drawn as a picture."""

import io
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from campaign.models import Campaign
from petitions.models import DeliveryDocument, Signature
from petitions.tasks import report_jobs_check_task
from tests.factories import (
    AddresseeFactory,
    OrganizerFactory,
    PetitionFactory,
    UserFactory,
    verified_signature,
)
from tests.throwaway import skip_or_fail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
    assert files == [
        "truth-antonio-guterres-secretary-general-un.pdf",
        "truth-ursula-von-der-leyen-european-commission.pdf",
    ]
    text = pdf_text((tmp_path / "truth-antonio-guterres-secretary-general-un.pdf").read_bytes())
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


def test_addressee_and_signers_names_keep_their_letters(petition, tmp_path):
    if not HAS_WIDE_FONT:
        skip_or_fail("needs fonts-dejavu-core for non-Latin-1 names")
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


def test_a_command_document_naming_signers_is_logged_like_one_from_the_admin(petition, tmp_path):
    exporter = UserFactory(username="exporter")
    call_command(
        "delivery_document",
        "truth",
        "--with-signers",
        "--user",
        "exporter",
        "--output",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    logged = DeliveryDocument.objects.filter(petition=petition, with_signers=True)
    assert logged.count() == petition.addressees.count() == len(list(tmp_path.iterdir()))
    assert {(d.status, d.requested_by, d.signer_count) for d in logged} == {
        ("finished", exporter, 4)
    }


def test_command_names_an_unknown_addressee(petition, tmp_path):
    with pytest.raises(CommandError, match="No addressee 999 on truth"):
        call_command("delivery_document", "truth", "--addressee", "999", "--output", str(tmp_path))


def request_document(client, petition, addressee, **data):
    return client.post(
        f"/admin/petitions/petition/{petition.pk}/delivery-document/{addressee.pk}/", data
    )


def test_organizer_requests_a_document_and_downloads_it_when_written(
    client, petition, django_capture_on_commit_callbacks
):
    organizer = OrganizerFactory(username="organizer")
    client.force_login(organizer)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    for addressee in petition.addressees.all():
        url = f"/admin/petitions/petition/{petition.pk}/delivery-document/{addressee.pk}/"
        assert f'formaction="{url}"' in page
    assert 'name="signers"' not in page  # organizers do not see signers' names
    ursula = petition.addressees.get(name="Ursula von der Leyen")
    with django_capture_on_commit_callbacks(execute=True):
        response = request_document(client, petition, ursula)
    # The admin answers at once; the document is written by a task once the request commits.
    assert response.status_code == 302
    assert response["Location"] == "/admin/petitions/deliverydocument/"
    document = DeliveryDocument.objects.get()
    assert (document.petition, document.addressee, document.requested_by) == (
        petition,
        ursula,
        organizer,
    )
    assert (document.with_signers, document.status) == (False, "finished")

    log = client.get("/admin/petitions/deliverydocument/").content.decode()
    assert "organizer" in log and "Download PDF" in log
    download = client.get(f"/admin/petitions/deliverydocument/{document.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith(
        'attachment; filename="truth-ursula-von-der-leyen-european-commission-'
    )
    assert "Ursula von der Leyen" in pdf_text(b"".join(download.streaming_content))

    assert request_document(client, petition, ursula, signers="1").status_code == 403
    assert DeliveryDocument.objects.count() == 1


def test_a_user_without_the_permission_gets_no_document(client, petition):
    client.force_login(UserFactory(permissions=["petitions.view_petition"]))
    assert request_document(client, petition, petition.addressees.first()).status_code == 403
    assert client.get("/admin/petitions/deliverydocument/").status_code == 403
    assert not DeliveryDocument.objects.exists()


def test_documents_with_signers_are_only_for_those_who_may_export_signers(
    client, petition, django_capture_on_commit_callbacks
):
    exporter = UserFactory(
        permissions=[
            "petitions.view_petition",
            "petitions.export_signature_counts",
            "petitions.export_signers",
        ]
    )
    client.force_login(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        request_document(client, petition, petition.addressees.first(), signers="1")
    document = DeliveryDocument.objects.get()
    assert (document.with_signers, document.signer_count) == (True, 4)  # AZ and CI consented
    url = f"/admin/petitions/deliverydocument/{document.pk}/download/"
    assert "Sığnatory AZ0" in pdf_text(b"".join(client.get(url).streaming_content))
    client.force_login(OrganizerFactory())
    assert client.get(url).status_code == 404
    assert "Sığnatory" not in client.get("/admin/petitions/deliverydocument/").content.decode()


@pytest.fixture
def many_signers(petition):
    """Enough signers shown by name for pages of appendix, one of them with a very long name."""
    names = [f"Signer {n:04d}" for n in range(1, 1201)]
    names[700] = "Signer 0701 " + "Ağaoğlu-Əliyeva " * 11 + "the end"
    Signature.objects.bulk_create(
        Signature(
            petition=petition,
            name=name,
            email=f"signer{n}@example.org",
            email_normalized=f"signer{n}@example.org",
            country="FR",
            consent_to_show_name=True,
            verified_at=timezone.now(),
        )
        for n, name in enumerate(names)
    )
    return names


def test_the_appendix_names_every_signer_shown_by_name_once_in_order_over_many_pages(
    client, petition, many_signers, django_capture_on_commit_callbacks
):
    client.force_login(
        UserFactory(permissions=["petitions.export_signature_counts", "petitions.export_signers"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_document(client, petition, petition.addressees.first(), signers="1")
    document = DeliveryDocument.objects.get()
    assert document.signer_count == 1204
    reader = PdfReader(document.file.path)
    assert len(reader.pages) > 20
    text = "\n".join(page.extract_text() for page in reader.pages[1:])
    listed = re.findall(r"^(?:Sığnatory \w+|Signer \d{4})", text, re.MULTILINE)
    assert listed == ["Sığnatory AZ0", "Sığnatory AZ1", "Sığnatory AZ2", "Sığnatory CI0"] + [
        name[:11] for name in many_signers
    ]
    assert many_signers[700] in " ".join(text.split())  # wrapped, not cut
    # Each page of the appendix has its header row.
    assert all(page.extract_text().count("Name\nCity\nCountry") == 1 for page in reader.pages[2:])


def test_document_renders_as_pages(petition, tmp_path):
    if shutil.which("pdftoppm") is None:
        skip_or_fail("needs poppler-utils")
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


def test_every_addressee_of_the_demo_petition_gets_its_own_file(tmp_path):
    # Three of the five are "The Secretary-General" (or "Secretary General") of some body.
    call_command("load_demo_campaign")
    printed = io.StringIO()
    call_command(
        "delivery_document", "petition-to-world-leaders", "--output", str(tmp_path), stdout=printed
    )
    paths = printed.getvalue().split()
    assert len(paths) == len(set(paths)) == 5
    assert sorted(str(p) for p in tmp_path.iterdir()) == sorted(paths)
    offices = {
        next(o for o in OFFICES if o in pdf_text(Path(p).read_bytes()).replace("\n", " "))
        for p in paths
    }
    assert offices == set(OFFICES)


OFFICES = [
    "The White House, United States of America",
    "United Nations",
    "European Union",
    "Organisation of Islamic Cooperation",
    "Council of Europe",
]


def test_a_document_stopped_mid_way_is_failed_and_can_be_run_again(
    client, petition, django_capture_on_commit_callbacks
):
    organizer = OrganizerFactory()
    addressee = petition.addressees.first()
    document = DeliveryDocument.objects.create(
        petition=petition, addressee=addressee, requested_by=organizer, status="running"
    )
    stale = timedelta(seconds=settings.PETITIONS_JOB_STALE_SECONDS + 1)
    DeliveryDocument.objects.filter(pk=document.pk).update(progress_at=timezone.now() - stale)
    report_jobs_check_task()  # what beat runs every minute
    document.refresh_from_db()
    assert document.status == "failed"
    assert document.error.startswith("Stopped: no progress since")

    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/petitions/deliverydocument/",
            {"action": "run_again", "_selected_action": [document.pk]},
        )
    again = DeliveryDocument.objects.exclude(pk=document.pk).get()
    assert (again.addressee, again.with_signers, again.status) == (addressee, False, "finished")
