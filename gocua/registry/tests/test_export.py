"""Export gives back every row, so that importing it again changes nothing; it is logged."""

import csv
import datetime as dt
import io
from io import StringIO

from django.core.management import call_command

from gocua.audit.models import AuditEvent
from gocua.lib.errors import UsageProblem
from gocua.registry.models import Change, Resident
from gocua.registry.roster import HEADERS
from gocua.registry.tests.helpers import GOOD, RosterTestCase


class ExportTestCase(RosterTestCase):
    def export(self, name: str, unit: str = "L06700") -> bytes:
        out = StringIO()
        call_command("export_roster", "--unit", unit, "--out", str(self.tmp / name), stdout=out)
        self.assertIn("exported", out.getvalue())
        return (self.tmp / name).read_bytes()

    def test_csv_gives_back_every_row_and_reimports_without_change(self) -> None:
        self.load(GOOD)
        changes = Change.objects.count()
        data = self.export("out.csv")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        self.assertEqual(rows[0], [h for h in HEADERS if h != "phuong"])
        self.assertEqual(len(rows), 5)  # the moved-out resident too
        by_name = {r[3]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
        an = by_name["Nguyễn Văn An"]
        self.assertEqual(
            (an["so_dinh_danh"], an["vneid"], an["ngay_vneid"], an["tthc_hinh_thuc"]),
            ("022080000123", "2", "2023-01-10", "truc_tuyen"),
        )
        self.assertEqual(by_name["Nguyễn Minh Châu"]["ngay_sinh"], "2015")
        self.assertEqual(by_name["Lê Văn Dũng"]["ngay_di"], "2023-05-01")
        result = self.load(data, name="out.csv")
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 4))
        self.assertEqual(Change.objects.count(), changes)
        event = AuditEvent.objects.get(action="roster.export")
        self.assertEqual(
            (event.unit_code, event.rows, event.detail), ("L06700", 4, {"format": "csv"})
        )

    def test_xlsx_round_trip(self) -> None:
        self.load(GOOD)
        data = self.export("out.xlsx")
        result = self.load(data, name="out.xlsx", as_of=dt.date(2024, 1, 1))
        self.assertEqual(result.errors, [])
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 4))

    def test_a_city_export_has_the_phuong_column_and_reimports_into_the_city(self) -> None:
        self.load(GOOD)
        self.load("ma_ho,khu_pho,ho_ten\nB1,Khu phố 1,Phan Văn Nam\n", unit=self.ward2)
        data = self.export("city.csv", unit="ha long")
        rows = list(csv.reader(io.StringIO(data.decode())))
        self.assertEqual(rows[0][-1], "phuong")
        self.assertEqual({r[-1] for r in rows[1:]}, {"L06700", "L06679"})
        result = self.load(data, name="city.csv", unit=self.units["city"])
        self.assertEqual((result.rows, result.unchanged), (5, 5))

    def test_a_bad_extension_is_bad_usage(self) -> None:
        with self.assertRaises(UsageProblem):
            call_command("export_roster", "--unit", "L06700", "--out", str(self.tmp / "x.pdf"))
        self.assertFalse(Resident.objects.exists())
