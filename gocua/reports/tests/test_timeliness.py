"""Timeliness follows the first submission (domain.md).

By hand: the deadline of request 389/UBND-VHTT is 30 June 2023. Tuần Châu sends its
report on 29 June (on time); the city returns it on 30 June; Tuần Châu sends it again
on 3 July. It was on time: 1 of the 2 wards on time, not 0; the resend is a correction
dated 3 July. Hùng Thắng first sends on 1 July: late, whatever happens next.
"""

from __future__ import annotations

import time_machine

from gocua.reports import selectors
from gocua.reports.consolidation import Timeliness, local_day, wards_sentence
from gocua.reports.services import report_return, report_start, report_submit, signatory_set
from gocua.reports.tests.workflow import D, WorkflowBase, at


class FirstSubmissionTestCase(WorkflowBase):
    def test_a_report_sent_on_time_returned_and_resent_late_is_on_time(self) -> None:
        signatory_set(unit=self.ward2, name="Trần Thị B", title="Chủ tịch")
        report = report_start(request=self.request, unit=self.ward, user=self.alice)
        other = report_start(request=self.request, unit=self.ward2, user=self.charlie)
        with time_machine.travel(at(29, 10)):
            report_submit(report=report, user=self.alice)
        with time_machine.travel(at(30, 9)):
            report_return(report=report, user=self.dave, comment="Bổ sung số liệu")
        with time_machine.travel(at(1, 8, month=7)):
            report_submit(report=other, user=self.charlie)
        with time_machine.travel(at(3, 15, month=7)):
            report_submit(report=report, user=self.alice)

        rows = {row.unit.code: row for row in selectors.request_rows(self.request)}
        self.assertEqual(rows["L06700"].timeliness, Timeliness.ON_TIME)
        self.assertEqual(rows["L06679"].timeliness, Timeliness.LATE)
        c = selectors.request_consolidation(self.request)
        self.assertEqual((c.expected, c.received, c.on_time), (2, 2, 1))
        row = next(r for r in c.rows if r.unit_code == "L06700")
        assert row.submitted_at is not None and row.corrected_at is not None
        self.assertEqual(local_day(row.submitted_at), D(2023, 6, 29))  # the first sending
        self.assertEqual(local_day(row.corrected_at), D(2023, 7, 3))  # shown as a correction
        late = next(r for r in c.rows if r.unit_code == "L06679")
        self.assertIsNone(late.corrected_at)
        sentence = wards_sentence(c)
        self.assertIn("trong đó 1 đơn vị gửi đúng hạn (tỷ lệ báo cáo đúng hạn 50%)", sentence)
