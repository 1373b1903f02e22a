# ruff: noqa: E501 - the hand-written rosters keep one resident a line
"""End to end: roster file → ``gocua import-roster`` → ``gocua indicators --format json``.

Every numerator and denominator of the six default indicators, for the ward and
each neighbourhood, at several dates, is compared with :mod:`roster_reference`,
an independent calculation from domain.md over the same file. Two rosters: a
synthetic one (``gocua synth``) and a hand-written one that sits on every edge
of domain.md's rules (birthdays on D, 29 February, a birth year alone, no birth
date, moving in and out on D and the day after, events on F, on D, the day
before F and the day after D, ``có`` facts without dates…).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import TestCase

from gocua.indicators.tests.factories import setup_catalogue
from gocua.orgunits.models import OrgUnit
from gocua.orgunits.services import orgunit_add
from gocua.testing import make_hierarchy
from gocua.tests import roster_reference as reference

IMPORTED_ON = dt.date(2024, 6, 30)  # the imports' --as-of (a leap year)

# (D, F or None for 1 January of D's year)
DATES: list[tuple[dt.date, dt.date | None]] = [
    (IMPORTED_ON, None),  # D = the import's as-of date; F = 2024-01-01
    (dt.date(2024, 2, 29), dt.date(2023, 11, 15)),  # a leap day, another F
    (dt.date(2024, 1, 1), None),  # F = D
    (dt.date(2022, 2, 28), None),  # born 29 February 2008 is not 14 yet
    (dt.date(2022, 3, 1), None),  # …and is today
]

# Hand-written, Vietnamese headers. D1 = 2024-06-30, D2 = 2024-02-29 (F2 2023-11-15),
# D5 = 2024-01-01 (F = D), D3 = 2022-02-28, D4 = 2022-03-01.
EDGES_VI = """\
ma_ho,khu_pho,ho_ten,ngay_sinh,ngay_den,ngay_di,smartphone,vneid,ngay_vneid,vssid,so_suc_khoe,tai_khoan_tt,tthc_ngay,tthc_hinh_thuc,khao_sat_ngay,ho_ky_nang_so
H01,Khu phố A,Nguyễn Văn An,2010-06-30,,,2024-06-30,2,2024-06-30,,,,,,2024-06-30,2023-12-01
H01,Khu phố A,Nguyễn Thị Bình,2010-07-01,,,2024-05-01,,,,,,,,2024-06-30,
H01,Khu phố A,Nguyễn Văn Cường,1980-03-15,,,2019-01-01,2,2022-05-10,2021-01-01,2023-12-31,2020-01-01,2024-01-01,truc_tuyen,,
H01,Khu phố A,Nguyễn Thị Dung,1982,,,có,2,,x,yes,1,2023-12-31,buu_chinh,2023-11-14,
H02,Khu phố A,Trần Văn Em,2008-02-29,,,2022-03-01,1,2022-03-01,,,2022-03-01,,,2022-03-01,co
H02,Khu phố A,Trần Thị Giang,2004-02-29,,,,,,,,2022-01-15,,,,
H02,Khu phố A,Trần Văn Hải,2006-02-28,,,,,,,,2023-01-01,2023-11-15,truc_tuyen,2024-02-29,
H02,Khu phố A,Trần Thị Hoa,2006-03-01,,,,,,,,2023-01-01,2023-11-14,truc_tuyen,2024-03-01,
H03,Khu phố A,Lê Văn Khoa,2010-02-28,,,,2,2024-02-29,,,,2024-02-29,truc_tiep,,
H03,Khu phố A,Lê Thị Lan,2010-03-01,,,,2,2024-03-01,,,,2024-03-01,buu_chinh,,
H03,Khu phố A,Lê Văn Minh,2010,,,,1,2024-01-01,,,,,,2024-01-01,
H03,Khu phố A,Lê Thị Ngọc,2010-01-02,,,,,,,,,,,2024-01-01,
H04,Khu phố B,Phạm Văn Phúc,,,,2020-01-01,2,2022-01-01,2021-01-01,2021-01-01,2019-01-01,2024-02-01,truc_tuyen,2024-02-01,2020-05-05
H04,Khu phố B,Phạm Thị Quỳnh,1990-05-05,2024-06-30,,2015-01-01,2,2023-01-01,2023-01-01,2023-01-01,,2024-06-30,truc_tuyen,2024-06-30,
H04,Khu phố B,Phạm Văn Sơn,1991-06-06,2024-03-01,,,,,,,2020-01-01,2024-02-01,truc_tuyen,,
H04,Khu phố B,Phạm Thị Tâm,1992-07-07,2024-02-29,,,,,,,2020-01-01,2024-02-29,truc_tuyen,,
H05,Khu phố B,Hoàng Văn Út,1950-01-01,,,khong,0,,,,không,,,,có
H05,Khu phố B,Hoàng Thị Vân,1955-02-02,,2023-05-01,,2,2022-07-01,,,,2023-04-01,truc_tuyen,,
H05,Khu phố B,Hoàng Văn Xuân,1985-08-08,,2024-06-30,,,,,,2020-01-01,2024-06-30,truc_tuyen,2024-02-29,
H06,Khu phố B,Võ Văn Yên,1970-10-10,,2024-03-01,,,,,,2020-01-01,,,,2020-01-01
H06,Khu phố B,Võ Thị Ánh,1972-11-11,,2024-02-29,,,,,,,2024-02-01,truc_tuyen,2024-02-01,
H07,Khu phố B,Đặng Văn Bảo,1988-09-09,2024-04-01,,,2,2019-01-01,,,,,,,2019-01-01
H07,Khu phố B,Đặng Thị Cúc,1989-09-09,2024-04-01,,,,,,,,,,,
H08,Tổ 3,Bùi Văn Đức,2012-05-05,,,2023-01-01,,,,,,,,2024-02-01,không
H08,Tổ 3,Bùi Thị Hạnh,1975-12-12,,,2024-03-01,2,2023-01-01,2023-01-01,2023-01-01,,,,,
H08,Tổ 3,Bùi Văn Hùng,1976-12-12,,,2020-01-01,2,2023-01-01,2024-03-01,2023-01-01,,,,,
H08,Tổ 3,Bùi Thị Hương,1978-01-01,,,2020-01-01,1,2024-02-29,2023-01-01,2024-02-29,,,,,
H09,Tổ 3,Đỗ Văn Khải,1960-06-30,,,,,,,,2024-06-30,,,,2024-02-29
H09,Tổ 3,Đỗ Thị Lệ,1962-02-28,,,,1,2023-11-15,,,,2023-11-15,buu_chinh,2023-11-15,
H10,Tổ 3,Ngô Văn Mạnh,2006-06-30,,,,,,,,2024-06-30,2024-06-30,truc_tiep,2023-12-31,
"""

# Hand-written, English headers, `;` and DD/MM/YYYY; a new neighbourhood and an old one.
EDGES_EN = """\
household;neighbourhood;full_name;birth_date;moved_in;moved_out;smartphone;eid_level;eid_date;vssid;ehealth;payment_account;transaction_date;transaction_channel;survey_date;household_skills
E01;Khu phố C;Mai Văn Nam;29/02/2000;;;01/03/2020;2;29/02/2024;01/01/2021;01/01/2021;01/03/2020;15/11/2023;truc_tuyen;29/02/2024;01/01/2022
E01;Khu phố C;Mai Thị Oanh;01/07/2010;;;yes;;;x;có;;30/06/2024;buu_chinh;30/06/2024;
E01;Khu phố C;Mai Văn Phong;2000;15/11/2023;28/02/2024;;;;;;01/12/2023;01/01/2024;truc_tuyen;01/01/2024;
E02;Khu phố A;Lý Thị Quế;15/08/1999;;;no;0;;no;no;no;14/11/2023;truc_tiep;14/11/2023;no
E02;Khu phố A;Lý Văn Rạng;16/08/1998;;;1;1;01/02/2024;1;1;1;31/12/2023;truc_tuyen;;
E03;Khu phố C;Dương Văn Sáng;01/03/2004;;;;;;;;01/01/2022;;;;yes
E03;Khu phố C;Dương Thị Thu;28/02/2008;;;;2;28/02/2022;;;;;;28/02/2022;
E03;Khu phố C;Dương Văn Tiến;;;01/03/2022;01/01/2021;2;01/01/2021;01/01/2021;01/01/2021;;;;;
E03;Khu phố C;Dương Thị Uyên;1930;01/03/2022;;;;;;;;;;;
E03;Khu phố C;Dương Văn Vinh;10/10/1940;;30/06/2024;;;;;;;;;;
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def excel_value(text: str) -> Any:
    """What Excel makes of a typed cell: a date, a number, or text."""
    if text.isdigit():
        return int(text)
    try:
        day = reference.parse_day(text)
    except ValueError:
        return text
    return day if day is not None else None


def engine_figures(
    unit: OrgUnit, as_of: dt.date, start: dt.date | None
) -> tuple[dict[str, reference.Ratio], dict[str, dict[str, reference.Ratio]], dict[str, Any]]:
    """The ward's figures and each neighbourhood's (by name), from the JSON of the CLI."""
    args = ["indicators", "--unit", unit.code, "--as-of", as_of.isoformat(), "--format", "json"]
    if start is not None:
        args += ["--from", start.isoformat()]
    data = json.loads(run(*args))

    def ratios(items: list[dict[str, Any]]) -> dict[str, reference.Ratio]:
        return {i["code"]: (i["numerator"], i["denominator"]) for i in items}

    children = {
        reference.plain(child["unit"]["name"]): ratios(child["indicators"])
        for child in data["children"]
    }
    return ratios(data["indicators"]), children, data


class EndToEndRosterTestCase(TestCase):
    tmp: Path
    synth_ward: OrgUnit
    edge_ward: OrgUnit
    xlsx_ward: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        setup_catalogue()  # as migrations install it, whatever ran before
        units = make_hierarchy()
        cls.synth_ward = orgunit_add(name="Phường Giả Lập", parent=units["city"], level="commune")
        cls.edge_ward = orgunit_add(name="Phường Biên", parent=units["city"], level="commune")
        cls.xlsx_ward = orgunit_add(name="Phường Bảng Tính", parent=units["city"], level="commune")

    def setUp(self) -> None:
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.tmp = Path(scratch.name)

    def import_roster(self, path: Path, ward: OrgUnit) -> None:
        run("import_roster", str(path), "--unit", ward.code, "--as-of", IMPORTED_ON.isoformat())

    def compare(
        self, ward: OrgUnit, rows: list[dict[str, str]], dates: list[tuple[dt.date, dt.date | None]]
    ) -> None:
        for as_of, start in dates:
            expected = reference.indicators(rows, imported_on=IMPORTED_ON, as_of=as_of, start=start)
            got_ward, got_children, data = engine_figures(ward, as_of, start)
            when = f"as of {as_of} from {start or dt.date(as_of.year, 1, 1)}"
            self.assertEqual(data["as_of"], as_of.isoformat())
            self.assertEqual(data["from"], (start or dt.date(as_of.year, 1, 1)).isoformat())
            want_ward = reference.total(expected)
            for code in reference.CODES:
                self.assertEqual(got_ward.get(code), want_ward[code], f"ward {code} {when}")
            self.assertEqual(
                set(got_children), {reference.plain(n) for n in expected}, f"children {when}"
            )
            for name, want in expected.items():
                got = got_children[reference.plain(name)]
                for code in reference.CODES:
                    self.assertEqual(got.get(code), want[code], f"{name} {code} {when}")

    def test_it_matches_the_reference_on_a_synthetic_roster(self) -> None:
        path = self.tmp / "synth.csv"
        run("synth", "--wards", "1", "--residents", "3000", "--seed", "7",
            "--as-of", IMPORTED_ON.isoformat(), "--out", str(path))  # fmt: skip
        self.import_roster(path, self.synth_ward)
        rows = reference.read_rows(path)
        self.assertEqual(len(rows), 3000)
        self.compare(self.synth_ward, rows, DATES[:3])

    def test_it_matches_the_reference_on_the_edges_of_the_rules(self) -> None:
        vi, en = self.tmp / "edges_vi.csv", self.tmp / "edges_en.csv"
        vi.write_text(EDGES_VI, encoding="utf-8")
        en.write_text(EDGES_EN, encoding="utf-8")
        self.import_roster(vi, self.edge_ward)
        self.import_roster(en, self.edge_ward)
        rows = reference.read_rows(vi) + reference.read_rows(en)
        self.assertEqual(len(rows), 40)
        self.compare(self.edge_ward, rows, DATES)

    def test_it_matches_the_reference_on_the_same_edges_typed_by_excel(self) -> None:
        """The same rosters as XLSX with Excel's types: date cells, numbers for 1 and 2010."""
        from openpyxl import Workbook

        vi, en = self.tmp / "edges_vi.csv", self.tmp / "edges_en.csv"
        vi.write_text(EDGES_VI, encoding="utf-8")
        en.write_text(EDGES_EN, encoding="utf-8")
        rows = reference.read_rows(vi) + reference.read_rows(en)
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        keys = list(rows[0])
        sheet.append(keys)
        for row in rows:
            sheet.append([excel_value(row[key]) for key in keys])
        path = self.tmp / "edges.xlsx"
        workbook.save(path)
        self.import_roster(path, self.xlsx_ward)
        self.compare(self.xlsx_ward, rows, DATES[:2])

    def test_the_reference_itself_on_hand_counted_edges(self) -> None:
        """A few figures counted by hand, so that the reference cannot drift with the engine."""
        vi, en = self.tmp / "edges_vi.csv", self.tmp / "edges_en.csv"
        vi.write_text(EDGES_VI, encoding="utf-8")
        en.write_text(EDGES_EN, encoding="utf-8")
        rows = reference.read_rows(vi) + reference.read_rows(en)
        leap = reference.indicators(
            rows, imported_on=IMPORTED_ON, as_of=dt.date(2024, 2, 29), start=dt.date(2023, 11, 15)
        )
        # Khu phố A on 29 Feb 2024 over 15 Nov 2023..29 Feb 2024: transactions of Cường
        # (1 Jan, online), Dung (31 Dec, postal), Hải (on F, online), Khoa (on D, in
        # person), Rạng (31 Dec, online); not Hoa (the day before F), Lan (the day
        # after D), Quế (the day before F).
        self.assertEqual(leap["Khu phố A"]["online_services"], (4, 5))
        # Aged 18+: Cường, Dung, Giang, Hải (18 on D), Quế, Rạng; not Hoa (18 on 1 March).
        self.assertEqual(leap["Khu phố A"]["cashless"][1], 6)
        # Households of Khu phố B with a member living on D: H04, H05, H06 (Yên leaves
        # the day after D); not H07 (moves in after D). Skills: H04 (2020), H06 (2020);
        # H05 says "có", true only from the import's as-of date.
        self.assertEqual(leap["Khu phố B"]["household_skills"], (2, 3))
        before = reference.indicators(rows, imported_on=IMPORTED_ON, as_of=dt.date(2022, 2, 28))
        after = reference.indicators(rows, imported_on=IMPORTED_ON, as_of=dt.date(2022, 3, 1))
        # Em (born 29 Feb 2008) is 14 on 1 March 2022, not on 28 February.
        self.assertEqual(before["Khu phố A"]["eid"], (0, 7))
        self.assertEqual(after["Khu phố A"]["eid"], (1, 8))

    def test_an_eid_level_0_with_a_date_imports_and_is_not_activated(self) -> None:
        path = self.tmp / "level0.csv"
        path.write_text(
            "ma_ho,khu_pho,ho_ten,ngay_sinh,vneid,ngay_vneid\n"
            "L01,Khu phố A,Ngô Thị Không,1990-01-01,0,2024-01-01\n"
            "L01,Khu phố A,Ngô Văn Hai,1991-01-01,2,2024-01-01\n",
            encoding="utf-8",
        )
        self.import_roster(path, self.edge_ward)
        rows = reference.read_rows(path)
        self.assertEqual(
            reference.total(reference.indicators(rows, imported_on=IMPORTED_ON, as_of=IMPORTED_ON))[
                "eid"
            ],
            (1, 2),
        )
        self.compare(self.edge_ward, rows, DATES[:1])
