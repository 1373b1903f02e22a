"""Roster import: the good file loads, every kind of bad value is named, nothing half-written."""

import datetime as dt

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem, UsageProblem
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import (
    Change,
    Household,
    Resident,
    SurveyParticipation,
    Transaction,
)
from gocua.registry.tests.helpers import AS_OF, GOOD, HEADER, RosterTestCase
from gocua.testing import run_console


class ImportGoodFileTestCase(RosterTestCase):
    def test_it_imports_households_residents_facts_and_events(self) -> None:
        result = self.load(GOOD)
        self.assertEqual(result.errors, [])
        self.assertEqual((result.rows, result.created, result.households_created), (4, 4, 2))
        self.assertTrue(result.written)
        an = Resident.objects.get(personal_id="022080000123")
        self.assertEqual(an.full_name, "Nguyễn Văn An")
        self.assertEqual(an.search_name, "nguyen van an")
        self.assertEqual(an.unit, self.kp1)
        self.assertEqual(an.ward, self.ward)
        self.assertEqual(an.birth_date, dt.date(1980, 5, 1))
        self.assertEqual(an.sex, "M")
        self.assertEqual(an.phone, "0912345678")
        self.assertEqual(an.smartphone_since, dt.date(2020, 1, 1))
        eid = (an.eid_level, an.eid_since, an.eid2_since)
        self.assertEqual(eid, (2, dt.date(2023, 1, 10), dt.date(2023, 1, 10)))
        self.assertEqual(an.vssid_since, AS_OF)  # "x": true since the as-of date
        self.assertIsNone(an.ehealth_since)
        self.assertEqual(an.payment_since, AS_OF)
        self.assertEqual(
            list(an.transactions.values_list("day", "channel", "unit")),
            [(dt.date(2023, 3, 1), "online", self.kp1.pk)],
        )
        self.assertEqual(list(an.surveys.values_list("day", flat=True)), [dt.date(2023, 4, 1)])
        binh = Resident.objects.get(full_name="Trần Thị Bình")
        self.assertEqual(binh.birth_date, dt.date(1983, 8, 12))  # DD/MM/YYYY
        self.assertEqual((binh.eid_level, binh.eid_since, binh.eid2_since), (1, AS_OF, None))
        self.assertIsNone(binh.payment_since)
        child = Resident.objects.get(full_name="Nguyễn Minh Châu")
        self.assertEqual((child.birth_date, child.birth_year_only), (dt.date(2015, 1, 1), True))
        self.assertIsNone(child.personal_id)
        household = Household.objects.get(code="H001")
        self.assertEqual(
            (household.address, household.search_address), ("Số 5 ngõ 2", "so 5 ngo 2")
        )
        self.assertEqual(household.digital_skills_since, AS_OF)
        dung = Resident.objects.get(full_name="Lê Văn Dũng")
        self.assertEqual(dung.unit, self.kp2)  # khu_pho by code
        self.assertEqual(dung.phone, "02033812345")
        self.assertEqual(
            (dung.moved_in, dung.moved_out), (dt.date(2021, 3, 4), dt.date(2023, 5, 1))
        )
        self.assertEqual(dung.transactions.get().channel, "in_person")
        self.assertEqual(Change.objects.filter(field="created", source="import").count(), 6)
        event = AuditEvent.objects.get(action="roster.import")
        self.assertEqual((event.unit_code, event.rows), ("L06700", 4))

    def test_importing_the_same_file_twice_changes_nothing(self) -> None:
        self.load(GOOD)
        before = (
            Change.objects.count(),
            AuditEvent.objects.count(),
            Transaction.objects.count(),
            SurveyParticipation.objects.count(),
            list(Resident.objects.order_by("id").values_list("version", "updated_at")),
        )
        result = self.load(GOOD)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 4))
        self.assertEqual((result.households_created, result.households_updated), (0, 0))
        self.assertFalse(result.written)
        after = (
            Change.objects.count(),
            AuditEvent.objects.count(),
            Transaction.objects.count(),
            SurveyParticipation.objects.count(),
            list(Resident.objects.order_by("id").values_list("version", "updated_at")),
        )
        self.assertEqual(after, before)

    def test_a_row_updates_the_resident_with_the_same_personal_id(self) -> None:
        self.load(GOOD)
        an = Resident.objects.get(personal_id="022080000123")
        changed = GOOD.replace("Nguyễn Văn An,1980-05-01", "Nguyễn Văn Ân,1980-05-02")
        result = self.load(changed)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 1, 3))
        an.refresh_from_db()
        self.assertEqual(
            (an.full_name, an.birth_date, an.version), ("Nguyễn Văn Ân", dt.date(1980, 5, 2), 2)
        )
        self.assertEqual(
            set(an.changes.exclude(field="created").values_list("field", "old", "new", "source")),
            {
                ("full_name", "Nguyễn Văn An", "Nguyễn Văn Ân", "import"),
                ("birth_date", "1980-05-01", "1980-05-02", "import"),
            },
        )

    def test_without_an_id_it_matches_household_name_and_birth_date(self) -> None:
        self.load(GOOD)
        child = Resident.objects.get(full_name="Nguyễn Minh Châu")
        result = self.load(
            GOOD.replace(
                "Nguyễn Minh Châu,2015,Nam,,", "Nguyễn Minh Châu,2015-03-09,Nam,,0987654321"
            )
        )
        self.assertEqual((result.created, result.updated), (0, 1))
        child.refresh_from_db()
        # A year alone matched the full date, which replaces it.
        self.assertEqual((child.birth_date, child.birth_year_only), (dt.date(2015, 3, 9), False))
        self.assertEqual(child.phone, "0987654321")

    def test_empty_cells_keep_what_the_registry_knows_and_no_clears_a_fact(self) -> None:
        self.load(GOOD)
        lines = GOOD.splitlines()
        lines[1] = "H001,Khu phố 1,,Nguyễn Văn An,,,022080000123,,,,không,,,,,,,,,"
        self.load("\n".join(lines) + "\n")
        an = Resident.objects.get(personal_id="022080000123")
        self.assertEqual((an.phone, an.birth_date), ("0912345678", dt.date(1980, 5, 1)))
        self.assertIsNone(an.smartphone_since)
        self.assertEqual(an.eid_level, 2)

    def test_yes_keeps_an_earlier_date(self) -> None:
        self.load(GOOD.replace(",2020-01-01,2,", ",x,2,"))
        an = Resident.objects.get(personal_id="022080000123")
        self.assertEqual(an.smartphone_since, AS_OF)
        self.load(GOOD.replace(",2020-01-01,2,", ",x,2,"), as_of=dt.date(2023, 12, 31))
        an.refresh_from_db()
        self.assertEqual(an.smartphone_since, AS_OF)

    def test_headers_are_free_in_order_case_spacing_and_english(self) -> None:
        text = (
            "\ufeff Full Name ,HOUSEHOLD,Neighbourhood,Birth-Date,Mã hộ kỹ năng số\n"
            "Phạm Thu Hà,H9,Khu phố 2,1990-01-02,\n"
        ).replace("Mã hộ kỹ năng số", "ho ky nang so")
        result = self.load(text)
        self.assertEqual(result.errors, [])
        resident = Resident.objects.get()
        self.assertEqual((resident.full_name, resident.unit), ("Phạm Thu Hà", self.kp2))

    def test_a_new_neighbourhood_is_created_and_reported(self) -> None:
        result = self.load(HEADER + "\nH1,Khu phố 9,,Vũ Văn Em,1990,,,,,,,,,,,,,,,\n")
        self.assertEqual(len(result.new_units), 1)
        code, name = result.new_units[0]
        unit = OrgUnit.objects.get(code=code)
        self.assertEqual((unit.name, unit.parent, name), ("Khu phố 9", self.ward, "Khu phố 9"))
        self.assertIn("Khu phố 9", result.summary())

    def test_households_and_new_neighbourhoods_span_batches(self) -> None:
        from unittest import mock

        rows = "".join(f"H{n // 3},Khu phố 9,,Lý Văn {n},1990,,,,,,,,,,,,,,,\n" for n in range(9))
        with mock.patch("gocua.registry.importer.BATCH", 2):
            result = self.load(f"{HEADER}\n{rows}")
            self.assertEqual(result.errors, [])
            self.assertEqual((result.created, result.households_created), (9, 3))
            self.assertEqual(len(result.new_units), 1)
            again = self.load(f"{HEADER}\n{rows}")
        self.assertEqual((again.unchanged, again.new_units, again.households_updated), (9, [], 0))
        self.assertEqual(set(Resident.objects.values_list("unit__name", flat=True)), {"Khu phố 9"})

    def test_a_dry_run_writes_nothing(self) -> None:
        units = OrgUnit.objects.count()
        result = self.load(GOOD.replace("Khu phố 1", "Khu phố 9"), dry_run=True)
        self.assertEqual((result.created, result.households_created), (4, 2))
        self.assertEqual(result.new_units, [("", "Khu phố 9")])
        self.assertEqual(self.counts(), (0, 0))
        self.assertEqual((OrgUnit.objects.count(), Change.objects.count()), (units, 0))
        self.assertFalse(AuditEvent.objects.exists())

    def test_it_reads_an_xlsx_with_dates_and_numbers_as_excel_types_them(self) -> None:
        from io import BytesIO

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(
            [
                "ma_ho",
                "khu_pho",
                "ho_ten",
                "ngay_sinh",
                "so_dinh_danh",
                "so_dien_thoai",
                "vneid",
                "smartphone",
            ]
        )
        sheet.append(
            [
                "H1",
                "Khu phố 1",
                "Đỗ Thị Giang",
                dt.datetime(1991, 7, 3),
                22191000789,
                912345678,
                2,
                True,
            ]
        )
        sheet.append([None] * 8)
        sheet.append(
            ["H1", "Khu phố 1", "Đỗ Văn Hải", 1960, None, None, 1.0, dt.datetime(2022, 2, 2)]
        )
        workbook.create_sheet("other").append(["ignored"])
        buffer = BytesIO()
        workbook.save(buffer)
        result = self.load(buffer.getvalue(), name="roster.xlsx")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.encoding, "XLSX")
        giang = Resident.objects.get(full_name="Đỗ Thị Giang")
        self.assertEqual(giang.personal_id, "022191000789")  # the leading zero Excel dropped
        self.assertEqual(giang.phone, "0912345678")
        self.assertEqual(
            (giang.birth_date, giang.eid_level, giang.smartphone_since),
            (dt.date(1991, 7, 3), 2, AS_OF),
        )
        hai = Resident.objects.get(full_name="Đỗ Văn Hải")
        self.assertEqual(
            (hai.birth_year_only, hai.eid_level, hai.smartphone_since),
            (True, 1, dt.date(2022, 2, 2)),
        )

    def test_a_city_file_routes_rows_by_the_phuong_column(self) -> None:
        text = (
            "ma_ho,khu_pho,ho_ten,phuong\n"
            "A1,Khu phố 1,Ngô Văn Ích,Tuần Châu\n"
            "A1,Khu phố 1,Ngô Văn Khải,L06679\n"
            "A2,Khu phố 1,Ngô Văn Lộc,Phường Vô Định\n"
            "A3,Khu phố 1,Ngô Văn Mạnh,\n"
        )
        result = self.load(text, unit=self.units["city"])
        self.assertIssue(result, 4, "phuong", "Vô Định")
        self.assertIssue(result, 5, "phuong")
        result = self.load(text, unit=self.units["city"], skip_invalid=True)
        self.assertEqual(
            set(Resident.objects.values_list("full_name", "ward__code")),
            {("Ngô Văn Ích", "L06700"), ("Ngô Văn Khải", "L06679")},
        )
        # The same household code in two wards is two households.
        self.assertEqual(Household.objects.filter(code="A1").count(), 2)

    def test_a_city_import_needs_the_phuong_column(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.load(GOOD, unit=self.units["city"])
        self.assertIn("phuong", str(caught.exception))

    def test_a_ward_file_with_another_ward_in_phuong_is_refused(self) -> None:
        result = self.load("ma_ho,khu_pho,ho_ten,ward\nA1,Khu phố 1,Ngô Văn Ích,Hùng Thắng\n")
        self.assertIssue(result, 2, "ward", "Tuần Châu")

    def test_a_neighbourhood_as_the_unit_puts_every_row_there(self) -> None:
        result = self.load(
            "ma_ho,ho_ten,ngay_sinh\nA1,Ngô Văn Ích,1990\nA2,Lý Thị Kim,1991\n", unit=self.kp1
        )
        self.assertEqual((result.errors, result.created), ([], 2))
        self.assertEqual(
            set(Resident.objects.values_list("unit", "ward")), {(self.kp1.pk, self.ward.pk)}
        )
        refused = self.load("ma_ho,khu_pho,ho_ten\nA3,Khu phố 2,Lê Văn Mạnh\n", unit=self.kp1)
        self.assertIssue(refused, 2, "khu_pho", "Khu phố 1")

    def test_a_bad_phone_is_a_warning_that_keeps_the_person(self) -> None:
        result = self.load(f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,1990,,,0123456789,,,,,,,,,,,,\n")
        self.assertEqual((result.errors, result.created), ([], 1))
        self.assertEqual([(w.line, w.column) for w in result.warnings], [(2, "so_dien_thoai")])
        self.assertIn("0123456789", result.warnings[0].vi)
        self.assertEqual(Resident.objects.get().phone, "")


class ImportBadValuesTestCase(RosterTestCase):
    def bad(self, row: str, line: int, column: str, text: str = "", header: str = HEADER) -> None:
        before = self.counts()
        result = self.load(f"{header}\n{row}\n")
        self.assertIssue(result, line, column, text)
        self.assertTrue(result.refused)
        self.assertEqual(self.counts(), before)

    def test_a_bad_date_is_named(self) -> None:
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,31/02/1990,,,,,,,,,,,,,,,", 2, "ngay_sinh", "not a real date"
        )
        self.bad("H1,Khu phố 1,,Lý Văn A,1990-13-01,,,,,,,,,,,,,,,", 2, "ngay_sinh")
        self.bad("H1,Khu phố 1,,Lý Văn A,hôm qua,,,,,,,,,,,,,,,", 2, "ngay_sinh", "not a date")
        self.bad("H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,1/1/2023x", 2, "ho_ky_nang_so")

    def test_a_future_date_is_named(self) -> None:
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,2023-06-27,,,,,,,,,,,,,,,",
            2,
            "ngay_sinh",
            "after the as-of date",
        )
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,2024-01-01,,,,,,,,,", 2, "smartphone", "2023-06-26"
        )
        self.bad("H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,2023-07-01,truc_tuyen,,", 2, "tthc_ngay")

    def test_a_date_before_birth_and_leaving_before_arriving_are_named(self) -> None:
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,2000-01-01,,,,,,1999-12-31,,,,,,,,,",
            2,
            "smartphone",
            "before the birth date",
        )
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,1990,,,,2020-01-01,2019-01-01,,,,,,,,,,",
            2,
            "ngay_di",
            "before moving in",
        )

    def test_an_unknown_value_is_named(self) -> None:
        self.bad("H1,Khu phố 1,,Lý Văn A,1990,Trai,,,,,,,,,,,,,,", 2, "gioi_tinh", "Trai")
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,chắc có,,,,,,,,,", 2, "smartphone", "not understood"
        )
        self.bad("H1,Khu phố 1,,Lý Văn A,1990,,,,,,,3,,,,,,,,", 2, "vneid", "0, 1 or 2")
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,2023-01-01,fax,,", 2, "tthc_hinh_thuc", "fax"
        )
        self.bad(
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,2023-01-01,,,", 2, "tthc_hinh_thuc", "required"
        )
        self.bad("H1,Khu phố 1,,Lý Văn A,1990,,12345,,,,,,,,,,,,,", 2, "so_dinh_danh", "12 digits")
        self.bad(",Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,", 2, "ma_ho", "missing")
        self.bad("H1,,,,1990,,,,,,,,,,,,,,,", 2, "ho_ten", "missing")

    def test_an_eid_date_without_a_level_above_0_is_a_warning_and_ignored(self) -> None:
        # interfaces.md lists the errors of a date; this one only says nothing to count.
        result = self.load(
            f"{HEADER}\n"
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,2023-01-01,,,,,,,\n"
            "H1,Khu phố 1,,Lý Thị B,1991,,,,,,,0,2023-01-01,,,,,,,\n"
        )
        self.assertFalse(result.refused)
        warned = [str(w) for w in result.warnings if w.column == "ngay_vneid"]
        self.assertEqual(len(warned), 2, warned)
        self.assertTrue(all("ignored" in w for w in warned), warned)
        people = Resident.objects.filter(household__code="H1").order_by("full_name")
        self.assertEqual([(r.eid_level, r.eid_since) for r in people], [(0, None), (0, None)])

    def test_a_personal_id_living_in_another_ward_is_refused(self) -> None:
        self.load(
            "ma_ho,khu_pho,ho_ten,so_dinh_danh\nB1,Khu phố 1,Phan Văn Nam,022090000111\n",
            unit=self.ward2,
        )
        self.bad(
            "H1,Khu phố 1,,Phan Văn Nam,1990,,022090000111,,,,,,,,,,,,,",
            2,
            "so_dinh_danh",
            "Hùng Thắng",
        )
        # Moved out there first: the number is free again.
        Resident.objects.filter(personal_id="022090000111").update(moved_out=dt.date(2023, 1, 1))
        result = self.load(
            f"{HEADER}\nH1,Khu phố 1,,Phan Văn Nam,1990,,022090000111,,,,,,,,,,,,,\n"
        )
        self.assertEqual(result.errors, [])
        self.assertEqual(Resident.objects.filter(personal_id="022090000111").count(), 2)

    def test_the_same_person_twice_in_a_file_is_refused(self) -> None:
        result = self.load(
            f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,1990,,022090000111,,,,,,,,,,,,,\n"
            "H2,Khu phố 1,,Lý Văn B,1991,,022090000111,,,,,,,,,,,,,\n"
            "H3,Khu phố 1,,Lý Văn C,1992,,,,,,,,,,,,,,,\n"
            "H3,Khu phố 1,,Lý Văn C,1992,,,,,,,,,,,,,,,\n"
        )
        self.assertIssue(result, 3, "so_dinh_danh", "line 2")
        self.assertIssue(result, 5, "ho_ten", "line 4")

    def test_one_household_in_two_neighbourhoods_is_refused(self) -> None:
        result = self.load(
            f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,\n"
            "H1,Khu phố 2,,Lý Văn B,1991,,,,,,,,,,,,,,,\n"
        )
        self.assertIssue(result, 3, "khu_pho", "line 2")
        self.assertEqual(len(result.errors), 1)

    def test_household_rows_that_disagree_are_refused(self) -> None:
        result = self.load(
            f"{HEADER}\nH1,Khu phố 1,Số 1,Lý Văn A,1990,,,,,,,,,,,,,,,x\n"
            "H1,Khu phố 1,Số 2,Lý Văn B,1991,,,,,,,,,,,,,,,\n"
            "H1,Khu phố 1,,Lý Văn C,1992,,,,,,,,,,,,,,,không\n"
            "H1,Khu phố 1,Số 1,Lý Văn D,1993,,,,,,,,,,,,,,,x\n"
        )
        self.assertIssue(result, 3, "dia_chi", "line 2")
        self.assertIssue(result, 4, "ho_ky_nang_so", "line 2")
        self.assertEqual(len(result.errors), 2)

    def test_every_bad_row_is_listed_with_spreadsheet_line_numbers(self) -> None:
        result = self.load(
            f"{HEADER}\n"
            "H1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,\n"
            "\n"
            "H2,Khu phố 1,,Lý Văn B,2099,,,,,,,,,,,,,,,\n"
            '"H3","Khu phố 1","",Lý Văn C,1990,Trai,,,,,maybe,,,,,,,,,\n'
        )
        self.assertEqual(
            [(e.line, e.column) for e in result.errors],
            [(4, "ngay_sinh"), (5, "gioi_tinh"), (5, "smartphone")],
        )
        self.assertTrue(all(str(e).startswith(f"line {e.line}, column ") for e in result.errors))
        self.assertTrue(all(" / " in str(e) for e in result.errors))
        self.assertEqual(self.counts(), (0, 0))

    def test_skip_invalid_imports_the_good_rows(self) -> None:
        result = self.load(
            f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,\n"
            "H2,Khu phố 1,,Lý Văn B,2099,,,,,,,,,,,,,,,\n",
            skip_invalid=True,
        )
        self.assertEqual((result.created, result.skipped, len(result.errors)), (1, 1, 1))
        self.assertFalse(result.refused)
        self.assertEqual(list(Resident.objects.values_list("full_name", flat=True)), ["Lý Văn A"])

    def test_an_unknown_column_is_refused_unless_skip_invalid(self) -> None:
        text = "ma_ho,khu_pho,ho_ten,nghe_nghiep\nH1,Khu phố 1,Lý Văn A,ngư dân\n"
        result = self.load(text)
        self.assertIssue(result, 1, "nghe_nghiep", "unknown column")
        self.assertEqual(self.counts(), (0, 0))
        result = self.load(text, skip_invalid=True)
        self.assertEqual(result.created, 1)

    def test_a_missing_required_column_is_one_line(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.load("ma_ho,ho_ten\nH1,Lý Văn A\n")
        self.assertIn("khu_pho (neighbourhood)", str(caught.exception))
        self.assertEqual(len(str(caught.exception).splitlines()), 1)

    def test_an_empty_file_is_one_line(self) -> None:
        for content in (b"", b"\xef\xbb\xbf", b"\n\n  \n", b",,,\n"):
            with self.assertRaises(Problem) as caught:
                self.load(content)
            self.assertIn("empty", str(caught.exception))

    def test_a_header_alone_imports_nothing(self) -> None:
        result = self.load(HEADER + "\n")
        self.assertEqual((result.rows, result.errors), (0, []))

    def test_a_10_mb_line_is_refused_at_once(self) -> None:
        content = (HEADER + "\nH1,Khu phố 1,,Lý " + "A" * 10_000_000 + ",1990\n").encode()
        with self.assertRaises(Problem) as caught:
            self.load(content)
        self.assertIn("line 2", str(caught.exception))
        self.assertIn("65,536", str(caught.exception))
        self.assertLess(len(str(caught.exception)), 400)

    def test_a_long_value_in_xlsx_is_a_row_error(self) -> None:
        from io import BytesIO

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["ma_ho", "khu_pho", "ho_ten"])
        sheet.append(["H1", "Khu phố 1", "x" * 30_000])
        buffer = BytesIO()
        workbook.save(buffer)
        result = self.load(buffer.getvalue(), name="r.xlsx")
        self.assertIssue(result, 2, "ho_ten", "30000")


class ImportEncodingsTestCase(RosterTestCase):
    TEXT = "ma_ho,khu_pho,ho_ten\nH1,Khu phố 1,Nguyễn Thị Hường\nH1,Khu phố 1,Đặng Quốc Việt\n"

    def names(self) -> set[str]:
        return set(Resident.objects.values_list("full_name", flat=True))

    def test_windows_1258_is_read_correctly(self) -> None:
        from gocua.registry.tests.helpers import cp1258

        result = self.load(cp1258(self.TEXT))
        self.assertEqual(result.encoding, "Windows-1258")
        self.assertEqual(self.names(), {"Nguyễn Thị Hường", "Đặng Quốc Việt"})
        self.assertEqual(Resident.objects.get(full_name="Nguyễn Thị Hường").unit, self.kp1)

    def test_utf16_unicode_text_from_excel_is_read_correctly(self) -> None:
        result = self.load(self.TEXT.replace(",", "\t").encode("utf-16"))
        self.assertEqual(result.encoding, "UTF-16")
        self.assertEqual(self.names(), {"Nguyễn Thị Hường", "Đặng Quốc Việt"})

    def test_semicolons_and_decomposed_text_are_read(self) -> None:
        import unicodedata

        self.load(unicodedata.normalize("NFD", self.TEXT.replace(",", ";")))
        self.assertEqual(self.names(), {"Nguyễn Thị Hường", "Đặng Quốc Việt"})

    def test_an_unknown_encoding_is_refused_not_garbled(self) -> None:
        tcvn3 = b"ma_ho,khu_pho,ho_ten\nH1,Khu ph\xe8 1,Nguy\xd6n Th\xfb H\xad\xeang\n"
        with self.assertRaises(Problem) as caught:
            self.load(tcvn3)
        self.assertIn("encoding", str(caught.exception))
        self.assertEqual(self.counts(), (0, 0))

    def test_text_garbled_before_it_was_saved_is_refused(self) -> None:
        garbled = self.TEXT.encode("utf-8").decode("cp1252", errors="replace")
        with self.assertRaises(Problem) as caught:
            self.load(garbled)
        self.assertIn("garbled", str(caught.exception))

    def test_old_excel_and_broken_xlsx_are_refused_clearly(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.load(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, name="r.xls")
        self.assertIn(".xls", str(caught.exception))
        with self.assertRaises(Problem) as caught:
            self.load(b"PK\x03\x04 not really a zip", name="r.xlsx")
        self.assertIn("XLSX", str(caught.exception))
        with self.assertRaises(Problem):
            self.load(bytes(range(256)) * 10, name="r.csv")


class ImportCommandTestCase(RosterTestCase):
    def test_a_refused_file_lists_each_error_on_stderr_and_exits_1(self) -> None:
        status, _out, err = self.command(
            f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,2099,,,,,,,,,,,,,,,\n"
            "H2,Khu phố 1,,,1990,,,,,,,,,,,,,,,\n"
        )
        self.assertEqual(status, 1)
        lines = err.strip().splitlines()
        self.assertTrue(lines[0].startswith("line 2, column ngay_sinh: "), lines)
        self.assertTrue(lines[1].startswith("line 3, column ho_ten: "), lines)
        self.assertIn("refused", lines[-1])
        self.assertTrue(all(" / " in line for line in lines))
        self.assertEqual(self.counts(), (0, 0))

    def test_a_good_file_exits_0_and_says_what_it_did(self) -> None:
        status, out, err = self.command(GOOD)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("4 residents added", out)

    def test_dry_run_and_skip_invalid(self) -> None:
        bad = (
            f"{HEADER}\nH1,Khu phố 1,,Lý Văn A,1990,,,,,,,,,,,,,,,\n"
            "H2,Khu phố 1,,Lý Văn B,2099,,,,,,,,,,,,,,,\n"
        )
        status, out, err = self.command(
            bad, "--unit", "tuan chau", "--as-of", "26/06/2023", "--dry-run"
        )
        self.assertEqual(status, 1)
        self.assertIn("would be refused", err)
        status, out, err = self.command(
            bad, "--unit", "L06700", "--as-of", "2023-06-26", "--skip-invalid", "--dry-run"
        )
        self.assertEqual(status, 0)
        self.assertIn("nothing written", out)
        self.assertEqual(self.counts(), (0, 0))
        status, out, err = self.command(
            bad, "--unit", "L06700", "--as-of", "2023-06-26", "--skip-invalid"
        )
        self.assertEqual(status, 0)
        self.assertIn("line 3, column ngay_sinh", err)
        self.assertEqual(self.counts(), (1, 1))

    def test_bad_usage_exits_2(self) -> None:
        status, _, err = self.command(GOOD, "--unit", "nowhere")
        self.assertEqual(status, 2)
        self.assertIn("nowhere", err)
        status, _, err = self.command(GOOD, "--unit", "L06700", "--as-of", "2023-02-30")
        self.assertEqual(status, 2)
        self.assertIn("2023-02-30", err)
        out_err = __import__("io").StringIO()
        with self.assertRaises(UsageProblem):
            from django.core.management import call_command

            call_command(
                "import_roster", str(self.tmp / "missing.csv"), "--unit", "L06700", stderr=out_err
            )

    def test_the_console_script_prints_one_line_per_error_without_traceback(self) -> None:
        path = self.write(b"")
        status, _, err = run_console("import-roster", str(path), "--unit", "L06700")
        self.assertEqual(status, 1)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertNotIn("Traceback", err)
        self.assertIn(" / ", err)
