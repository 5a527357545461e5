"""Signature counts by country, exported as CSV, XLSX and JSON from admin, command and API."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from rest_framework.authtoken.models import Token

from petitions.models import Signature
from petitions.reporting.selectors import signature_counts_by_country
from tests.factories import (
    OrganizerFactory,
    PetitionFactory,
    SignatureFactory,
    UserFactory,
    verified_signature,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    """Verified signatures in three countries, pending ones in two, and one invalidated."""
    petition = PetitionFactory(slug="truth", title="Recognize the truth")
    for country, verified, pending in [("AZ", 5, 2), ("TR", 3, 0), ("FR", 1, 0), ("CI", 0, 1)]:
        for _ in range(verified):
            verified_signature(petition=petition, country=country)
        SignatureFactory.create_batch(pending, petition=petition, country=country)
    SignatureFactory(petition=petition, country="DE", invalidated_at=timezone.now())
    PetitionFactory(slug="other")  # counts nothing into "truth"
    verified_signature(petition=PetitionFactory(), country="AZ")
    return petition


def database_counts(petition):
    """Count the signatures themselves, the slow way the exports must agree with."""
    rows = Signature.objects.filter(petition=petition, invalidated_at__isnull=True)
    verified = dict(
        rows.filter(verified_at__isnull=False).values_list("country").annotate(n=Count("pk"))
    )
    pending = dict(
        rows.filter(verified_at__isnull=True).values_list("country").annotate(n=Count("pk"))
    )
    return verified, pending


def test_table_equals_the_signatures_in_the_database(petition):
    table = signature_counts_by_country(petition=petition)
    verified, pending = database_counts(petition)
    assert [(r.code, r.signature_count, r.pending_count) for r in table.rows] == [
        ("AZ", verified["AZ"], pending["AZ"]),
        ("TR", verified["TR"], 0),
        ("FR", verified["FR"], 0),
        ("CI", 0, pending["CI"]),
    ]
    assert table.signature_count == sum(verified.values()) == 9
    assert table.pending_count == sum(pending.values()) == 3
    assert [round(r.share, 4) for r in table.rows] == [0.5556, 0.3333, 0.1111, 0]
    assert table.rows[3].country.name == "Côte d'Ivoire"


def export_command(petition, format_name):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export_signature_counts", petition.slug, "--format", format_name, stdout=out)
    out.flush()
    return out.buffer.getvalue()


def test_csv_opens_in_excel_with_accents_intact(petition):
    content = export_command(petition, "csv")
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel looks for
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Country code",
        "Country",
        "Verified signatures",
        "Share of verified (%)",
        "Pending signatures",
    ]
    assert rows[1:] == [
        ["AZ", "Azerbaijan", "5", "55.56", "2"],
        ["TR", "Türkiye", "3", "33.33", "0"],
        ["FR", "France", "1", "11.11", "0"],
        ["CI", "Côte d'Ivoire", "0", "0.00", "1"],
        ["", "Total", "9", "100.00", "3"],
    ]


def test_xlsx_has_a_header_row_and_number_cells(petition, tmp_path):
    output = tmp_path / "counts.xlsx"
    call_command(
        "export_signature_counts", petition.slug, "--format", "xlsx", "--output", str(output)
    )
    sheet = openpyxl.load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Country code", "Country", "Verified signatures")
    assert sheet["A1"].font.bold
    assert rows[1] == ("AZ", "Azerbaijan", 5, pytest.approx(5 / 9), 2)
    assert rows[-1] == (None, "Total", 9, 1, 3)
    assert all(isinstance(row[2], int) and isinstance(row[4], int) for row in rows[1:])
    assert sheet["D2"].number_format == "0.00%"


def test_json_names_each_country_and_the_total(petition):
    document = json.loads(export_command(petition, "json"))
    assert document["petition"] == "truth"
    assert document["countries"][0] == {
        "code": "AZ",
        "name": "Azerbaijan",
        "signature_count": 5,
        "share": pytest.approx(5 / 9, abs=1e-6),
        "pending_count": 2,
    }
    assert [c["code"] for c in document["countries"]] == ["AZ", "TR", "FR", "CI"]
    assert document["total"] == {"signature_count": 9, "pending_count": 3}


def test_command_says_which_slug_is_unknown():
    with pytest.raises(CommandError, match="No petition with slug: nope"):
        call_command("export_signature_counts", "nope")


def test_command_refuses_xlsx_on_a_text_only_output(petition):
    with pytest.raises(CommandError, match="--output"):
        call_command(
            "export_signature_counts", petition.slug, "--format", "xlsx", stdout=io.StringIO()
        )


# API -------------------------------------------------------------------------------------------


def get_counts(client, petition, user=None, **params):
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client.get(f"/api/v1/petitions/{petition.slug}/signature-counts/", params, **headers)


def test_api_refuses_anonymous_callers(client, petition):
    response = get_counts(client, petition)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_api_refuses_a_user_without_the_export_permission(client, petition):
    coordinator = UserFactory(username="coordinator")
    assert get_counts(client, petition, coordinator).status_code == 403


def test_api_gives_an_organizer_each_format(client, petition):
    organizer = OrganizerFactory(username="organizer")
    token = Token.objects.create(user=organizer).key
    url = f"/api/v1/petitions/{petition.slug}/signature-counts/"
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    csv_response = client.get(url, **auth)
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="truth-signature-counts-' in csv_response["Content-Disposition"]
    assert b'"Azerbaijan",5,"55.56",2' in csv_response.content
    xlsx = client.get(url, {"format": "xlsx"}, **auth)
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active["C2"].value == 5
    assert client.get(url, {"format": "json"}, **auth).json()["total"]["signature_count"] == 9


def test_api_answers_an_unknown_format_with_400(client, petition):
    response = get_counts(client, petition, OrganizerFactory(), format="pdf")
    assert response.status_code == 400
    assert "csv, json, xlsx" in response.json()["format"][0]


def test_api_answers_an_unknown_petition_with_404(client):
    response = get_counts(client, PetitionFactory.build(slug="missing"), OrganizerFactory())
    assert response.status_code == 404


# Admin -----------------------------------------------------------------------------------------


def test_organizer_downloads_counts_from_the_petitions_page(client, petition):
    client.force_login(OrganizerFactory())
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/")
    assert page.status_code == 200
    link = f"/admin/petitions/petition/{petition.pk}/signature-counts/xlsx/"
    assert link.encode() in page.content
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(link).content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [5, 3, 1, 0, 9]


def test_admin_action_exports_several_petitions_as_a_zip(client, petition):
    client.force_login(OrganizerFactory())
    second = PetitionFactory(slug="second")
    verified_signature(petition=second, country="AM")
    response = client.post(
        "/admin/petitions/petition/",
        {"action": "export_signature_counts_csv", "_selected_action": [petition.pk, second.pk]},
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as zipped:
        files = {name.split("-signature")[0]: zipped.read(name) for name in zipped.namelist()}
    assert set(files) == {"truth", "second"}
    assert '"Armenia",1,"100.00",0' in files["second"].decode("utf-8-sig")


def test_organizers_see_no_signers_and_no_signer_export(client, petition):
    client.force_login(OrganizerFactory())
    assert client.get("/admin/petitions/signature/").status_code == 403
    assert client.get("/admin/petitions/signerexport/").status_code == 403
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/")
    assert b"signer-export" not in page.content
    assert client.post(f"/admin/petitions/petition/{petition.pk}/signer-export/").status_code == 403


def test_a_staff_member_without_the_permission_cannot_download_counts(client, petition):
    client.force_login(UserFactory(permissions=["petitions.view_petition"]))
    response = client.get(f"/admin/petitions/petition/{petition.pk}/signature-counts/csv/")
    assert response.status_code == 403


def test_counts_csv_quotes_every_text_and_starts_no_formula(petition, country_named_like_a_formula):
    content = export_command(petition, "csv").decode("utf-8-sig")
    assert (
        content.splitlines()[1]
        == '"AZ","\'=HYPERLINK(""https://evil.example/"";""Azerbaijan"")",5,"55.56",2'
    )
    for separator in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(content), delimiter=separator):
            assert not [cell for cell in row if cell.lstrip(' "').startswith(("=", "+", "-", "@"))]


def test_counts_xlsx_shows_a_country_name_as_text_never_as_a_formula(
    petition, country_named_like_a_formula, tmp_path
):
    output = tmp_path / "counts.xlsx"
    call_command(
        "export_signature_counts", petition.slug, "--format", "xlsx", "--output", str(output)
    )
    cell = openpyxl.load_workbook(output).active["B2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("https://evil.example/";"Azerbaijan")')
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited


def test_the_export_actions_are_named_in_the_staff_members_language(client, petition):
    client.force_login(OrganizerFactory())
    page = client.get("/admin/petitions/petition/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Exporter le nombre de signatures en CSV" in page


def test_command_says_why_it_cannot_write_the_output_file(petition, tmp_path):
    with pytest.raises(CommandError, match=f"Cannot write {tmp_path}/no/counts.csv: "):
        call_command(
            "export_signature_counts", petition.slug, "--output", str(tmp_path / "no/counts.csv")
        )
