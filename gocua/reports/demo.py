"""The reports part of the demo (see gocua/demo/steps.py): idempotent.

- Tuần Châu's register of outgoing letters holds the seed's number, 297/UBND-VHTT of
  2023, so that the next letter drawn in 2023 is 298.
- Signers: Tuần Châu's chairman as the seed names him; Hùng Thắng and Hạ Long get
  placeholder names (the city's letter to the province needs one too).
- The city's request 389/UBND-VHTT of 26 June 2023 asks both wards for the figures
  since 1 June 2022, by 30 June 2023.
- Tuần Châu's answer is the seed: submitted on 26 June 2023 (on time) with the seed's
  narrative and number, its figures frozen as they were entered. Hùng Thắng has not
  answered yet: its officer can draft, preview and submit it in the app.

The submission is written here directly (not through ``report_submit``) because it
happened in 2023: the workflow stamps submissions with the present time.
"""

from __future__ import annotations

import datetime as dt

from gocua.orgunits.demo import (
    REPORT_DAY,
    REQUEST_DEADLINE,
    REQUEST_START,
    DemoContext,
)
from gocua.reports.frozen import report_snapshot
from gocua.reports.letters.examples import (
    SEED_DIFFICULTIES,
    SEED_LESSONS,
    SEED_PROPOSALS,
)
from gocua.reports.models import (
    Report,
    ReportEvent,
    ReportRequest,
    ReportStatus,
    Signatory,
)
from gocua.reports.selectors import issued_number_find
from gocua.reports.services import letter_number_reserve

SEED_SEQUENCE = 297
SEED_SYMBOL = "UBND-VHTT"
SEED_SUBJECT = (
    "Báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn "
    "phường Tuần Châu"
)
REQUEST_NUMBER = "389/UBND-VHTT"
REQUEST_SUBJECT = (
    "báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn phường"
)
SEED_RECIPIENTS = ["UBND thành phố Hạ Long", "Phòng Văn hoá - Thông tin thành phố"]
SEED_COPIES = ["TT. Đảng ủy, HĐND, UBND phường"]
SUBMITTED_AT = dt.datetime(2023, 6, 26, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def build(ctx: DemoContext) -> None:
    ward, ward2, city = ctx.units["ward"], ctx.units["ward2"], ctx.units["city"]
    year = REPORT_DAY.year
    number = issued_number_find(unit=ward, year=year, sequence=SEED_SEQUENCE)
    if number is None:
        number = letter_number_reserve(
            unit=ward, year=year, sequence=SEED_SEQUENCE, symbol=SEED_SYMBOL, subject=SEED_SUBJECT
        )
    for unit, name in (
        (ward, "Nguyễn Song Giang"),
        (ward2, "Trần Thị B"),
        (city, "Nguyễn Văn A"),
    ):
        Signatory.objects.get_or_create(unit=unit, defaults={"name": name})

    request, _ = ReportRequest.objects.get_or_create(
        from_unit=city,
        number=REQUEST_NUMBER,
        date=REPORT_DAY,
        defaults={
            "subject": REQUEST_SUBJECT,
            "start": REQUEST_START,
            "end": REPORT_DAY,
            "deadline": REQUEST_DEADLINE,
        },
    )
    request.units.add(ward, ward2)

    report, created = Report.objects.get_or_create(
        request=request,
        unit=ward,
        defaults={
            "day": REPORT_DAY,
            "recipients": "\n".join(SEED_RECIPIENTS),
            "copies": "\n".join(SEED_COPIES),
            "lessons": "\n".join(SEED_LESSONS),
            "difficulties": "\n".join(SEED_DIFFICULTIES),
            "proposals": "\n".join(SEED_PROPOSALS),
            "number": number,
        },
    )
    if created:
        report.frozen = report_snapshot(report)
        report.status = ReportStatus.SUBMITTED
        report.version = 1
        report.submitted_at = SUBMITTED_AT
        report.save()
        event = ReportEvent.objects.create(
            report=report,
            action=ReportEvent.Action.SUBMIT,
            version=1,
            snapshot=report.frozen,
            comment="Báo cáo gốc của phường (số 297/UBND-VHTT)",
        )
        ReportEvent.objects.filter(pk=event.pk).update(at=SUBMITTED_AT)
    ctx.notes.append(
        'Báo cáo / report: gocua report --unit "tuan chau" --as-of 2023-06-26 '
        "--request 389/UBND-VHTT --out r.pdf"
    )
