"""File formats of the organizers' exports: the counts table as CSV, XLSX or JSON; signers as CSV.

CSV files start with a UTF-8 byte-order mark: without it, Excel reads them in the computer's
legacy code page and garbles every accented name.
"""

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django_countries import countries

BOM = "\ufeff"


def _count_headers():
    return [
        _("Country code"),
        _("Country"),
        _("Verified signatures"),
        _("Share of verified (%)"),
        _("Pending signatures"),
    ]


def _percent(share):
    return round(share * 100, 2)


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet splitting on ";" or tabs (European defaults), not on the file's commas, starts
# cells inside a field: where a formula character follows a separator (after any blanks and
# quotes), the cell there is made to start with "'".
FORMULA_AFTER_SEPARATOR = re.compile(r'(?<=[,;\t\r\n])(?=[\s"]*[=+\-@])')
# Any of the above in a row's values, each after a line break: one quick search a row (it finds
# a few harmless texts too, which _as_text then leaves as they are).
FORMULA_IN_ROW = re.compile(r'[,;\t\r\n][\s"]*[=+\-@\t\r]')


def _as_text(value):
    """Return a text so that a spreadsheet shows it and never runs it, however it splits cells."""
    value = FORMULA_AFTER_SEPARATOR.sub("'", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_writer(stream):
    """Start a CSV file on a text stream; return its writer, which quotes texts (so that a
    spreadsheet splitting on commas keeps each whole) and writes numbers bare."""
    stream.write(BOM)
    return csv.writer(stream, quoting=csv.QUOTE_NONNUMERIC)


def _csv_row_writer(stream):
    """Start a CSV file on a text stream; return a function writing one row to it, defused."""
    writer = _csv_writer(stream)

    def writerow(values):
        if FORMULA_IN_ROW.search("\n".join(["", *map(str, values)])):
            values = [_as_text(v) if isinstance(v, str) else v for v in values]
        writer.writerow(values)

    return writerow


def counts_csv(table):
    """Return the counts table as CSV bytes, with a total row."""
    out = io.StringIO()
    writerow = _csv_row_writer(out)
    writerow(_count_headers())
    for row in table.rows:
        writerow(
            [
                row.code,
                row.country.name,
                row.signature_count,
                f"{_percent(row.share):.2f}",
                row.pending_count,
            ]
        )
    writerow(
        [
            "",
            _("Total"),
            table.signature_count,
            "100.00" if table.signature_count else "0.00",
            table.pending_count,
        ]
    )
    return out.getvalue().encode("utf-8")


def counts_xlsx(table):
    """Return the counts table as an XLSX workbook: a bold header, number cells, a total row."""
    # Imported here: openpyxl takes a tenth of a second to import, which every process would
    # pay at start (a worker, the counts' CSV command), not only the few that write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Signatures by country")[:31]
    sheet.append(_count_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(
            [row.code, row.country.name, row.signature_count, row.share, row.pending_count]
        )
    sheet.append(
        [
            "",
            _("Total"),
            table.signature_count,
            1 if table.signature_count else 0,
            table.pending_count,
        ]
    )
    for (cell,) in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        cell.number_format = "0.00%"
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    _keep_texts_as_text(sheet)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (14, 32, 20, 20, 20), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _keep_texts_as_text(sheet):
    """Make every text cell a string: openpyxl writes a text starting with "=" as a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                # Excel's quote prefix keeps it text even when someone edits the cell.
                cell.quotePrefix = cell.value.startswith(FORMULA_PREFIXES)


def counts_json(table):
    """Return the counts table as JSON bytes; shares are fractions of the verified total."""
    document = {
        "petition": table.petition.slug,
        "title": table.petition.title,
        "generated_at": table.generated_at.isoformat(),
        "updated_at": table.updated_at.isoformat() if table.updated_at else None,
        "countries": [
            {
                "code": row.code,
                "name": row.country.name,
                "signature_count": row.signature_count,
                "share": round(row.share, 6),
                "pending_count": row.pending_count,
            }
            for row in table.rows
        ],
        "total": {"signature_count": table.signature_count, "pending_count": table.pending_count},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class CountsFormat:
    content_type: str
    write: Callable[..., bytes]


COUNTS_FORMATS = {
    "csv": CountsFormat("text/csv; charset=utf-8", counts_csv),
    "xlsx": CountsFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", counts_xlsx
    ),
    "json": CountsFormat("application/json", counts_json),
}


def counts_filename(table, format_name):
    return f"{table.petition.slug}-signature-counts-{table.generated_at:%Y%m%d-%H%M}.{format_name}"


def write_signers_csv(rows, stream):
    """Write signer rows to a text stream as CSV, one at a time; return how many were written."""
    # Each country's name is looked up once per export, in the language of the export.
    country_name = functools.cache(countries.name)
    writer = _csv_writer(stream)
    writer.writerow(
        [_("Name"), _("Email"), _("Country code"), _("Country"), _("City"), _("Verified at (UTC)")]
    )
    written = 0
    for name, email, country, city, verified_at in rows:
        country_label = country_name(country)
        # Only texts can hold a formula (what the signer typed, a name COUNTRIES_OVERRIDE
        # gives): one search over the four, not _csv_row_writer's over every value of every
        # row, a tenth of a million rows' export.
        if FORMULA_IN_ROW.search(f"\n{name}\n{email}\n{country_label}\n{city}"):
            name, email, city = _as_text(name), _as_text(email), _as_text(city)
            country_label = _as_text(country_label)
        writer.writerow(
            [
                name,
                email,
                country,
                country_label,
                city,
                verified_at.strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
        written += 1
    return written
