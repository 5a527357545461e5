"""The delivery document: a petition as handed to one addressee, as PDF (reportlab)."""

import io
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries.fields import Country
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from ..selectors import signers_shown_by_name
from . import selectors

logger = logging.getLogger(__name__)

REPORTLAB_FONTS = Path(__import__("reportlab").__file__).parent / "fonts"


@cache
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


def delivery_document_pdf(*, petition, addressee, with_signers=False):
    """Return the delivery document of a petition for one addressee, as PDF bytes."""
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
    rows = [[_("Country"), _("Signatures"), _("Share")]]
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

    if with_signers:
        story += [
            PageBreak(),
            Paragraph(
                _("Appendix: verified signers who agreed to show their name"), styles["heading"]
            ),
        ]
        # Only they: consenting to campaign news is not consenting to be named (issue 11).
        signer_rows = [[_("Name"), _("City"), _("Country")]] + [
            [name, city, Country(country).name]
            for name, city, country in signers_shown_by_name(petition=petition)
        ]
        signers_table = LongTable(signer_rows, colWidths=[80 * mm, 40 * mm, 45 * mm], repeatRows=1)
        signers_table.setStyle(_table_style(styles, total_row=False, numbers=False))
        signers_table.hAlign = "LEFT"
        story.append(signers_table)

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
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
    return out.getvalue()


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


def delivery_document_filename(*, petition, addressee):
    return f"{petition.slug}-{slugify(addressee.name) or addressee.pk}.pdf"
