"""An independent reference for the six default indicators, computed from roster rows.

Written from ``domain.md`` ("The six indicators of the seed, as default definitions")
and ``interfaces.md`` ("Roster file") alone, in plain Python over the rows of a
roster CSV, without the database and without any code of the indicator engine or
of the importer. End-to-end tests and ``bench/e2e_roster.py`` compare the
``gocua indicators --format json`` figures with it, numerator by numerator.

The rules, as domain.md writes them:

- a resident counts only if living in the unit on D: moved in on or before D (or
  no ``ngay_den``) and not moved out on or before D (``ngay_di``);
- age is in whole years on D, birthday counted: aged N+ means born on or before D
  minus N years (29 February minus N years is 28 February); a birth year alone is
  1 January of that year; no birth date: in no age-limited population;
- a fact counts if true with a date on or before D; ``co``/``có``/``x``/``1``/``yes``
  means true since the import's as-of date; ``khong``/``không``/``0``/``no`` and an
  empty cell are false; the e-ID account counts at level 1 or 2 from ``ngay_vneid``
  (empty with a level: the import's as-of date);
- an event (administrative transaction, survey) counts if dated within F..D;
- a household counts if at least one of its members counts; its unit is its
  neighbourhood.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CODES = (
    "eid",
    "online_services",
    "cashless",
    "essential_apps",
    "civic_engagement",
    "household_skills",
)

# English alias → Vietnamese header (interfaces.md, "Roster file").
ALIASES = {
    "household": "ma_ho",
    "neighbourhood": "khu_pho",
    "address": "dia_chi",
    "full_name": "ho_ten",
    "birth_date": "ngay_sinh",
    "sex": "gioi_tinh",
    "personal_id": "so_dinh_danh",
    "phone": "so_dien_thoai",
    "moved_in": "ngay_den",
    "moved_out": "ngay_di",
    "smartphone": "smartphone",
    "eid_level": "vneid",
    "eid_date": "ngay_vneid",
    "vssid": "vssid",
    "ehealth": "so_suc_khoe",
    "payment_account": "tai_khoan_tt",
    "transaction_date": "tthc_ngay",
    "transaction_channel": "tthc_hinh_thuc",
    "survey_date": "khao_sat_ngay",
    "household_skills": "ho_ky_nang_so",
    "ward": "phuong",
}
YES = {"co", "x", "1", "yes"}
NO = {"khong", "0", "no"}
ONLINE = {"truc_tuyen", "buu_chinh", "online", "postal"}

Ratio = tuple[int, int]  # (numerator, denominator)


def plain(text: str) -> str:
    """Lower case without diacritics (đ → d), for headers, words and names."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def header(text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", plain(text)).strip("_")
    return ALIASES.get(key, key)


def parse_day(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY``; None when empty."""
    text = text.strip()
    if not text:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    vn = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if vn:
        return dt.date(int(vn[3]), int(vn[2]), int(vn[1]))
    raise ValueError(f"not a date: {text!r}")


def parse_birth(text: str) -> dt.date | None:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return parse_day(text)


def parse_fact(text: str, imported_on: dt.date) -> dt.date | None:
    """The day a fact became true, or None for false or unknown."""
    word = plain(text)
    if not word or word in NO:
        return None
    if word in YES:
        return imported_on
    return parse_day(text)


def minus_years(day: dt.date, years: int) -> dt.date:
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - years, 2, 28)
    return dt.date(day.year - years, day.month, day.day)


@dataclass(frozen=True)
class Person:
    household: str
    neighbourhood: str  # as the file writes it (a name or a code)
    birth: dt.date | None
    moved_in: dt.date | None
    moved_out: dt.date | None
    smartphone: dt.date | None
    eid: dt.date | None  # activated at level 1 or 2 since
    vssid: dt.date | None
    ehealth: dt.date | None
    payment: dt.date | None
    transaction: dt.date | None
    online: bool
    survey: dt.date | None
    skills: dt.date | None  # the household's fact, as this row states it
    skills_stated: bool

    def lives_on(self, day: dt.date) -> bool:
        arrived = self.moved_in is None or self.moved_in <= day
        left = self.moved_out is not None and self.moved_out <= day
        return arrived and not left

    def aged(self, years: int, day: dt.date) -> bool:
        return self.birth is not None and self.birth <= minus_years(day, years)


def read_rows(path: Path, *, ward: str | None = None) -> list[dict[str, str]]:
    """The rows of a roster CSV (UTF-8, ``,`` or ``;``) as {Vietnamese header: text}.

    With ``ward``, only the rows whose ``phuong`` is that ward (a multi-ward file).
    """
    with path.open(encoding="utf-8-sig", newline="") as stream:
        first = stream.readline()
        stream.seek(0)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(stream, delimiter=delimiter)
        keys = [header(h) for h in next(reader)]
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(keys, values, strict=True))
            if ward is None or row.get("phuong", "").strip() == ward:
                rows.append(row)
        return rows


def person(row: dict[str, str], imported_on: dt.date) -> Person:
    def cell(key: str) -> str:
        return (row.get(key) or "").strip()

    level = cell("vneid")
    eid = None
    if level in {"1", "2"}:
        eid = parse_day(cell("ngay_vneid")) or imported_on
    channel = re.sub(r"[^a-z0-9]+", "_", plain(cell("tthc_hinh_thuc"))).strip("_")
    return Person(
        household=cell("ma_ho"),
        neighbourhood=cell("khu_pho"),
        birth=parse_birth(cell("ngay_sinh")),
        moved_in=parse_day(cell("ngay_den")),
        moved_out=parse_day(cell("ngay_di")),
        smartphone=parse_fact(cell("smartphone"), imported_on),
        eid=eid,
        vssid=parse_fact(cell("vssid"), imported_on),
        ehealth=parse_fact(cell("so_suc_khoe"), imported_on),
        payment=parse_fact(cell("tai_khoan_tt"), imported_on),
        transaction=parse_day(cell("tthc_ngay")),
        online=channel in ONLINE,
        survey=parse_day(cell("khao_sat_ngay")),
        skills=parse_fact(cell("ho_ky_nang_so"), imported_on),
        skills_stated=bool(cell("ho_ky_nang_so")),
    )


def _on(since: dt.date | None, day: dt.date) -> bool:
    return since is not None and since <= day


def _within(event: dt.date | None, start: dt.date, day: dt.date) -> bool:
    return event is not None and start <= event <= day


def indicators(
    rows: Iterable[dict[str, str]],
    *,
    imported_on: dt.date,
    as_of: dt.date,
    start: dt.date | None = None,
) -> dict[str, dict[str, Ratio]]:
    """{neighbourhood as written: {code: (numerator, denominator)}} as of D over F..D.

    ``imported_on`` is the ``--as-of`` date of the import (what ``có`` and an
    e-ID level without its date mean); ``start`` defaults to 1 January of D's year.
    """
    start = start or dt.date(as_of.year, 1, 1)
    people = [person(r, imported_on) for r in rows]
    figures: dict[str, dict[str, list[int]]] = {}

    def add(unit: str, code: str, counted: bool) -> None:
        pair = figures.setdefault(unit, {c: [0, 0] for c in CODES})[code]
        pair[0] += int(counted)
        pair[1] += 1

    for p in people:
        figures.setdefault(p.neighbourhood, {c: [0, 0] for c in CODES})
        if not p.lives_on(as_of):
            continue
        unit = p.neighbourhood
        if p.aged(14, as_of):
            add(unit, "eid", _on(p.eid, as_of))
            add(unit, "civic_engagement", _within(p.survey, start, as_of))
        if _within(p.transaction, start, as_of):
            add(unit, "online_services", p.online)
        if p.aged(18, as_of):
            add(unit, "cashless", _on(p.payment, as_of))
        if _on(p.smartphone, as_of):
            apps = _on(p.eid, as_of) and _on(p.vssid, as_of) and _on(p.ehealth, as_of)
            add(unit, "essential_apps", apps)

    for unit, skilled in _households(people, as_of):
        add(unit, "household_skills", skilled)
    return {
        unit: {code: (pair[0], pair[1]) for code, pair in codes.items()}
        for unit, codes in figures.items()
    }


def _households(people: list[Person], as_of: dt.date) -> Iterator[tuple[str, bool]]:
    """(neighbourhood, has digital skills on D) of each household with a member living there."""
    unit: dict[str, str] = {}
    skills: dict[str, dt.date | None] = {}
    living: set[str] = set()
    for p in people:
        unit.setdefault(p.household, p.neighbourhood)
        if p.skills_stated and p.household not in skills:
            skills[p.household] = p.skills
        if p.lives_on(as_of):
            living.add(p.household)
    for code in unit:
        if code in living:
            yield unit[code], _on(skills.get(code), as_of)


def total(figures: dict[str, dict[str, Ratio]]) -> dict[str, Ratio]:
    """The ward: sums of the neighbourhoods' numerators and denominators."""
    return {
        code: (
            sum(units[code][0] for units in figures.values()),
            sum(units[code][1] for units in figures.values()),
        )
        for code in CODES
    }
