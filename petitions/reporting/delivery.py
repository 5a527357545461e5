"""The delivery document: a petition as handed to one addressee, as PDF (reportlab)."""

import functools
import itertools
import logging
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import selectors

logger = logging.getLogger(__name__)

REPORTLAB_FONTS = Path(__import__("reportlab").__file__).parent / "fonts"


@functools.cache
def _fonts(regular_path, bold_path):
    """Register the document's fonts once; return their names (regular, bold)."""
    if not (Path(regular_path).is_file() and Path(bold_path).is_file()):
        logger.warning("PDF fonts %s not found; names outside Latin-1 will not show", regular_path)
        regular_path, bold_path = REPORTLAB_FONTS / "Vera.ttf", REPORTLAB_FONTS / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("DeliveryRegular", str(regular_path)))
    pdfmetrics.registerFont(TTFont("DeliveryBold", str(bold_path)))
    return "DeliveryRegular", "DeliveryBold"


def _styles():
    regular, bold = _fonts(settings.PETITIONS_PDF_FONT, settings.PETITIONS_PDF_FONT_BOLD)
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14.5)
    text = ParagraphStyle("text", parent=body, fontSize=11.5, leading=16, spaceAfter=6)
    return {
        "body": body,
        "text": text,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor="#5b6670"),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=23),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=bold, fontSize=12.5, spaceBefore=10, spaceAfter=4
        ),
        "total": ParagraphStyle("total", parent=body, fontName=bold, fontSize=14, leading=19),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=11.5),
        "regular": regular,
        "bold": bold,
    }


def _paragraphs(text, style):
    return [Paragraph(escape(part).replace("\n", "<br/>"), style) for part in text.split("\n\n")]


def _table_style(styles, *, total_row, numbers=True):
    commands = [
        ("FONT", (0, 0), (-1, -1), styles["regular"], 9.5),
        ("FONT", (0, 0), (-1, 0), styles["bold"], 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d9dee3")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT" if numbers else "LEFT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if total_row:
        commands += [("FONT", (0, -1), (-1, -1), styles["bold"], 9.5)]
    return TableStyle(commands)


def delivery_document_write(stream, *, petition, addressee, signers=None):
    """Write a petition's delivery document for an addressee as PDF; return the signers listed."""
    # signers, (name, city, country code) rows or None for no appendix, are read a page at a time.
    styles = _styles()
    table = selectors.signature_counts_by_country(petition=petition)
    today = date_format(timezone.now().date(), "DATE_FORMAT")
    story = [
        Paragraph(escape(petition.campaign.name), styles["small"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(addressee.name), styles["body"]),
        Paragraph(escape(addressee.office), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph(today, styles["body"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(petition.title), styles["title"]),
        Spacer(1, 4 * mm),
        *_paragraphs(petition.text, styles["text"]),
        Spacer(1, 6 * mm),
        Paragraph(
            escape(_("%(count)s verified signatures") % {"count": _number(table.signature_count)}),
            styles["total"],
        ),
        Paragraph(
            escape(
                _("Each signer confirmed their signature through a link sent by email.")
                + " "
                + _("Counted on %(date)s.") % {"date": today}
            ),
            styles["small"],
        ),
        Paragraph(_("Signatures by country"), styles["heading"]),
    ]
    rows = [[_("Country"), _("Signatures"), pgettext("share of the total", "Share")]]
    rows += [
        [
            Paragraph(escape(row.country.name), styles["body"]),
            _number(row.signature_count),
            f"{row.share * 100:.1f} %",
        ]
        for row in table.rows
        if row.signature_count
    ]
    rows.append([_("Total"), _number(table.signature_count), "100 %"])
    countries_table = LongTable(rows, colWidths=[100 * mm, 35 * mm, 25 * mm], repeatRows=1)
    countries_table.setStyle(_table_style(styles, total_row=True))
    story.append(countries_table)

    appendix = None
    if signers is not None:
        appendix = _SignerPages(_signer_rows(signers, styles), styles)
        story += [
            PageBreak(),
            Paragraph(
                _("Appendix: verified signers who agreed to show their name"), styles["heading"]
            ),
            appendix,
        ]

    document = SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=petition.title,
        author=petition.campaign.name,
        subject=f"{addressee.name}, {addressee.office}",
    )
    document.build(story, onFirstPage=_footer(styles), onLaterPages=_footer(styles))
    return appendix.listed if appendix else None


SIGNER_COLUMNS = (80 * mm, 40 * mm, 45 * mm)
SIGNER_ROW_HEIGHT = 14  # points: one line of 9.5 pt text and the cells' padding
CELL_PADDING = 6  # points, left and right (reportlab's default)


def _signer_rows(signers, styles):
    """Yield each signer's (cells, row height): plain text, or a paragraph where it must wrap."""
    country_name = functools.cache(countries.name)
    for name, city, country in signers:
        cells, height = [], SIGNER_ROW_HEIGHT
        for text, width in zip((name, city, country_name(country)), SIGNER_COLUMNS, strict=True):
            if pdfmetrics.stringWidth(text, styles["regular"], 9.5) <= width - 2 * CELL_PADDING:
                cells.append(text)
            else:
                wrapped = Paragraph(escape(text), styles["cell"])
                height = max(height, wrapped.wrap(width - 2 * CELL_PADDING, 10_000)[1] + 6)
                cells.append(wrapped)
        yield cells, height


class _SignerPages(Flowable):
    """The appendix's list of signers, split off as a table per page as reportlab lays it out."""

    # One table of every signer is held whole, and splitting it page after page costs more the
    # longer it is (3 minutes for 40,000): this takes from the rows only what fits on a page.

    def __init__(self, rows, styles, *, taken=(), counter=None):
        super().__init__()
        self._rows, self._styles, self._taken = rows, styles, list(taken)
        self._counter = counter if counter is not None else [0]

    @property
    def listed(self):
        return self._counter[0]

    def _has_more(self):
        if not self._taken:
            self._taken.extend(itertools.islice(self._rows, 1))
        return bool(self._taken)

    def wrap(self, available_width, available_height):
        # Taller than the space while rows remain, so that reportlab asks for a split.
        return available_width, available_height + 1 if self._has_more() else 0

    def split(self, available_width, available_height):
        room = available_height - 1 - SIGNER_ROW_HEIGHT  # less the header row
        heights, used = [], 0
        while True:
            if len(heights) == len(self._taken):
                self._taken.extend(itertools.islice(self._rows, 1))
                if len(heights) == len(self._taken):
                    break  # no more signers
            height = self._taken[len(heights)][1]
            if used + height > room:
                break
            heights.append(height)
            used += height
        if not heights:
            return []  # not one row fits here: reportlab goes on to the next page
        page_rows = [cells for cells, _height in self._taken[: len(heights)]]
        page = Table(
            [[_("Name"), _("City"), _("Country")], *page_rows],
            colWidths=SIGNER_COLUMNS,
            rowHeights=[SIGNER_ROW_HEIGHT, *heights],
            style=_table_style(self._styles, total_row=False, numbers=False),
            hAlign="LEFT",
        )
        self._counter[0] += len(page_rows)
        rest = self._taken[len(heights) :]
        if not rest:
            return [page]
        return [page, _SignerPages(self._rows, self._styles, taken=rest, counter=self._counter)]

    def draw(self):
        pass  # it has no height of its own: only the tables split off it are drawn


def _footer(styles):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont(styles["regular"], 8)
        canvas.setFillColor(colors.HexColor("#5b6670"))
        canvas.drawString(22 * mm, 12 * mm, document.title)
        canvas.drawRightString(A4[0] - 22 * mm, 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def _number(value):
    return number_format(value, force_grouping=True)


def delivery_document_filenames(*, petition):
    """Return each addressee's document file name by addressee id, no two alike."""
    # Several addressees may be "The Secretary-General": the office tells them apart, and the
    # addressee's id any that are still alike.
    names = {}
    addressees = list(petition.addressees.all())
    stems = {a.pk: slugify(f"{a.name} {a.office}")[:120].strip("-") for a in addressees}
    repeated = {stem for stem, n in Counter(stems.values()).items() if n > 1}
    for addressee in addressees:
        stem = stems[addressee.pk]
        name = f"{stem}-{addressee.pk}" if stem in repeated or not stem else stem
        while name in names.values():
            name = f"{name}-{addressee.pk}"
        names[addressee.pk] = name
    return {pk: f"{petition.slug}-{name}.pdf" for pk, name in names.items()}
