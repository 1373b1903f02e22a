"""What is wrong in a letter: findings recomputed from its figures. Pure, no database.

Each finding has a severity (``error``: a figure is false or impossible; ``warning``:
a form slip or a figure worth a second look), a stable code (README, "Report
checker"), a text in Vietnamese and English and the excerpt it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from gocua.checker.extract import letter_lines, read_letter
from gocua.checker.ratios import Figure, Reading
from gocua.checker.reading import figures_by_indicator, read_figures
from gocua.checker.vocabulary import INDICATORS
from gocua.lib.errors import Problem
from gocua.lib.numbers import group

ERROR = "error"
WARNING = "warning"

# code: (severity, what it means in English), the README's table is checked against it.
CODES: dict[str, tuple[str, str]] = {
    "percent_mismatch": (ERROR, "stated percent differs from the ratio at its precision"),
    "numerator_above_denominator": (ERROR, "more achieved than the population"),
    "percent_above_100": (ERROR, "a share above 100%"),
    "population_contradiction": (ERROR, "residents 18+ above residents 14+, or above all"),
    "households_above_residents": (ERROR, "more households than residents"),
    "guided_above_population": (ERROR, "more residents guided than any population"),
    "total_mismatch": (ERROR, "a total is not the sum of its neighbourhoods"),
    "complement_mismatch": (ERROR, "what is left is not the total minus the part"),
    "parts_mismatch": (ERROR, "parts do not add up to the total they are listed under"),
    "zero_denominator": (WARNING, "a ratio over zero"),
    "population_mismatch": (WARNING, "one population stated with two figures"),
    "households_equal_residents": (WARNING, "as many households as residents"),
    "guided_visits_high": (WARNING, "guidance visits over ten per resident"),
    "date_form": (WARNING, "date line not in Decree 30's form"),
    "date_invalid": (WARNING, "date line names a day that does not exist"),
    "date_missing": (WARNING, "no place-and-date line"),
    "number_form": (WARNING, "number without the drafting office's symbol or leading zero"),
    "number_missing": (WARNING, "no 'Số:' line"),
    "misspelling": (WARNING, "known misspelling of an official name"),
}
# The findings that make a figure's percent wrong (in the coverage).
WRONG_FIGURE_CODES = {
    "percent_mismatch",
    "numerator_above_denominator",
    "percent_above_100",
    "total_mismatch",
    "complement_mismatch",
}

# Known misspellings: (pattern on the original text, wrong form, right form).
MISSPELLINGS = [
    (
        re.compile(r"\bcông(?=\s+(?:dịch vụ công|thông tin điện tử))", re.IGNORECASE),
        "Công",
        "Cổng",
    ),
    (re.compile(r"\bchuyển\s+môi(?!\s*trường)", re.IGNORECASE), "chuyển môi", "chuyên môn"),
    (re.compile(r"\bđịnh danh điện tữ\b", re.IGNORECASE), "điện tữ", "điện tử"),
    (re.compile(r"\bCổng dịch vụ công Quốc Gia\b"), "Quốc Gia", "quốc gia"),
]


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    vi: str
    en: str
    excerpt: str
    line: int | None = None
    # the figure it is about (the same object as in the reading), for the coverage
    figure: Figure | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return f"{self.vi} / {self.en}"

    def as_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "text": self.text,
            "excerpt": self.excerpt,
            "line": self.line,
        }


@dataclass
class CheckResult:
    file: str
    reading: Reading
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def coverage(self) -> dict[str, Any]:
        """Every percent the letter states: verified (its count and total found, and right),
        wrong, or unverifiable (no count and total beside it, or against a plan or a past
        figure). A letter whose percents could not be checked is not a clean letter."""
        wrong_figures = {
            id(f.figure)
            for f in self.findings
            if f.figure is not None and f.code in WRONG_FIGURE_CODES
        }
        wrong_alone = {
            (f.line, f.excerpt)
            for f in self.findings
            if f.figure is None and f.code in WRONG_FIGURE_CODES
        }
        percents: list[dict[str, Any]] = []
        for figure in self.reading.figures:
            if figure.stated_percent is None:
                continue
            wrong = id(figure) in wrong_figures
            percents.append(
                {
                    "text": figure.text,
                    "value": _json_number(figure.stated_percent, figure.stated_decimals),
                    "line": figure.line,
                    "status": "wrong" if wrong else "verified",
                    "reason": None,
                    "indicator": figure.indicator,
                }
            )
        for stated in self.reading.percents:
            wrong = (stated.line, stated.excerpt) in wrong_alone
            percents.append(
                {
                    "text": stated.text,
                    "value": _json_number(stated.value, stated.decimals),
                    "line": stated.line,
                    "status": "wrong" if wrong else "unverifiable",
                    "reason": None if wrong else "relative" if stated.relative else "no_ratio",
                }
            )
        percents.sort(key=lambda p: p["line"])
        statuses = Counter(p["status"] for p in percents)
        checked = (
            statuses["verified"]
            + statuses["wrong"]
            + sum(1 for f in self.reading.figures if f.stated_percent is None)
        )
        return {
            # nothing could be checked: never to be shown as a clean letter
            "nothing_checked": checked == 0 and not self.reading.parts,
            "percents_stated": len(percents),
            "verified": statuses["verified"],
            "wrong": statuses["wrong"],
            "unverifiable": statuses["unverifiable"],
            "ratios_without_percent": sum(
                1 for f in self.reading.figures if f.stated_percent is None
            ),
            "percents": percents,
        }

    def as_json(self) -> dict[str, Any]:
        """The JSON of ``gocua check-report --format json`` (interfaces.md), extended."""
        reading, facts = self.reading, self.reading.facts
        return {
            "file": self.file,
            "unit": facts.unit,
            "ward": facts.ward,
            "date": facts.date.isoformat() if facts.date else None,
            "date_text": facts.date_text,
            "number": facts.number,
            "figures": [
                {
                    "text": f.text,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "stated_percent": _json_number(f.stated_percent, f.stated_decimals),
                    "computed_percent": f.computed_percent,
                    "indicator": f.indicator,
                    "line": f.line,
                }
                for f in reading.figures
            ],
            "counts": [
                {
                    "text": c.text,
                    "value": c.value,
                    "noun": c.noun,
                    "kind": c.kind,
                    "role": c.role,
                    "line": c.line,
                }
                for c in reading.counts
            ],
            "findings": [f.as_json() for f in self.findings],
            "coverage": self.coverage(),
        }


def check_file(path: str | Path) -> CheckResult:
    """Read and check the letter at ``path``; :class:`Problem` if it cannot be read."""
    return check_lines(read_letter(path), file=str(path))


def check_letter(name: str, data: bytes) -> CheckResult:
    """Read and check an uploaded letter (its name gives the format)."""
    return check_lines(letter_lines(name, data), file=name)


# Counts that make a letter worth checking (teams, members, neighbourhoods alone do not).
_COUNTED_KINDS = {"residents", "households", "visits", "sessions"}


def check_lines(lines: list[str], *, file: str) -> CheckResult:
    reading = read_figures(lines)
    counted = [c for c in reading.counts if c.kind in _COUNTED_KINDS]
    if not reading.figures and not reading.percents and not counted:
        raise Problem(
            f"Không tìm thấy số liệu nào trong “{file}” (tỷ lệ, phần trăm, số buổi, số người)",
            f"no figures found in “{file}” (ratios, percents, sessions, residents)",
        )
    findings: list[Finding] = []
    for check in (
        _figure_checks,
        _percent_checks,
        _population_checks,
        _guided_checks,
        _total_checks,
        _breakdown_checks,
        _complement_checks,
        _parts_checks,
        _form_checks,
        _spelling_checks,
    ):
        findings.extend(check(reading))
    findings.sort(key=lambda f: (f.severity != ERROR, f.line or 0))
    result = CheckResult(file=file, reading=reading, findings=findings)
    return result


EntryValues = dict[str, tuple[int, int | None]]


def figures_for_entry(result: CheckResult) -> tuple[dt.date | None, EntryValues]:
    """The letter's figures as a ward's entered aggregates, and the as-of date (its date).

    ``{code: (numerator, denominator)}`` for each indicator the letter gives for the whole
    ward (its first figure), ``sessions`` and ``guided`` with a denominator of None.
    """
    values: EntryValues = {
        code: (figure.numerator, figure.denominator)
        for code, figure in figures_by_indicator(result.reading)
    }
    for code, kind in (("sessions", "sessions"), ("guided", "residents")):
        count = next((c for c in result.reading.counts if c.role == code and c.kind == kind), None)
        if count is not None:
            values[code] = (count.value, None)
    return result.reading.facts.date, values


# Figures ---------------------------------------------------------------------------------------


def _figure_checks(reading: Reading) -> list[Finding]:
    findings = []
    for figure in reading.figures:
        ratio_vi = f"{group(figure.numerator)}/{group(figure.denominator)}"
        ratio_en = f"{figure.numerator:,}/{figure.denominator:,}"
        if figure.numerator > figure.denominator:
            findings.append(
                _finding(
                    "numerator_above_denominator",
                    f"Tử số lớn hơn mẫu số: {ratio_vi}{_about_vi(figure)}",
                    f"numerator above denominator: {ratio_en}{_about_en(figure)}",
                    figure,
                )
            )
        if figure.denominator == 0:
            findings.append(
                _finding(
                    "zero_denominator",
                    f"Mẫu số bằng 0: {ratio_vi}",
                    f"the denominator is zero: {ratio_en}",
                    figure,
                )
            )
            continue
        stated = figure.stated_percent
        if stated is None:
            continue
        if stated > 100:
            findings.append(
                _finding(
                    "percent_above_100",
                    f"Tỷ lệ ghi {_pct_vi(stated)}%, vượt quá 100%",
                    f"stated percent {stated}% is above 100%",
                    figure,
                )
            )
        exact = Fraction(figure.numerator * 100, figure.denominator)
        rounded = _round_half_up(exact, figure.stated_decimals)
        if rounded != stated:
            computed = figure.computed_percent
            findings.append(
                _finding(
                    "percent_mismatch",
                    f"Tỷ lệ ghi {_pct_vi(stated)}% nhưng {ratio_vi} = {_pct_vi(computed)}% "
                    f"(làm tròn như đã ghi: {_pct_vi(rounded)}%){_about_vi(figure)}",
                    f"stated {stated}% but {ratio_en} = {computed}% "
                    f"(rounded as stated: {rounded}%){_about_en(figure)}",
                    figure,
                )
            )
    return findings


def _percent_checks(reading: Reading) -> list[Finding]:
    """A share of residents stated alone (``đạt 105%``) cannot be above 100%."""
    findings = []
    for stated in reading.percents:
        if stated.value > 100 and stated.indicator and not stated.relative:
            name_vi, name_en = INDICATORS[stated.indicator]
            findings.append(
                Finding(
                    ERROR,
                    "percent_above_100",
                    f"Tỷ lệ ghi {_pct_vi(stated.value)}%, vượt quá 100% ({name_vi})",
                    f"stated percent {stated.value}% is above 100% ({name_en})",
                    stated.excerpt,
                    stated.line,
                )
            )
    return findings


def _population_checks(reading: Reading) -> list[Finding]:
    findings = []
    whole = [f for f in reading.figures if not f.sub_unit and f.denominator > 0]
    people = [f for f in whole if f.population == "residents"]
    aged = [f for f in people if f.age is not None]
    for older in aged:
        younger = next(
            (
                f
                for f in aged
                if f.age is not None
                and older.age is not None
                and f.age < older.age
                and f.denominator < older.denominator
            ),
            None,
        )
        if younger is not None:
            findings.append(
                _finding(
                    "population_contradiction",
                    f"Số người từ {older.age} tuổi trở lên ({group(older.denominator)}) "
                    f"không thể lớn hơn số người từ {younger.age} tuổi trở lên "
                    f"({group(younger.denominator)}, dòng {younger.line})",
                    f"residents aged {older.age}+ ({older.denominator:,}) cannot outnumber "
                    f"residents aged {younger.age}+ ({younger.denominator:,}, line "
                    f"{younger.line})",
                    older,
                )
            )
    reported: set[tuple[int | None, int]] = set()
    for first_index, first in enumerate(aged):
        for second in aged[first_index + 1 :]:
            key = (first.age, second.denominator)
            if first.age != second.age or first.denominator == second.denominator:
                continue
            if key in reported:
                continue
            reported.add(key)
            findings.append(
                _finding(
                    "population_mismatch",
                    f"Số người từ {first.age} tuổi trở lên ghi hai số khác nhau: "
                    f"{group(first.denominator)} (dòng {first.line}) và "
                    f"{group(second.denominator)}",
                    f"residents aged {first.age}+ are given as {first.denominator:,} "
                    f"(line {first.line}) and {second.denominator:,}",
                    second,
                )
            )
    totals = [c for c in reading.counts if c.role == "population" and c.kind == "residents"]
    total = max((c.value for c in totals), default=None)
    if total is not None:
        for figure in people:
            if figure.denominator > total:
                findings.append(
                    _finding(
                        "population_contradiction",
                        f"Mẫu số {group(figure.denominator)} lớn hơn dân số đã nêu "
                        f"({group(total)})",
                        f"denominator {figure.denominator:,} is above the stated population "
                        f"({total:,})",
                        figure,
                    )
                )
    households = [f for f in whole if f.population == "households"]
    household_counts = [
        c for c in reading.counts if c.role == "population" and c.kind == "households"
    ]
    household_values = [(f.denominator, f.line, f.excerpt) for f in households] + [
        (c.value, c.line, c.excerpt) for c in household_counts
    ]
    resident_values = {f.denominator for f in people} | {c.value for c in totals}
    for value, line, excerpt in household_values:
        if value in resident_values:
            findings.append(
                Finding(
                    WARNING,
                    "households_equal_residents",
                    f"Số hộ ({group(value)}) bằng đúng số người dân: mỗi hộ một người?",
                    f"as many households ({value:,}) as residents: one person per household?",
                    excerpt,
                    line,
                )
            )
            break
    if total is not None:
        for value, line, excerpt in household_values:
            if value > total:
                findings.append(
                    Finding(
                        ERROR,
                        "households_above_residents",
                        f"Số hộ ({group(value)}) lớn hơn dân số ({group(total)})",
                        f"more households ({value:,}) than residents ({total:,})",
                        excerpt,
                        line,
                    )
                )
                break
    return findings


def _guided_checks(reading: Reading) -> list[Finding]:
    residents = [
        f.denominator for f in reading.figures if f.population == "residents" and f.denominator
    ] + [c.value for c in reading.counts if c.role == "population" and c.kind == "residents"]
    households = [
        f.denominator for f in reading.figures if f.population == "households" and f.denominator
    ] + [c.value for c in reading.counts if c.role == "population" and c.kind == "households"]
    findings = []
    for count in reading.counts:
        if count.role != "guided":
            continue
        if count.kind == "visits":
            population = max(residents, default=0)
            if population and count.value > 10 * population:
                findings.append(
                    Finding(
                        WARNING,
                        "guided_visits_high",
                        f"{group(count.value)} lượt hướng dẫn là hơn 10 lượt cho mỗi người "
                        f"(dân số lớn nhất trong văn bản: {group(population)})",
                        f"{count.value:,} guidance visits is more than ten per resident "
                        f"(largest population in the letter: {population:,})",
                        count.excerpt,
                        count.line,
                    )
                )
            continue
        pool = households if count.kind == "households" else residents
        population = max(pool, default=0)
        if population and count.value > population:
            findings.append(
                Finding(
                    ERROR,
                    "guided_above_population",
                    f"Đã hướng dẫn {group(count.value)} {count.noun}, nhiều hơn mọi dân số "
                    f"nêu trong văn bản (lớn nhất: {group(population)})",
                    f"{count.value:,} guided is more than any population in the letter "
                    f"(largest: {population:,})",
                    count.excerpt,
                    count.line,
                )
            )
    return findings


def _total_checks(reading: Reading) -> list[Finding]:
    """In a table of neighbourhoods, the total row is the sum of the rows above it."""
    findings = []
    blocks: dict[tuple[int, int], list[Figure]] = {}
    for figure in reading.figures:
        if figure.table is not None:
            blocks.setdefault((figure.table, figure.column), []).append(figure)
    for figures in blocks.values():
        totals = [f for f in figures if f.total_row]
        parts = [f for f in figures if not f.total_row]
        if len(totals) != 1 or len(parts) < 2 or not all(f.sub_unit for f in parts):
            continue
        total = totals[0]
        numerator = sum(f.numerator for f in parts)
        denominator = sum(f.denominator for f in parts)
        if (numerator, denominator) != (total.numerator, total.denominator):
            findings.append(
                _finding(
                    "total_mismatch",
                    f"Dòng tổng ghi {group(total.numerator)}/{group(total.denominator)} "
                    f"nhưng cộng các dòng được {group(numerator)}/{group(denominator)}",
                    f"the total row says {total.numerator:,}/{total.denominator:,} but the rows "
                    f"add up to {numerator:,}/{denominator:,}",
                    total,
                )
            )
    return findings


def _breakdown_checks(reading: Reading) -> list[Finding]:
    """A ward figure followed by its neighbourhoods (``1.328/1.929, trong đó: Khu phố 1:
    300/400; …``): the parts cannot add up to more than the whole. They may add up to less
    (a letter may list some neighbourhoods only)."""
    findings = []
    figures = [f for f in reading.figures if f.table is None]
    for index, whole in enumerate(figures):
        if whole.sub_unit:
            continue
        parts = []
        for figure in figures[index + 1 :]:
            if not figure.sub_unit:
                break
            parts.append(figure)
        if len(parts) < 2:
            continue
        numerator = sum(f.numerator for f in parts)
        denominator = sum(f.denominator for f in parts)
        if numerator > whole.numerator or denominator > whole.denominator:
            findings.append(
                _finding(
                    "total_mismatch",
                    f"Các khu phố cộng lại được {group(numerator)}/{group(denominator)}, "
                    f"nhiều hơn số chung {group(whole.numerator)}/{group(whole.denominator)}",
                    f"the neighbourhoods add up to {numerator:,}/{denominator:,}, more than "
                    f"the whole {whole.numerator:,}/{whole.denominator:,}",
                    whole,
                )
            )
    return findings


def _complement_checks(reading: Reading) -> list[Finding]:
    """``1.204/1.310 …; còn 120 thôn chưa có``: what is left is the total minus the part."""
    findings = []
    for figure in reading.figures:
        if figure.complement_of is None:
            continue
        part, total = figure.complement_of
        left = total - part
        if figure.numerator != left:
            findings.append(
                _finding(
                    "complement_mismatch",
                    f"Phần còn lại ghi {group(figure.numerator)} nhưng {group(total)} − "
                    f"{group(part)} = {group(left)}",
                    f"what is left is given as {figure.numerator:,} but {total:,} − {part:,} "
                    f"= {left:,}",
                    figure,
                )
            )
    return findings


def _parts_checks(reading: Reading) -> list[Finding]:
    """Parts listed under a total (``35 buổi, gồm: 12 …, 10 … và 11 …``) add up to it;
    after ``trong đó`` (some of it) they cannot add up to more."""
    findings = []
    for parts in reading.parts:
        added = sum(parts.parts)
        if added == parts.total or (not parts.complete and added < parts.total):
            continue
        listed = " + ".join(group(p) for p in parts.parts)
        findings.append(
            Finding(
                ERROR,
                "parts_mismatch",
                f"Các phần cộng lại {listed} = {group(added)}, "
                + (
                    f"khác tổng số đã nêu {group(parts.total)}"
                    if parts.complete
                    else f"nhiều hơn tổng số đã nêu {group(parts.total)}"
                ),
                f"the parts add up to {added:,}, "
                + (
                    f"not the stated total {parts.total:,}"
                    if parts.complete
                    else f"more than the stated total {parts.total:,}"
                ),
                parts.excerpt,
                parts.line,
            )
        )
    return findings


# Form (Decree 30/2020/NĐ-CP) ---------------------------------------------------------------


def _form_checks(reading: Reading) -> list[Finding]:
    facts = reading.facts
    findings = []
    if facts.date_text is None:
        findings.append(
            Finding(
                WARNING,
                "date_missing",
                "Không thấy dòng địa danh, ngày tháng (ví dụ: Tuần Châu, ngày 26 tháng 6 năm 2023)",
                "no place-and-date line found (like: Tuần Châu, ngày 26 tháng 6 năm 2023)",
                "",
                None,
            )
        )
    elif facts.date_invalid:
        findings.append(
            Finding(
                WARNING,
                "date_invalid",
                "Ngày ghi trên văn bản không có thật",
                "the letter's date does not exist",
                facts.date_text,
                facts.date_line,
            )
        )
    else:
        assert facts.date is not None
        expected = _date_in_words(facts.date)
        slips_vi, slips_en = [], []
        if facts.date_numeric or not facts.date_has_ngay:
            slips_vi.append("ngày tháng phải viết bằng chữ “ngày … tháng … năm …”")
            slips_en.append("the date must be written “ngày … tháng … năm …”")
        else:
            if facts.date.day < 10 and not facts.day_text.startswith("0"):
                slips_vi.append("ngày nhỏ hơn 10 phải có số 0 phía trước")
                slips_en.append("days below 10 take a leading zero")
            if facts.date.month < 3 and not facts.month_text.startswith("0"):
                slips_vi.append("tháng 1, 2 phải có số 0 phía trước")
                slips_en.append("the months 1 and 2 take a leading zero")
        if slips_vi:
            findings.append(
                Finding(
                    WARNING,
                    "date_form",
                    f"Sai thể thức ngày tháng (Nghị định 30/2020/NĐ-CP): {'; '.join(slips_vi)}; "
                    f"viết: {expected}",
                    f"date not in the form of Decree 30/2020: {'; '.join(slips_en)}; "
                    f"write: {expected}",
                    facts.date_text,
                    facts.date_line,
                )
            )
    findings.extend(_number_checks(reading))
    return findings


def _number_checks(reading: Reading) -> list[Finding]:
    facts = reading.facts
    if facts.number is None:
        return [
            Finding(
                WARNING,
                "number_missing",
                "Không thấy số, ký hiệu văn bản (ví dụ: Số: 297/UBND-VHTT)",
                "no number and symbol found (like: Số: 297/UBND-VHTT)",
                "",
                None,
            )
        ]
    number = facts.number
    sequence, slash, symbol = number.partition("/")
    if not sequence:  # "Số:   /UBND-VHTT": left blank to be filled when issued
        return []
    excerpt = facts.number_text or number
    if not slash or not symbol:
        return [
            Finding(
                WARNING,
                "number_form",
                f"Số “{number}” thiếu ký hiệu văn bản (ví dụ: {sequence}/UBND-VHTT)",
                f"number “{number}” has no symbol (like: {sequence}/UBND-VHTT)",
                excerpt,
                facts.number_line,
            )
        ]
    findings = []
    if "-" not in symbol:
        findings.append(
            Finding(
                WARNING,
                "number_form",
                f"Ký hiệu “{number}” thiếu chữ viết tắt của đơn vị soạn thảo sau dấu gạch nối "
                f"(ví dụ: {number}-VHTT)",
                f"symbol “{number}” lacks the drafting office's abbreviation after a hyphen "
                f"(like: {number}-VHTT)",
                excerpt,
                facts.number_line,
            )
        )
    if sequence.isdigit() and int(sequence) < 10 and not sequence.startswith("0"):
        findings.append(
            Finding(
                WARNING,
                "number_form",
                f"Số nhỏ hơn 10 phải có số 0 phía trước: 0{number}",
                f"numbers below 10 take a leading zero: 0{number}",
                excerpt,
                facts.number_line,
            )
        )
    return findings


def _spelling_checks(reading: Reading) -> list[Finding]:
    if reading.plain:
        return []
    findings = []
    for pattern, wrong, right in MISSPELLINGS:
        hits = [
            (number, line)
            for number, line in enumerate(reading.lines, start=1)
            for _ in pattern.finditer(line)
        ]
        if not hits:
            continue
        number, line = hits[0]
        times_vi = f" ({len(hits)} lần)" if len(hits) > 1 else ""
        times_en = f" ({len(hits)} times)" if len(hits) > 1 else ""
        findings.append(
            Finding(
                WARNING,
                "misspelling",
                f"Viết sai “{wrong}”, đúng là “{right}”{times_vi}",
                f"misspelt “{wrong}”, should be “{right}”{times_en}",
                _around(line, pattern),
                number,
            )
        )
    return findings


# Helpers ----------------------------------------------------------------------------------------


def _finding(code: str, vi: str, en: str, figure: Figure) -> Finding:
    return Finding(CODES[code][0], code, vi, en, figure.excerpt, figure.line, figure)


def _about_vi(figure: Figure) -> str:
    return f" ({INDICATORS[figure.indicator][0]})" if figure.indicator else ""


def _about_en(figure: Figure) -> str:
    return f" ({INDICATORS[figure.indicator][1]})" if figure.indicator else ""


def _round_half_up(value: Fraction, decimals: int) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pct_vi(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    text = f"{value}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if isinstance(value, float) else text
    return text.replace(".", ",")


def _json_number(value: Decimal | None, decimals: int) -> int | float | None:
    if value is None:
        return None
    return int(value) if decimals == 0 else float(value)


def _date_in_words(day: dt.date) -> str:
    from gocua.lib.dates import date_in_words

    return date_in_words(day)


def _around(line: str, pattern: re.Pattern[str], width: int = 60) -> str:
    match = pattern.search(line)
    if match is None:
        return line[:200]
    start = max(0, match.start() - width)
    end = min(len(line), match.end() + width)
    return ("…" if start else "") + line[start:end].strip() + ("…" if end < len(line) else "")
