"""Social preview images (1200×630 PNG) drawn with Pillow, offline.

The font is the one Pillow itself ships (Aileron, released to the public domain), so no font
is downloaded at build time and none is stored in this repository.

Whatever a page's title is (essays' titles have no length limit), the card draws at most
``MAX_CHARS`` of it, breaks a word wider than the card, and cuts to ``MAX_LINES`` lines with an
ellipsis: Pillow renders each line into an image of its own width first, so a line of tens of
thousands of characters is a gigapixel image (a DecompressionBombError, or minutes of work).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
BACKGROUND = (40, 53, 147)  # Material's indigo 800: white text on it passes WCAG AAA
BAND = (255, 112, 67)  # the accent, deep orange 400
INK = (255, 255, 255)
MUTED = (197, 202, 233)

WIDTH = SIZE[0] - 2 * MARGIN  # of the text
TITLE_SIZES = (76, 68, 60, 52, 46)  # the largest at which the title fits is used
MAX_LINES = 4
# Four lines of the narrowest letters at the smallest size hold fewer: the rest is never drawn.
MAX_CHARS = 500
ELLIPSIS = "…"

Measure = Callable[[str], float]


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@cache
def _measure(size: int) -> Measure:
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    font = _font(size)
    return lambda text: draw.textlength(text, font=font)


def clean(text: str, limit: int = MAX_CHARS) -> tuple[str, bool]:
    """Text as one line of at most ``limit`` characters, and whether any was cut.

    Line breaks and other control characters become spaces; invisible format characters (the
    font draws them as boxes) and lone surrogates (which cannot be encoded for the font) are
    dropped; an accent typed as a combining mark joins its letter.
    """
    room = limit * 4  # generous room for what is dropped or joined below
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text[:room]
        if unicodedata.category(c) not in ("Cf", "Cs")
    )
    kept = " ".join(unicodedata.normalize("NFC", kept).split())
    if len(kept) > limit or (len(text) > room and text[room:].strip()):
        return kept[:limit].rstrip(), True
    return kept, False


def _pieces(measure: Measure, word: str, width: float) -> list[str]:
    """A word cut into pieces that each fit ``width`` (a word that fits is one piece)."""
    pieces = []
    while measure(word) > width:
        fits, wide = 1, len(word)  # the longest prefix that fits: a binary search
        while wide - fits > 1:
            middle = (fits + wide) // 2
            fits, wide = (middle, wide) if measure(word[:middle]) <= width else (fits, middle)
        pieces.append(word[:fits])
        word = word[fits:]
    return [*pieces, word] if word else pieces


def wrap(measure: Measure, text: str, width: float, max_lines: int) -> list[str]:
    """Lines of ``text`` that each fit ``width``; stops after ``max_lines + 1`` lines."""
    lines: list[str] = []
    for word in text.split():
        for piece in _pieces(measure, word, width):
            candidate = f"{lines[-1]} {piece}" if lines else piece
            if lines and measure(candidate) <= width:
                lines[-1] = candidate
            else:
                lines.append(piece)
                if len(lines) > max_lines:
                    return lines
    return lines


def shorten(measure: Measure, line: str, width: float, *, cut: bool = False) -> str:
    """One line that fits ``width``, ending with an ellipsis if anything was left out."""
    if not cut and measure(line) <= width:
        return line
    while line and measure(line.rstrip(" .,;:") + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip(" .,;:") + ELLIPSIS


def fit_title(title: str) -> tuple[int, list[str]]:
    """The largest font size at which the title fits in four lines (then it is cut short)."""
    text, cut = clean(title)
    for size in TITLE_SIZES:
        lines = wrap(_measure(size), text, WIDTH, MAX_LINES)
        if len(lines) <= MAX_LINES and not cut:
            return size, lines
    size = TITLE_SIZES[-1]
    lines = lines[:MAX_LINES]
    return size, [*lines[:-1], shorten(_measure(size), lines[-1], WIDTH, cut=True)]


def draw_card(title: str, kicker: str, site_name: str, site_host: str) -> bytes:
    """A PNG preview card: what kind of page, its title, and where it lives."""
    image = plain_image()
    draw = ImageDraw.Draw(image)
    kicker = shorten(_measure(34), clean(kicker.upper(), 200)[0], WIDTH)
    draw.text((MARGIN, 64), kicker, font=_font(34), fill=MUTED)
    size, lines = fit_title(title)
    y = 140
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=INK, stroke_width=1, stroke_fill=INK)
        y += int(size * 1.22)
    site_name = shorten(_measure(40), clean(site_name, 200)[0], WIDTH * 2 / 3)
    draw.text((MARGIN, SIZE[1] - 96), site_name, font=_font(40), fill=INK)
    name_width = draw.textlength(site_name, font=_font(40)) + 24
    site_host = shorten(_measure(32), clean(site_host, 200)[0], WIDTH - name_width)
    draw.text((MARGIN + name_width, SIZE[1] - 90), site_host, font=_font(32), fill=MUTED)
    return _png(image)


def plain_card() -> bytes:
    """The card without words: what a page gets if its own card could not be drawn."""
    return _png(plain_image())


def plain_image() -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    ImageDraw.Draw(image).rectangle((0, 0, 24, SIZE[1]), fill=BAND)
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
