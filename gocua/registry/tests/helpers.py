"""Shared by the registry tests: writing rosters and running the import."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
import unicodedata
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from gocua.lib.errors import Problem
from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit
from gocua.registry import services
from gocua.registry.importer import ImportResult
from gocua.registry.models import Household, Resident
from gocua.testing import BaseTestCase

AS_OF = dt.date(2023, 6, 26)

HEADER = (
    "ma_ho,khu_pho,dia_chi,ho_ten,ngay_sinh,gioi_tinh,so_dinh_danh,so_dien_thoai,"
    "ngay_den,ngay_di,smartphone,vneid,ngay_vneid,vssid,so_suc_khoe,tai_khoan_tt,"
    "tthc_ngay,tthc_hinh_thuc,khao_sat_ngay,ho_ky_nang_so"
)
GOOD = (
    HEADER
    + "\n"
    + "H001,Khu phố 1,Số 5 ngõ 2,Nguyễn Văn An,1980-05-01,Nam,022080000123,0912345678,"
    ",,2020-01-01,2,2023-01-10,x,,có,2023-03-01,truc_tuyen,2023-04-01,co\n"
    + "H001,Khu phố 1,Số 5 ngõ 2,Trần Thị Bình,12/08/1983,Nữ,022183000456,,"
    ",,có,1,,,,khong,2023-02-02,buu_chinh,,\n"
    + "H001,Khu phố 1,,Nguyễn Minh Châu,2015,Nam,,,,,,,,,,,,,,\n"
    + "H002,L06700.02,Số 9,Lê Văn Dũng,1950-01-01,M,,0203 3812 345,2021-03-04,2023-05-01,"
    ",0,,,,,2023-01-15,truc_tiep,,\n"
)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def cp1258(text: str) -> bytes:
    """What Excel on a Vietnamese Windows saves: Windows-1258, tone marks apart."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tone = next(mark for mark in decomposed if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


NUMBERS = itertools.count(1)


def make_household(unit: OrgUnit, code: str, *names: str, address: str = "") -> Household:
    """A household of a neighbourhood; its first resident has a personal ID and a phone."""
    assert unit.parent is not None
    household = Household.objects.create(
        ward=unit.parent, unit=unit, code=code, address=address, search_address=fold(address)
    )
    for index, name in enumerate(names):
        Resident.objects.create(
            household=household,
            ward=unit.parent,
            unit=unit,
            full_name=name,
            search_name=fold(name),
            birth_date=dt.date(1980 + index, 1, 2),
            sex="M" if index % 2 == 0 else "F",
            personal_id=f"022080{next(NUMBERS):06d}" if index == 0 else None,
            phone="0912345678" if index == 0 else "",
        )
    return household


class HouseholdsTestCase(BaseTestCase):
    """Two households: H1 in Khu phố 1 (An, with a personal ID and a phone, and Bình), H2 in
    Khu phố 2 (Cường)."""

    h1: Household
    h2: Household
    an: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.h1 = make_household(
            cls.kp1, "H1", "Nguyễn Văn An", "Trần Thị Bình", address="Số 5 ngõ Hoa"
        )
        cls.h2 = make_household(cls.kp2, "H2", "Lê Văn Cường")
        cls.an = cls.h1.residents.get(full_name="Nguyễn Văn An")


class RosterTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, content: str | bytes, name: str = "roster.csv") -> Path:
        path = self.tmp / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def load(
        self,
        content: str | bytes,
        *,
        name: str = "roster.csv",
        unit: OrgUnit | None = None,
        as_of: dt.date = AS_OF,
        **options: Any,
    ) -> ImportResult:
        return services.roster_import(
            path=self.write(content, name), unit=unit or self.ward, as_of=as_of, **options
        )

    def command(
        self, content: str | bytes, *args: str, name: str = "roster.csv"
    ) -> tuple[int, str, str]:
        """``gocua import-roster`` as the command line runs it: (exit status, stdout, stderr)."""
        path = self.write(content, name)
        out, err = StringIO(), StringIO()
        try:
            call_command(
                "import_roster",
                str(path),
                *(args or ("--unit", "L06700", "--as-of", "2023-06-26")),
                stdout=out,
                stderr=err,
            )
        except Problem as problem:
            err.write(str(problem) + "\n")
            return problem.exit_status, out.getvalue(), err.getvalue()
        return 0, out.getvalue(), err.getvalue()

    def counts(self) -> tuple[int, int]:
        return Household.objects.count(), Resident.objects.count()

    def assertIssue(self, result: ImportResult, line: int, column: str, text: str = "") -> None:
        found = [str(e) for e in result.errors if e.line == line and e.column == column]
        self.assertTrue(found, f"no error at line {line}, column {column}: {result.errors}")
        if text:
            self.assertTrue(any(text in f for f in found), f"{text!r} not in {found}")
