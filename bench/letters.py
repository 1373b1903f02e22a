"""How fast letters are built and drawn, and how fast the register issues numbers.

The seed letter with its chart: composing (the chart included), DOCX, PDF and the
HTML preview; a ten-page narrative as PDF; then 300 numbers drawn one after another
from the register of outgoing letters (database-bound). Prints; asserts nothing.
"""

from __future__ import annotations

import dataclasses
import time
from io import StringIO

from bench.common import database_label, peak_rss_mb, setup_django, timed


def each(label: str, rounds: int, work: object) -> object:
    started = time.perf_counter()
    result = None
    for _ in range(rounds):
        result = work()  # type: ignore[operator]
    print(f"{label}: {(time.perf_counter() - started) / rounds * 1000:.0f} ms each")
    return result


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from gocua.reports.letters import (
        compose_report_letter,
        letter_html_fragment,
        render_docx,
        render_pdf,
    )
    from gocua.reports.letters.examples import seed_content

    content = seed_content(with_chart=True)
    with timed("first letter (imports matplotlib and WeasyPrint, loads fonts)"):
        render_pdf(compose_report_letter(content))
    letter = each(
        "compose the seed letter with its chart", 5, lambda: compose_report_letter(content)
    )
    docx = each("DOCX", 10, lambda: render_docx(letter))  # type: ignore[arg-type]
    pdf = each("PDF", 5, lambda: render_pdf(letter))  # type: ignore[arg-type]
    each("HTML preview", 20, lambda: letter_html_fragment(letter))  # type: ignore[arg-type]
    print(f"  sizes: DOCX {len(docx) // 1024} KB, PDF {len(pdf) // 1024} KB")  # type: ignore[arg-type]
    sentence = "Tổ Công nghệ số cộng đồng đi từng ngõ, gõ từng nhà, hướng dẫn người dân. " * 4
    long = compose_report_letter(
        dataclasses.replace(content, lessons=[sentence] * 60, neighbourhoods=())
    )
    each("ten-page narrative as PDF", 2, lambda: render_pdf(long))

    call_command("migrate", verbosity=0, stdout=StringIO())
    from gocua.reports.models import IssuedNumber
    from gocua.reports.services import letter_number_issue
    from gocua.testing import make_hierarchy

    ward = make_hierarchy()["ward"]
    IssuedNumber.objects.filter(unit=ward).delete()  # a second run starts again
    with timed(f"300 numbers from the register on {database_label()}") as result:
        for _ in range(300):
            letter_number_issue(unit=ward, year=2025, symbol="UBND-VHTT")
    print(f"  {result['seconds'] / 300 * 1000:.1f} ms per number")
    print(f"  peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
