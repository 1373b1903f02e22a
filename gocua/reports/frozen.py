"""What a submission freezes: the figures, the definitions used and the letter's content.

``report_snapshot(report)`` is computed once, when the report is submitted, and
stored in ``Report.frozen`` and in the submission's :class:`ReportEvent`; afterwards the
letter, the city's consolidation and every download read the snapshot, never the live
data. Call it after the report's number has been issued (the content names it).
"""

from __future__ import annotations

from typing import Any

from gocua.reports.content import (
    Narrative,
    answered,
    content_to_json,
    gather,
    letter_day,
    live_figures,
    number_text,
    wanted_codes,
)
from gocua.reports.models import Report

SNAPSHOT_VERSION = 1


def report_snapshot(report: Report) -> dict[str, Any]:
    """``{"figures": …, "definitions": […], "content": {…}}`` of the report as it stands;
    :class:`~gocua.lib.errors.Problem` when it cannot be a letter (no signer)."""
    request = report.request
    figures = live_figures(
        unit=report.unit, start=request.start, as_of=request.end, codes=wanted_codes(request)
    )
    definitions = figures.pop("definitions")
    content = gather(
        unit=report.unit,
        start=request.start,
        as_of=request.end,
        day=letter_day(report),
        number=number_text(report),
        figures=figures,
        answering=answered(request),
        asking=request.from_unit,
        narrative=Narrative.of(report),
    )
    return {
        "version": SNAPSHOT_VERSION,
        "figures": figures,
        "definitions": definitions,
        "content": content_to_json(content),
    }
