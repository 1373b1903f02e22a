"""Charts as SVG written on the server: no chart JavaScript, readable printed.

Each function returns a complete ``<svg>`` element (text escaped) that scales to the
width of its container through its ``viewBox``; colours follow the attainment of the
target (met, near, below; blue without a target) and each bar or point also carries
its value as text, so nothing depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

COLOURS = {"met": "#2e7d32", "near": "#b26a00", "below": "#c62828", "": "#1565c0"}
FONT = 'font-family="Liberation Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as people read it (68,84%)
    attainment: str = ""
    href: str = ""


@dataclass(frozen=True)
class Point:
    day: dt.date
    value: float | None
    text: str


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def ranked_bars(
    bars: Sequence[Bar],
    *,
    target: float | None,
    scale: float | None,
    title: str,
    gap_after: int | None = None,
    gap_text: str = "",
) -> SafeString:
    """Horizontal bars, one line per unit in the order given; ``scale`` is the value of
    a full bar (100 for percents; the largest value when None). ``gap_after``: a line
    saying ``gap_text`` (the units left out) after that many bars."""
    # Narrow enough that a 360-px phone shows the 12-px text at about its size.
    label_w, bar_w, value_w, line = 150, 190, 60, 22
    top = 8
    height = top + line * (max(1, len(bars)) + (gap_after is not None)) + 8
    width = label_w + bar_w + value_w
    full = scale or max([b.value or 0 for b in bars] + [target or 0, 1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart ranked" {FONT} '
        f'font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    if gap_after is not None:
        parts.append(
            f'<text x="{label_w - 6}" y="{top + gap_after * line + 15}" text-anchor="end" '
            f'font-style="italic" fill="#555">{escape(gap_text)}</text>'
        )
    for i, bar in enumerate(bars):
        y = top + (i + (gap_after is not None and i >= gap_after)) * line
        label = bar.label if len(bar.label) <= 19 else bar.label[:18] + "…"
        text = (
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        if bar.href:
            text = f'<a href="{escape(bar.href)}">{text}</a>'
        parts.append(text)
        length = 0.0 if bar.value is None else max(0.0, min(1.0, bar.value / full)) * bar_w
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{_number(length)}" height="{line - 6}" '
            f'fill="{COLOURS.get(bar.attainment, COLOURS[""])}"/>'
        )
        parts.append(
            f'<text x="{_number(label_w + length + 4)}" y="{y + 15}">{escape(bar.text)}</text>'
        )
    if target is not None:
        x = label_w + min(1.0, target / full) * bar_w
        parts.append(
            f'<line x1="{_number(x)}" y1="2" x2="{_number(x)}" y2="{height - 2}" '
            'stroke="#222" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def trend_line(
    points: Sequence[Point], *, target: float | None, scale: float | None, title: str
) -> SafeString:
    """A line through the month ends, each point labelled with its value; the target as
    a dashed line. ``scale`` is the top of the axis (100 for percents)."""
    width, height = 420, 220
    left, right, top, bottom = 40, 16, 18, 34
    inset = 16  # the first and last points stand clear of the axis labels
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points if p.value is not None]
    full = scale or max([*values, target or 0, 1]) * 1.1
    step = (plot_w - 2 * inset) / max(1, len(points) - 1)

    def y_of(value: float) -> float:
        return top + plot_h - max(0.0, min(1.0, value / full)) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart trend" {FONT} '
        f'font-size="13">',  # about 10 px on a 360-px phone, where the chart is ~310 px wide
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h - fraction * plot_h
        parts.append(
            f'<line x1="{left}" y1="{_number(y)}" x2="{width - right}" y2="{_number(y)}" '
            'stroke="#ddd"/>'
        )
        label = _number(full * fraction) + ("%" if scale == 100 else "")
        parts.append(
            f'<text x="{left - 4}" y="{_number(y + 4)}" text-anchor="end">{escape(label)}</text>'
        )
    if target is not None:
        y = y_of(target)
        parts.append(
            f'<line x1="{left}" y1="{_number(y)}" x2="{width - right}" y2="{_number(y)}" '
            'stroke="#222" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    coords = [
        (left + inset + i * step, y_of(p.value), p)
        for i, p in enumerate(points)
        if p.value is not None
    ]
    if len(coords) > 1:
        path = " ".join(f"{_number(x)},{_number(y)}" for x, y, _ in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1565c0" stroke-width="2"/>')
    last = len(points) - 1
    for x, y, p in coords:
        parts.append(
            f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3.5" fill="#1565c0">'
            f"<title>{p.day:%d/%m/%Y}: {escape(p.text)}</title></circle>"
        )
        # Every other value is written (the last always), so that none overlap.
        if (last - points.index(p)) % 2 == 0:
            parts.append(
                f'<text x="{_number(x)}" y="{_number(y - 7)}" text-anchor="middle">'
                f"{escape(p.text)}</text>"
            )
    for i, p in enumerate(points):
        if (last - i) % 2:
            continue  # every other month is named, as the values
        x = left + inset + i * step
        parts.append(
            f'<text x="{_number(x)}" y="{height - 12}" text-anchor="middle">{p.day:%m/%y}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
