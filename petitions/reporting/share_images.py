"""Share images: the picture a link preview shows (1200×630 PNG), a title and a count.

Drawn with Pillow in DejaVu Sans (the delivery documents' font: Latin, Cyrillic and Arabic
letters). Arabic needs shaping and right-to-left layout, which Pillow does through libraqm;
without it (PIL.features.check("raqm") false), a right-to-left text would come out as
unjoined letters in the wrong order, so the caller draws the English text instead
(can_draw_text).
"""

import io
import unicodedata
from functools import cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
INK = (27, 29, 33)
PAPER = (241, 236, 228)
ACCENT = (155, 28, 44)
GOLD = (184, 149, 90)
TRACK = (63, 66, 73)


@cache
def can_shape_text():
    """Whether Pillow lays out complex scripts (Arabic) with libraqm here."""
    return features.check("raqm")


def is_right_to_left(text):
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def can_draw_text(*texts):
    """Whether these texts can be drawn as a reader expects (a right-to-left one needs raqm)."""
    return can_shape_text() or not any(is_right_to_left(text) for text in texts)


@cache
def _font(bold, size):
    path = settings.PETITIONS_PDF_FONT_BOLD if bold else settings.PETITIONS_PDF_FONT
    engine = ImageFont.Layout.RAQM if can_shape_text() else ImageFont.Layout.BASIC
    try:
        return ImageFont.truetype(path, size, layout_engine=engine)
    except OSError:
        return ImageFont.load_default(size)


def _wrap(text, font, width, direction):
    """Split text into lines no wider than width, at spaces."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or font.getlength(candidate, direction=direction) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fitted_title(title, direction):
    """The title's font and lines: as large as fits in four lines."""
    for size in (68, 60, 52, 46, 40):
        font = _font(True, size)
        lines = _wrap(title, font, WIDTH - 2 * MARGIN, direction)
        if len(lines) <= 4:
            return font, lines
    return font, lines[:4]


def share_image_png(*, heading, title, figure, caption, progress=None):
    """Draw a share image: a small heading, the title, a large figure with its caption, and
    optionally a progress bar (0 to 100); return PNG bytes.

    Right-to-left texts are laid out from the right (with raqm, see can_draw_text).
    """
    rtl = is_right_to_left(heading + title + caption)
    direction = "rtl" if rtl and can_shape_text() else None
    kwargs = {"direction": direction} if direction else {}
    x, anchor = (WIDTH - MARGIN, "r") if rtl else (MARGIN, "l")

    image = Image.new("RGB", (WIDTH, HEIGHT), INK)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    draw.text((x, 64), heading, font=_font(False, 30), fill=GOLD, anchor=anchor + "a", **kwargs)

    font, lines = _fitted_title(title, direction)
    y = 124
    for line in lines:
        draw.text((x, y), line, font=font, fill=(255, 255, 255), anchor=anchor + "a", **kwargs)
        y += int(font.size * 1.22)

    figure_font = _font(True, 84)
    baseline = HEIGHT - 104
    draw.text((x, baseline), figure, font=figure_font, fill=(255, 255, 255), anchor=anchor + "s")
    figure_width = figure_font.getlength(figure)
    caption_x = x - figure_width - 24 if rtl else x + figure_width + 24
    draw.text(
        (caption_x, baseline),
        caption,
        font=_font(False, 34),
        fill=PAPER,
        anchor=anchor + "s",
        **kwargs,
    )
    if progress is not None:
        top = HEIGHT - 70
        draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + 16), radius=8, fill=TRACK)
        filled = (WIDTH - 2 * MARGIN) * max(0, min(100, progress)) / 100
        if filled >= 16:
            left, right = (
                (WIDTH - MARGIN - filled, WIDTH - MARGIN) if rtl else (MARGIN, MARGIN + filled)
            )
            draw.rounded_rectangle((left, top, right, top + 16), radius=8, fill=ACCENT)

    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
