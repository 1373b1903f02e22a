"""The fonts letters are drawn with, and the width of a text in them.

Word draws a letter in Times New Roman. On Linux its metric twin is Liberation
Serif: every glyph has the same advance width, so a line breaks at the same word.
Only version 2.x (Debian's ``fonts-liberation2``) covers Vietnamese; the older
``fonts-liberation`` 1.x, often installed beside it under the same family name,
lacks letters such as ``ệ`` and ``ữ``. The PDF and the chart therefore name the
2.x files by path instead of asking fontconfig for "Liberation Serif".
"""

from __future__ import annotations

import functools
from pathlib import Path

from gocua.lib.errors import ConfigurationProblem

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/local/share/fonts/liberation2"),
]
STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


def font_path(family: str = "Serif", *, bold: bool = False, italic: bool = False) -> Path:
    """``/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf``."""
    name = f"Liberation{family}-{STYLES[bold, italic]}.ttf"
    for directory in FONT_DIRS:
        path = directory / name
        if path.is_file():
            return path
    raise ConfigurationProblem(
        f"Thiếu phông chữ {name} (cài gói fonts-liberation2 của Debian)",
        f"font {name} is missing (install Debian's fonts-liberation2)",
    )


@functools.cache
def _metrics(path: Path) -> tuple[dict[int, int], float]:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    advances = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    return advances, float(font["head"].unitsPerEm)


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of ``text`` set in Times New Roman (its metric twin) at ``size_pt``."""
    advances, units = _metrics(font_path("Serif", bold=bold, italic=italic))
    fallback = advances.get(ord("n"), int(units / 2))
    return sum(advances.get(ord(ch), fallback) for ch in text) * size_pt / units
