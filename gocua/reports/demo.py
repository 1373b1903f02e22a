"""The reports part of the demo (see gocua/demo/steps.py): idempotent.

Tuần Châu's register of outgoing letters holds the seed's number, 297/UBND-VHTT
of 2023 (the report of 26 June 2023), so that the next letter drawn in 2023 is 298.
"""

from __future__ import annotations

from gocua.demo.context import REPORT_DAY, DemoContext
from gocua.reports.selectors import issued_number_find
from gocua.reports.services import letter_number_reserve

SEED_SEQUENCE = 297
SEED_SYMBOL = "UBND-VHTT"
SEED_SUBJECT = (
    "Báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn "
    "phường Tuần Châu"
)


def build(ctx: DemoContext) -> None:
    ward = ctx.unit("ward")
    year = REPORT_DAY.year
    if issued_number_find(unit=ward, year=year, sequence=SEED_SEQUENCE) is None:
        letter_number_reserve(
            unit=ward, year=year, sequence=SEED_SEQUENCE, symbol=SEED_SYMBOL, subject=SEED_SUBJECT
        )
