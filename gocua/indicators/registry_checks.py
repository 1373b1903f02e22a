"""The registry's data-quality checks, beside the indicator engine: birth dates, personal ID
digits, ages over 120, facts dated before birth. They are errors or warnings of ``medium`` or
``low`` importance: to be fixed in the registry, they do not block a report. One query per
subtree, counted per lowest unit.
"""

# ruff: noqa: S608 - the SQL is assembled from our own fragments; every value is bound

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gocua.indicators import engine, rules
from gocua.indicators.computation import Computation
from gocua.indicators.models import Importance
from gocua.indicators.partial import ward_reader
from gocua.indicators.validation import ERROR, WARNING, Finding
from gocua.lib.dates import years_before
from gocua.lib.fields import day_number
from gocua.lib.numbers import number_text
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import Resident


@dataclass(frozen=True)
class _Check:
    code: str
    severity: str
    importance: str
    text_vi: str  # {n}: how many residents
    text_en: str
    action_vi: str
    action_en: str


REGISTRY_CHECKS = [
    _Check(
        "birth_date_unknown",
        WARNING,
        Importance.LOW,
        "{n} người chưa có ngày sinh nên không được tính vào nhóm tuổi nào",
        "{n} residents have no birth date and count in no age group",
        "Nhập ngày sinh (hoặc năm sinh) trong sổ theo dõi",
        "Enter the birth date (or the year) in the registry",
    ),
    _Check(
        "personal_id_century_sex",
        ERROR,
        Importance.MEDIUM,
        "{n} người có chữ số thứ 4 của số định danh (thế kỷ và giới tính) không khớp "
        "ngày sinh và giới tính",
        "{n} residents have a personal ID whose 4th digit (century and sex) disagrees "
        "with the birth date and sex",
        "Đối chiếu số định danh, ngày sinh và giới tính với căn cước",
        "Check the ID number, birth date and sex against the ID card",
    ),
    _Check(
        "personal_id_year",
        ERROR,
        Importance.MEDIUM,
        "{n} người có chữ số năm sinh trong số định danh (chữ số 5-6) không khớp ngày sinh",
        "{n} residents have a personal ID whose year digits (5th-6th) disagree with the birth date",
        "Đối chiếu số định danh và ngày sinh với căn cước",
        "Check the ID number and birth date against the ID card",
    ),
    _Check(
        "age_over_120",
        ERROR,
        Importance.MEDIUM,
        "{n} người trên 120 tuổi",
        "{n} residents are over 120 years old",
        "Kiểm tra ngày sinh; người đã mất thì ghi ngày đi",
        "Check the birth date; record the date of death as moved out",
    ),
    _Check(
        "fact_before_birth",
        ERROR,
        Importance.MEDIUM,
        "{n} người có dữ kiện (điện thoại, VNeID, VssID, sổ sức khỏe, tài khoản) ghi "
        "ngày trước ngày sinh",
        "{n} residents have a fact (smartphone, VNeID, VssID, e-health, account) dated "
        "before their birth",
        "Sửa ngày của dữ kiện hoặc ngày sinh",
        "Correct the fact's date or the birth date",
    ),
]

# Birth century (first two digits of the year) → the 4th ID digit for male, female.
CENTURY_DIGITS = {
    "19": ("0", "1"),
    "20": ("2", "3"),
    "21": ("4", "5"),
    "22": ("6", "7"),
    "23": ("8", "9"),
}


def _registry_sql(scope: engine.Scope, as_of: dt.date) -> engine.Sql:
    day = day_number(as_of)
    table = Resident._meta.db_table
    birth_text = "CAST(r.birth_date AS TEXT)"
    digit = "SUBSTR(r.personal_id, 4, 1)"
    checkable = (
        "r.personal_id IS NOT NULL AND LENGTH(r.personal_id) = 12 AND r.birth_date IS NOT NULL"
    )
    valid: list[str] = []
    params_valid: list[Any] = []
    for century, (male, female) in CENTURY_DIGITS.items():
        valid.append(
            f"(SUBSTR({birth_text}, 1, 2) = %s AND ("
            f"(r.sex = 'M' AND {digit} = %s) OR (r.sex = 'F' AND {digit} = %s) OR "
            f"(r.sex NOT IN ('M', 'F') AND {digit} IN (%s, %s))))"
        )
        params_valid += [century, male, female, male, female]
    facts = " OR ".join(
        f"r.{column} < r.birth_date" for column, _, _ in rules.RESIDENT_FACTS.values()
    )
    columns = [
        ("birth_date_unknown", "r.birth_date IS NULL", []),
        ("personal_id_century_sex", f"{checkable} AND NOT ({' OR '.join(valid)})", params_valid),
        (
            "personal_id_year",
            f"{checkable} AND SUBSTR(r.personal_id, 5, 2) <> SUBSTR({birth_text}, 3, 2)",
            [],
        ),
        (
            "age_over_120",
            "r.birth_date IS NOT NULL AND r.birth_date <= %s",
            [day_number(years_before(as_of, 121))],
        ),
        ("fact_before_birth", f"r.birth_date IS NOT NULL AND ({facts})", []),
    ]
    select = ", ".join(
        engine.counted(name, engine.Sql(sql, params)).text for name, sql, params in columns
    )
    params = [p for _, _, ps in columns for p in ps]
    rows, living = scope.rows("r"), engine.living_sql("r", day)
    return engine.Sql(
        f"SELECT r.unit_id, {select} FROM {table} r WHERE {rows.text} AND {living.text} "
        "GROUP BY r.unit_id",
        [*params, *rows.params, *living.params],
    )


def registry_checks(computation: Computation, root: OrgUnit) -> list[Finding]:
    """Data-quality findings of the registry, per lowest unit: one query (for a unit
    above a ward, over the wards whose data changed since the last: :mod:`.partial`)."""
    read = ward_reader(root=root, units=[r.unit for r in computation.results.values()])
    _, rows = read(
        "registry-checks",
        lambda units: _registry_sql(engine.Scope.of(root, units), computation.as_of),
    )
    findings = []
    for row in rows:
        result = computation.results.get(row[0])
        if result is None:
            continue
        for check, count in zip(REGISTRY_CHECKS, row[1:], strict=True):
            if not count:
                continue
            n_vi, n_en = number_text(count, "vi"), number_text(count, "en")
            findings.append(
                Finding(
                    severity=check.severity,
                    importance=check.importance,
                    code=check.code,
                    unit_code=result.unit.code,
                    unit_name=result.unit.name,
                    text_vi=f"{result.unit.name}: " + check.text_vi.replace("{n}", n_vi),
                    text_en=f"{result.unit.name}: " + check.text_en.replace("{n}", n_en),
                    action_vi=check.action_vi,
                    action_en=check.action_en,
                    figures={"residents": int(count)},
                )
            )
    return findings
