"""Social preview images (1200×630 PNG) drawn with Pillow, offline.

The font is the one Pillow itself ships (Aileron, released to the public domain), so no font
is downloaded at build time and none is stored in this repository.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
MARGIN = 80
BACKGROUND = (40, 53, 147)  # Material's indigo 800: white text on it passes WCAG AAA
BAND = (255, 112, 67)  # the accent, deep orange 400
INK = (255, 255, 255)
MUTED = (197, 202, 233)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=_font(size)) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(draw: ImageDraw.ImageDraw, title: str) -> tuple[int, list[str]]:
    """The largest font size at which the title fits in four lines (then it is cut short)."""
    width = SIZE[0] - 2 * MARGIN
    for size in (76, 68, 60, 52, 46):
        lines = _wrap(draw, title, size, width)
        if len(lines) <= 4:
            return size, lines
    lines = _wrap(draw, title, 46, width)[:4]
    return 46, [*lines[:3], lines[3].rstrip(".,;:") + "…"]


def draw_card(title: str, kicker: str, site_name: str, site_host: str) -> bytes:
    """A PNG preview card: what kind of page, its title, and where it lives."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, SIZE[1]), fill=BAND)
    draw.text((MARGIN, 64), kicker.upper(), font=_font(34), fill=MUTED)
    size, lines = _fit(draw, title)
    y = 140
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=INK, stroke_width=1, stroke_fill=INK)
        y += int(size * 1.22)
    draw.text((MARGIN, SIZE[1] - 96), site_name, font=_font(40), fill=INK)
    name_width = draw.textlength(site_name, font=_font(40))
    draw.text((MARGIN + name_width + 24, SIZE[1] - 90), site_host, font=_font(32), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
