"""How fast the consolidation of a country's communes is, and its workbook.

3,321 communes (Vietnam's count after the 2025 merger) × 8 figures (six indicators,
sessions and residents guided), about 5% not received and 15% late: consolidate, write
the XLSX, draw the table fragment, compose the letter's content. No database.
Prints; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from bench.common import peak_rss_mb, setup_django, timed

COMMUNES = 3321
RATIOS = ["eid", "online_services", "cashless", "essential_apps", "civic_engagement"]
CODES = [*RATIOS, "household_skills", "sessions", "guided"]


def main() -> None:
    setup_django()
    from django.template.loader import render_to_string

    from gocua.reports.consolidation import (
        WardSubmission,
        city_letter_content,
        consolidate,
        consolidation_xlsx,
    )
    from gocua.reports.letters import Signature, compose_report_letter

    rng = random.Random(2023)
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    deadline = dt.date(2025, 7, 10)
    submissions = []
    for index in range(COMMUNES):
        roll = rng.random()
        status = "draft" if roll < 0.05 else "accepted" if roll < 0.5 else "submitted"
        late = rng.random() < 0.15
        when = dt.datetime(2025, 7, 11 if late else 9, rng.randrange(24), tzinfo=vn)
        people = rng.randint(2_000, 40_000)
        figures: dict[str, tuple[int, int | None]] = {
            code: (rng.randint(0, people), people) for code in RATIOS
        }
        households = people // 3
        figures["household_skills"] = (rng.randint(0, households), households)
        figures["sessions"] = (rng.randint(0, 80), None)
        figures["guided"] = (rng.randint(0, people), None)
        submissions.append(
            WardSubmission(f"C{index:05d}", f"Xã {index:05d}", when, figures, status)
        )

    with timed(f"consolidate {COMMUNES} communes × {len(CODES)} figures"):
        c = consolidate(submissions=submissions, deadline=deadline, codes=CODES)
    print(
        f"  received {c.received}/{c.expected}, on time {c.on_time}; "
        f"reporting rate {c.reporting_rate}%, timeliness {c.timeliness}%"
    )
    with timed("write the XLSX"):
        data = consolidation_xlsx(c, title="Tổng hợp báo cáo")
    print(f"  size: {len(data) // 1024} KB")
    with timed("render the table fragment"):
        html = render_to_string("reports/_consolidated.html", {"consolidation": c})
    print(f"  size: {len(html) // 1024} KB")
    with timed("compose the letter (no chart)"):
        compose_report_letter(
            city_letter_content(
                c=c,
                unit_name="Tỉnh Quảng Ninh",
                parent_name="Bộ Khoa học và Công nghệ",
                place="Quảng Ninh",
                number="01/UBND-KHCN",
                day=deadline,
                signature=Signature(name="Nguyễn Văn A"),
                recipients=["Bộ Khoa học và Công nghệ"],
                chart=False,
            )
        )
    print(f"  peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
