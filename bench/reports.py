"""How fast a ward's report is gathered, frozen and printed, on the demo.

- gather live: Hùng Thắng's draft answering 389/UBND-VHTT (its registry of a few
  thousand residents, the chart by neighbourhood), with the queries it takes;
- snapshot: what a submission computes and stores;
- frozen letter: Tuần Châu's submitted report composed from its snapshot (no figures
  computed);
- the DOCX and the PDF of the frozen letter, and ``gocua report`` end to end.

Builds the demo in the configured (scratch) database. Prints; asserts nothing.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import database_label, peak_rss_mb, setup_django, timed


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gocua.reports.content import report_content, report_letter
    from gocua.reports.frozen import report_snapshot
    from gocua.reports.letters import render_docx, render_pdf
    from gocua.reports.models import Report, ReportRequest

    print(f"database: {database_label()}")
    with timed("demo (migrate and load)"):
        call_command("demo", stdout=io.StringIO())
    request = ReportRequest.objects.get(number="389/UBND-VHTT")
    ward2 = request.units.get(code="L06679")
    draft = Report(request=request, unit=ward2)
    sent = Report.objects.get(request=request, unit__code="L06700")

    report_content(draft)  # warm up: templates, catalogue caches
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries, timed("gather live (Hùng Thắng)"):
            report_content(draft)
    print(f"  queries: {len(queries)}")
    with timed("snapshot of a submission (Hùng Thắng)"):
        report_snapshot(draft)
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries, timed("frozen letter (Tuần Châu)"):
            letter = report_letter(sent)
    print(f"  queries: {len(queries)}")
    with timed("DOCX of the frozen letter"):
        docx = render_docx(letter)
    with timed("PDF of the frozen letter"):
        pdf = render_pdf(letter)
    print(f"  sizes: DOCX {len(docx):,} bytes, PDF {len(pdf):,} bytes")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "r.pdf"
        command = [
            str(Path(sys.executable).with_name("gocua")),
            "report", "--unit", "hung thang", "--as-of", "2023-06-26",
            "--request", "389/UBND-VHTT", "--out", str(out),
        ]  # fmt: skip
        with timed("gocua report … --out r.pdf (Hùng Thắng, new process)"):
            subprocess.run(command, check=True, capture_output=True)
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
