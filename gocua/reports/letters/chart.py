"""The chart a letter carries: indicators by neighbourhood, as a PNG.

Matplotlib draws on its Agg canvas directly (no pyplot, no global state, no
display, no network), with Liberation Sans 2.x named by path so that Vietnamese
labels are whole (see :mod:`.fonts`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gocua.reports.letters.fonts import font_path

# Print-friendly: dark and light alternate, so neighbouring bars differ in grey too.
COLOURS = ["#1f4e79", "#9dc3e6", "#c55a11", "#f8cbad", "#548235", "#c9c9c9", "#7030a0", "#ffd966"]


@dataclass(frozen=True)
class ChartSeries:
    """One indicator: its short label and its percent in each group (None: no figure)."""

    label: str
    values: Sequence[float | None]


def indicator_chart_png(
    *,
    groups: Sequence[str],
    series: Sequence[ChartSeries],
    title: str = "",
    value_label: str = "Tỷ lệ đạt (%)",
    width_mm: float = 160.0,
    height_mm: float = 95.0,
    dpi: int = 200,
) -> bytes:
    """A grouped bar chart: one group per neighbourhood, one bar per indicator, each bar
    labelled with its percent written the Vietnamese way (``68,84`` → ``68,8``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    regular = FontProperties(fname=str(font_path("Sans")), size=8)
    small = FontProperties(fname=str(font_path("Sans")), size=5.5)
    bold = FontProperties(fname=str(font_path("Sans", bold=True)), size=9)

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(len(series), 1)
    bar_width = 0.8 / count
    for index, one in enumerate(series):
        offsets = [g + (index - (count - 1) / 2) * bar_width for g in range(len(groups))]
        heights = [value if value is not None else 0.0 for value in one.values]
        bars = axes.bar(
            offsets,
            heights,
            width=bar_width * 0.92,
            color=COLOURS[index % len(COLOURS)],
            edgecolor="#404040",
            linewidth=0.3,
            label=one.label,
        )
        for bar, value in zip(bars, one.values, strict=False):
            text = "–" if value is None else bar_label(value)
            axes.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 1.5),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=90,
                fontproperties=small,
            )
    axes.set_xticks(range(len(groups)))
    # Many groups (a city's wards): slanted labels, so that long names do not overlap.
    slanted = len(groups) > 6
    axes.set_xticklabels(
        list(groups),
        fontproperties=regular,
        rotation=40 if slanted else 0,
        ha="right" if slanted else "center",
        rotation_mode="anchor",
    )
    axes.set_ylim(0, 118)
    axes.set_yticks(range(0, 101, 20))
    axes.set_yticklabels([str(v) for v in range(0, 101, 20)], fontproperties=regular)
    axes.set_ylabel(value_label, fontproperties=regular)
    axes.yaxis.grid(True, color="#d9d9d9", linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if title:
        axes.set_title(title, fontproperties=bold, pad=6)
    if series:
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.3 if slanted else -0.09),
            ncol=min(3, count),
            frameon=False,
            prop=regular,
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def bar_label(value: float) -> str:
    """``68.84`` → ``68,8``; ``100.0`` → ``100``: one decimal, half up, decimal comma."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return f"{rounded}".replace(".", ",")
