"""The workflow of issue 6 through its services and selectors: a request from the city,
a ward's draft, submission (number, frozen figures, blocking findings), return,
resubmission and acceptance, and who may see and do what."""

from __future__ import annotations

from typing import Any

import time_machine
from django.http import Http404

from gocua.audit.models import AuditEvent
from gocua.indicators.services import aggregates_enter
from gocua.lib.errors import Problem
from gocua.outreach.models import LegalDocument
from gocua.reports import selectors
from gocua.reports.consolidation import Timeliness
from gocua.reports.models import IssuedNumber, Report, ReportEvent, ReportRequest, ReportStatus
from gocua.reports.services import (
    report_accept,
    report_return,
    report_start,
    report_submit,
    report_update,
    request_create,
    signatory_set,
)
from gocua.reports.tests.workflow import (
    DATE,
    DEADLINE,
    END,
    SEED_ERRORS,
    START,
    SUBJECT,
    D,
    WorkflowBase,
    at,
)


class WorkflowTestCase(WorkflowBase):
    def start(self, unit: object = None) -> Report:
        unit = unit or self.ward
        user = self.alice if unit == self.ward else self.charlie
        return report_start(request=self.request, unit=unit, user=user)  # type: ignore[arg-type]

    # Requests ---------------------------------------------------------------------------

    def test_it_asks_the_city_wards_by_default_and_registers_the_letter(self) -> None:
        self.assertEqual(
            [u.code for u in self.request.units.order_by("path")], ["L06679", "L06700"]
        )
        self.assertEqual(self.request.codes, [])
        letter = LegalDocument.objects.get(unit=self.city, number="389/UBND-VHTT")
        self.assertEqual(
            (letter.kind, letter.cite_in_reports, letter.issuer, letter.date),
            ("official_letter", False, "UBND thành phố Hạ Long", DATE),
        )
        self.assertTrue(AuditEvent.objects.filter(action="reports.request.create").exists())

    def test_it_refuses_a_bad_request_before_writing(self) -> None:
        good: dict[str, Any] = {
            "from_unit": self.city,
            "number": "390/UBND-VHTT",
            "date": DATE,
            "subject": SUBJECT,
            "start": START,
            "end": END,
            "deadline": DEADLINE,
            "user": self.dave,
        }
        bad: list[tuple[dict[str, Any], str]] = [
            ({"units": [self.units["province"]]}, "is not under"),
            ({"units": [self.kp1]}, "sends no letters"),
            ({"start": D(2023, 7, 1)}, "starts"),
            ({"deadline": D(2023, 6, 1)}, "deadline"),
            ({"subject": "  V/v  "}, "subject"),
            ({"number": "công văn"}, "document number"),
            ({"codes": ["eid", "nope"]}, "unknown indicator code nope"),
            ({"number": "389/UBND-VHTT"}, "already exists"),
            ({"date": D(2999, 1, 1), "deadline": D(2999, 1, 2)}, "future"),
            ({"user": self.alice}, "only the officers"),
            ({"from_unit": self.ward}, "cannot send report requests"),
        ]
        for change, message in bad:
            with self.subTest(change=change), self.assertRaises(Problem) as refused:
                request_create(**{**good, **change})
            self.assertIn(message, refused.exception.en)
        self.assertEqual(ReportRequest.objects.count(), 1)
        self.assertEqual(LegalDocument.objects.count(), 1)

    def test_it_keeps_the_codes_asked_and_the_units_chosen(self) -> None:
        chosen = request_create(
            from_unit=self.city,
            number="12/UBND-VHTT",
            date=DATE,
            subject=SUBJECT,
            start=START,
            end=END,
            deadline=DEADLINE,
            codes=["eid", "cashless", "eid"],
            units=[self.ward2],
            user=self.dave,
        )
        self.assertEqual(chosen.codes, ["eid", "cashless"])
        self.assertEqual(list(chosen.units.all()), [self.ward2])
        codes, _ = selectors.request_codes(chosen)
        self.assertEqual(codes, ["eid", "cashless", "sessions", "guided"])
        with self.assertRaises(Problem):
            report_start(request=chosen, unit=self.ward, user=self.alice)

    # Drafts ------------------------------------------------------------------------------

    def test_a_draft_is_addressed_to_the_city_and_takes_the_last_narrative(self) -> None:
        earlier = request_create(
            from_unit=self.city,
            number="120/UBND-VHTT",
            date=D(2022, 12, 20),
            subject=SUBJECT,
            start=D(2022, 1, 1),
            end=D(2022, 12, 20),
            deadline=D(2022, 12, 25),
            user=self.dave,
        )
        old = report_start(request=earlier, unit=self.ward, user=self.alice)
        report_update(report=old, user=self.alice, lessons="Đi từng ngõ\ngõ từng nhà")
        report_submit(report=old, user=self.alice)
        report = self.start()
        self.assertEqual(report.status, ReportStatus.DRAFT)
        self.assertEqual(
            report.recipients, "UBND thành phố Hạ Long\nPhòng Văn hóa - Thông tin thành phố"
        )
        self.assertEqual(report.lessons, "Đi từng ngõ\ngõ từng nhà")
        self.assertEqual(self.start().pk, report.pk)  # a second start opens the same draft
        self.assertEqual(
            list(report.events.values_list("action", flat=True)), [ReportEvent.Action.START]
        )

    def test_a_draft_keeps_the_text_as_typed(self) -> None:
        report = self.start()
        typed = '<script>alert("x")</script>\r\n  <b>đậm</b> & '
        report = report_update(report=report, user=self.alice, lessons=typed, day=D(2023, 6, 27))
        report.refresh_from_db()
        self.assertEqual(report.lessons, '<script>alert("x")</script>\n  <b>đậm</b> & ')
        self.assertEqual(report.day, D(2023, 6, 27))
        with self.assertRaises(Problem) as refused:
            report_update(report=report, user=self.alice, day=D(2023, 1, 1))
        self.assertIn("before the request", refused.exception.en)
        with self.assertRaises(TypeError):
            report_update(report=report, user=self.alice, status="accepted")

    # Submission ---------------------------------------------------------------------------

    def test_it_submits_once_with_a_number_and_frozen_figures(self) -> None:
        report = self.start()
        with time_machine.travel(at(28, 9)):
            submitted = report_submit(report=report, user=self.alice)
        self.assertEqual(submitted.status, ReportStatus.SUBMITTED)
        self.assertEqual(submitted.version, 1)
        self.assertEqual(submitted.number.text, "01/UBND-VHTT")  # type: ignore[union-attr]
        self.assertEqual(submitted.number.year, 2023)  # type: ignore[union-attr]
        self.assertEqual(set(submitted.frozen), {"version", "figures", "definitions", "content"})
        self.assertEqual(submitted.figure_pairs["eid"], (1328, 1929))
        self.assertEqual(submitted.figure_pairs["sessions"], (35, None))
        event = submitted.events.get(action=ReportEvent.Action.SUBMIT)
        self.assertEqual((event.version, event.snapshot), (1, submitted.frozen))
        # The same click again, with the page's stale copy: refused, nothing drawn.
        with self.assertRaises(Problem) as refused:
            report_submit(report=report, user=self.alice)
        self.assertIn("already submitted", refused.exception.en)
        self.assertIn("đã được gửi", refused.exception.vi)
        self.assertEqual(IssuedNumber.objects.filter(unit=self.ward).count(), 1)
        with self.assertRaises(Problem):
            report_update(report=report, user=self.alice, lessons="changed")

    def test_blocking_findings_need_a_reason(self) -> None:
        aggregates_enter(unit=self.ward, as_of=END, start=START, values=SEED_ERRORS)
        report = self.start()
        with self.assertRaises(Problem) as refused:
            report_submit(report=report, user=self.alice, reason="   ")
        self.assertIn("must be resolved", refused.exception.en)
        self.assertIn("2,525 residents aged 18+", refused.exception.en)
        report.refresh_from_db()
        self.assertEqual((report.status, report.number_id), (ReportStatus.DRAFT, None))
        submitted = report_submit(
            report=report, user=self.alice, reason="Số liệu theo báo cáo của khu phố"
        )
        self.assertEqual(submitted.status, ReportStatus.SUBMITTED)
        self.assertEqual(submitted.override_reason, "Số liệu theo báo cáo của khu phố")
        self.assertEqual(submitted.events.get(action="submit").comment, submitted.override_reason)

    def test_a_reason_without_blocking_findings_is_not_kept(self) -> None:
        submitted = report_submit(report=self.start(), user=self.alice, reason="just because")
        self.assertEqual(submitted.override_reason, "")

    def test_a_unit_without_a_signer_is_told_so(self) -> None:
        report = self.start(self.ward2)
        with self.assertRaises(Problem) as refused:
            report_submit(report=report, user=self.charlie)
        self.assertIn("no signer", refused.exception.en)
        self.assertIn("người ký", refused.exception.vi)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DRAFT)
        self.assertFalse(IssuedNumber.objects.filter(unit=self.ward2).exists())

    # Return, resubmission, acceptance ------------------------------------------------------

    def test_a_returned_report_is_corrected_and_submitted_again(self) -> None:
        report = report_submit(report=self.start(), user=self.alice)
        with self.assertRaises(Problem) as refused:
            report_return(report=report, user=self.dave, comment="  ")
        self.assertIn("say why", refused.exception.en)
        returned = report_return(report=report, user=self.dave, comment="Thiếu số buổi")
        self.assertEqual(returned.status, ReportStatus.RETURNED)
        self.assertTrue(returned.editable)
        self.assertEqual(returned.return_comment, "Thiếu số buổi")
        report_update(report=returned, user=self.alice, lessons="Bài học mới")
        again = report_submit(report=returned, user=self.alice)
        self.assertEqual(again.version, 2)
        self.assertEqual(again.number.text, "01/UBND-VHTT")  # type: ignore[union-attr]
        snapshots = list(
            again.events.filter(action="submit")
            .order_by("version")
            .values_list("version", "snapshot")
        )
        self.assertEqual([v for v, _ in snapshots], [1, 2])
        self.assertEqual(snapshots[0][1]["content"]["lessons"], [])
        self.assertEqual(snapshots[1][1]["content"]["lessons"], ["Bài học mới"])
        self.assertEqual(again.frozen, snapshots[1][1])
        actions = list(again.events.order_by("at", "pk").values_list("action", flat=True))
        self.assertEqual(actions, ["start", "submit", "return", "edit", "submit"])

    def test_accepting_locks_the_entered_figures(self) -> None:
        report = report_submit(report=self.start(), user=self.alice)
        with self.assertRaises(Problem):
            report_accept(report=report, user=self.alice)  # the ward cannot accept its own
        accepted = report_accept(report=report, user=self.dave)
        self.assertEqual(accepted.status, ReportStatus.ACCEPTED)
        self.assertEqual(accepted.accepted_by, self.dave)
        with self.assertRaises(Problem) as refused:
            aggregates_enter(unit=self.ward, as_of=END, start=START, values={"eid": (1, 2)})
        self.assertIn("locked", refused.exception.en)
        for action in (
            lambda: report_accept(report=report, user=self.dave),
            lambda: report_return(report=report, user=self.dave, comment="x"),
            lambda: report_submit(report=report, user=self.alice),
        ):
            with self.assertRaises(Problem):
                action()

    def test_only_the_right_officers_act(self) -> None:
        with self.assertRaises(Problem):
            report_start(request=self.request, unit=self.ward, user=self.charlie)
        with self.assertRaises(Problem):
            report_start(request=self.request, unit=self.ward, user=self.dave)
        report = self.start()
        with self.assertRaises(Problem):
            report_submit(report=report, user=self.bob)
        with self.assertRaises(Problem):
            report_return(report=report, user=self.charlie, comment="x")
        with self.assertRaises(Problem):
            signatory_set(unit=self.kp1, name="A", title="Tổ trưởng", user=self.alice)

    def test_a_deputy_signs_with_a_title(self) -> None:
        with self.assertRaises(Problem) as refused:
            signatory_set(unit=self.ward2, name="Lê Văn C", title="Chủ tịch", prefix="KT.")
        self.assertIn("signer's own title", refused.exception.en)
        signer = signatory_set(
            unit=self.ward2,
            name="Lê Văn C",
            title="Chủ tịch",
            prefix="KT.",
            signer_title="Phó Chủ tịch",
            symbol="ubnd – vp",
        )
        self.assertEqual((signer.prefix, signer.symbol), ("KT.", "UBND-VP"))

    # Selectors ----------------------------------------------------------------------------

    def test_each_person_sees_what_is_theirs(self) -> None:
        report = self.start()
        other = self.start(self.ward2)
        self.assertEqual(list(selectors.requests_inbox(user=self.alice)), [self.request])
        self.assertEqual(list(selectors.requests_inbox(user=self.charlie)), [self.request])
        self.assertEqual(list(selectors.requests_inbox(user=self.bob)), [])
        self.assertEqual(list(selectors.requests_sent(user=self.dave)), [self.request])
        self.assertEqual(list(selectors.requests_sent(user=self.alice)), [])
        self.assertEqual(selectors.access_report(self.dave, report.pk), report)
        self.assertEqual(selectors.access_report(self.alice, report.pk), report)
        for user, pk in (
            (self.charlie, report.pk),
            (self.bob, report.pk),
            (self.alice, other.pk),
            (self.dave, 999_999),
        ):
            with self.subTest(user=user.username, pk=pk), self.assertRaises(Http404):
                selectors.access_report(user, pk)
        self.assertEqual(selectors.access_request(self.charlie, self.request.pk), self.request)
        with self.assertRaises(Http404):
            selectors.access_request(self.bob, self.request.pk)

    def test_the_city_sees_who_answered_on_time(self) -> None:
        signatory_set(unit=self.ward2, name="Trần Thị B", title="Chủ tịch")
        with time_machine.travel(at(29, 10)):
            report_submit(report=self.start(), user=self.alice)
        late = self.start(self.ward2)
        with time_machine.travel(at(1, 0, month=7)):  # the first hour after the deadline
            report_submit(report=late, user=self.charlie)
        rows = {row.unit.code: row for row in selectors.request_rows(self.request)}
        self.assertEqual(rows["L06700"].timeliness, Timeliness.ON_TIME)
        self.assertEqual(rows["L06679"].timeliness, Timeliness.LATE)
        report_return(report=late, user=self.dave, comment="Sửa lại")
        rows = {row.unit.code: row for row in selectors.request_rows(self.request)}
        self.assertEqual(
            (rows["L06679"].status, rows["L06679"].timeliness),
            (ReportStatus.RETURNED, Timeliness.MISSING),
        )
        c = selectors.request_consolidation(self.request)
        self.assertEqual((c.expected, c.received, c.on_time), (2, 1, 1))
        self.assertEqual(c.totals["eid"].numerator, 1328)
        self.assertEqual(c.codes[-2:], ("sessions", "guided"))
        report_submit(report=late, user=self.charlie)
        c = selectors.request_consolidation(self.request)
        self.assertEqual((c.received, c.on_time), (2, 1))
        self.assertEqual(
            (c.totals["eid"].numerator, c.totals["eid"].denominator), (1328 + 1591, 1929 + 2386)
        )
        self.assertEqual(c.totals["sessions"].numerator, 47)
