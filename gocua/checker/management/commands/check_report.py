"""``gocua check-report FILE [--format table|json]`` (interfaces.md).

Reads a received letter (.docx, .txt, .md, or a PDF's text), recomputes its
figures and lists what is wrong. Exit 0 when it ran, whatever it found; 1 when
the file was refused (missing, empty, binary, not a Word file, no figures).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.checker.checks import CheckResult, check_file
from gocua.checker.vocabulary import INDICATORS
from gocua.lib.commands import GocuaCommand


class Command(GocuaCommand):
    help = (
        "Đọc một báo cáo nhận được, tính lại các số liệu và chỉ ra chỗ sai / "
        "read a received report, recompute its figures, list what is wrong"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="tệp .docx, .txt, .md hoặc .pdf / a .docx, .txt, .md or .pdf"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        result = check_file(file)
        if options["format"] == "json":
            self.print_json(result.as_json())
            return
        self._print_table(result)

    def _print_table(self, result: CheckResult) -> None:
        facts = result.reading.facts
        self.stdout.write(f"Tệp / file: {result.file}")
        self.stdout.write(f"Đơn vị / unit: {facts.unit or '—'}")
        self.stdout.write(f"Số / number: {facts.number or '—'}")
        self.stdout.write(f"Ngày / date: {facts.date_text or '—'}")
        self.stdout.write("")
        self.print_table(
            ["line", "indicator", "figure", "stated %", "computed %"],
            [
                [
                    f.line,
                    f.indicator or UNKNOWN_TOPIC,
                    f.text,
                    "" if f.stated_percent is None else f.stated_percent,
                    "" if f.computed_percent is None else f.computed_percent,
                ]
                for f in result.reading.figures
            ],
        )
        counts = [c for c in result.reading.counts if c.role in ("sessions", "guided")]
        for count in counts:
            name_vi, name_en = INDICATORS[count.role or ""]
            self.stdout.write(f"{name_vi} / {name_en}: {count.text} (line {count.line})")
        self.stdout.write("")
        coverage = result.coverage()
        self._print_coverage(coverage)
        if not result.findings:
            if coverage["nothing_checked"]:
                self.stdout.write(
                    "Không kiểm tra được số liệu nào: đây không phải là kết quả “không có sai "
                    "sót” / nothing could be checked: this is not a clean result"
                )
            else:
                self.stdout.write("Không thấy sai sót / nothing wrong found")
            return
        self.print_table(
            ["line", "severity", "code", "finding"],
            [[f.line or "", f.severity, f.code, f.text] for f in result.findings],
        )
        self.stdout.write(
            f"{len(result.errors)} lỗi, {len(result.warnings)} cảnh báo / "
            f"{len(result.errors)} errors, {len(result.warnings)} warnings"
        )
        if coverage["nothing_checked"]:
            self.stdout.write("Không kiểm tra được số liệu nào / nothing could be checked")

    def _print_coverage(self, coverage: dict[str, Any]) -> None:
        """Every stated percent: verified, wrong or unverifiable, and the totals."""
        if coverage["percents"]:
            self.print_table(
                ["line", "percent", "status", "text"],
                [
                    [
                        p["line"],
                        p["value"],
                        STATUS[p["status"]]
                        + (" (" + REASONS[p["reason"]] + ")" if p["reason"] else ""),
                        p["text"],
                    ]
                    for p in coverage["percents"]
                ],
            )
        stated, verified = coverage["percents_stated"], coverage["verified"]
        wrong, unverifiable = coverage["wrong"], coverage["unverifiable"]
        self.stdout.write(
            f"Tỷ lệ phần trăm: {stated} đã nêu, {verified} đúng, {wrong} sai, {unverifiable} "
            f"không kiểm tra được / percents: {stated} stated, {verified} verified, {wrong} "
            f"wrong, {unverifiable} unverifiable"
        )
        self.stdout.write("")


UNKNOWN_TOPIC = "chưa rõ / unknown"
STATUS = {
    "verified": "đúng / verified",
    "wrong": "sai / wrong",
    "unverifiable": "không kiểm tra được / unverifiable",
}
REASONS = {
    "no_ratio": "không có số đếm và tổng số / no count and total",
    "relative": "so với kế hoạch, chỉ tiêu hoặc kỳ trước / against a plan, target or past figure",
}
