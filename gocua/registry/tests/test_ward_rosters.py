"""Rosters as wards keep them (interfaces.md): titles, Vietnamese headers, sheets, Chủ hộ rows."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.registry import services
from gocua.registry.models import Change, Household, Resident
from gocua.registry.tests.helpers import AS_OF, RosterTestCase
from gocua.registry.tests.workbooks import KP1_ROWS, KP2_ROWS, ward_workbook

IGNORE_NOTE = ("--ignore-column", "Ghi chú")
CLI = ("--unit", "L06700", "--as-of", "2023-06-26")


def ward_file(**extra: Any) -> bytes:
    sheets: dict[str, list[list[Any]]] = {"Khu phố 1": KP1_ROWS, "KP2": KP2_ROWS}
    sheets.update(extra)
    return ward_workbook(sheets)


class WardWorkbookTestCase(RosterTestCase):
    def test_a_titled_workbook_with_a_sheet_per_neighbourhood_imports_through_the_command(
        self,
    ) -> None:
        data = ward_file(**{"*Ghi chú*": [["Người lập biểu"], [None, "Nguyễn Văn X"]]})
        status, out, err = self.command(data, *CLI, *IGNORE_NOTE, name="ds.xlsx")
        self.assertEqual((status, err), (0, ""), err)
        self.assertIn("bỏ qua trang không có dòng tiêu đề: Ghi chú", out)
        self.assertIn("skipped sheets without a header row: Ghi chú", out)
        an = Resident.objects.get(full_name="Nguyễn Văn An")
        self.assertEqual(an.personal_id, "022080000123")  # the number lost its leading zero
        self.assertEqual(
            (an.birth_date, an.relationship, an.unit), (dt.date(1980, 5, 1), "Chủ hộ", self.kp1)
        )
        self.assertEqual(an.phone, "0912345678")
        binh = Resident.objects.get(full_name="Trần Thị Bình")
        self.assertEqual((binh.birth_date, binh.relationship), (dt.date(1983, 8, 12), "Vợ"))
        self.assertEqual(binh.household, an.household)
        chau = Resident.objects.get(full_name="Nguyễn Minh Châu")
        self.assertEqual((chau.birth_date, chau.birth_year_only), (dt.date(2015, 1, 1), True))
        self.assertEqual(chau.household, an.household)
        dung = Resident.objects.get(full_name="Lê Văn Dũng")
        self.assertEqual(dung.birth_date, dt.date(1950, 1, 1))  # an Excel serial number
        self.assertEqual(dung.relationship, "Chủ hộ")  # "chu ho" written without diacritics
        hoa = Resident.objects.get(full_name="Lê Thị Hoa")
        self.assertEqual((hoa.birth_date, hoa.household), (dt.date(1952, 2, 3), dung.household))
        self.assertNotEqual(dung.household, an.household)
        ha = Resident.objects.get(full_name="Phạm Thu Hà")
        self.assertEqual((ha.unit, ha.birth_date), (self.kp2, dt.date(1990, 1, 2)))  # sheet KP2
        self.assertEqual(Resident.objects.get(full_name="Phạm Văn Khoa").household, ha.household)
        self.assertEqual(Household.objects.count(), 3)
        self.assertEqual(
            set(Household.objects.values_list("code", "unit", "address")),
            {
                ("CH-022080000123", self.kp1.pk, "Số 5 ngõ 2"),
                (dung.household.code, self.kp1.pk, "Số 9"),
                ("CH-022190000789", self.kp2.pk, "Tổ 3"),
            },
        )
        self.assertRegex(dung.household.code, r"^CH-[0-9A-F]{10}$")

    def test_the_same_list_imported_twice_changes_nothing(self) -> None:
        data = ward_file()
        first = self.load(data, name="ds.xlsx", ignore=["Ghi chú"])
        self.assertEqual((first.errors, first.created, first.households_created), ([], 7, 3))
        before = (
            Change.objects.count(),
            AuditEvent.objects.count(),
            list(Household.objects.order_by("id").values_list("id", "code", "version")),
            list(Resident.objects.order_by("id").values_list("id", "household", "version")),
        )
        again = self.load(data, name="ds.xlsx", ignore=["Ghi chú"])
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 7))
        self.assertEqual((again.households_created, again.households_updated), (0, 0))
        self.assertFalse(again.written)
        after = (
            Change.objects.count(),
            AuditEvent.objects.count(),
            list(Household.objects.order_by("id").values_list("id", "code", "version")),
            list(Resident.objects.order_by("id").values_list("id", "household", "version")),
        )
        self.assertEqual(after, before)

    def test_an_unknown_column_names_the_sheet_line_and_the_closest_header(self) -> None:
        status, _, err = self.command(ward_file(), *CLI, name="ds.xlsx")
        self.assertEqual(status, 1)
        self.assertIn("sheet Khu phố 1, line 6, column Ghi chú: cột không nhận ra (gần nhất:", err)
        self.assertIn("sheet KP2, line 6, column Ghi chú:", err)
        self.assertIn("/ unknown column (closest:", err)
        self.assertEqual(self.counts(), (0, 0))

    def test_a_member_before_any_chu_ho_is_an_error_naming_the_line(self) -> None:
        rows = [
            [1, "Đỗ Văn Minh", "1970", "Nam", None, "Con", None, "Số 1", ""],
            [2, "Đỗ Văn Nam", "1945", "Nam", None, "Chủ hộ", None, "Số 1", ""],
        ]
        result = self.load(ward_workbook({"Khu phố 1": rows}), name="ds.xlsx", ignore=["Ghi chú"])
        self.assertTrue(result.refused)
        self.assertEqual([(e.line, e.column) for e in result.errors], [(7, "Quan hệ với chủ hộ")])
        self.assertIn("Chủ hộ", result.errors[0].vi)
        self.assertIn(
            "line 7, column Quan hệ với chủ hộ: chưa có dòng Chủ hộ", str(result.errors[0])
        )
        self.assertEqual(self.counts(), (0, 0))

    def test_map_reads_any_header_as_a_known_column(self) -> None:
        headers = ["TT", "Tên người", "Năm sinh", "Quan hệ", "Tổ dân phố", ""]
        rows = [
            [1, "Hà Văn Tú", 1960, "Chủ hộ", "Khu phố 2", None],
            [2, "Hà Thị Lan", 1990, "Con", "Khu phố 2", None],
        ]
        data = ward_workbook({"Sheet1": rows}, headers=headers, top=5)
        status, _, err = self.command(data, *CLI, name="ds.xlsx")
        self.assertEqual(status, 1)  # "Tên người" is not known, and the full name is required
        status, _, err = self.command(data, *CLI, "--map", "Tên người=ho_ten", name="ds.xlsx")
        self.assertEqual((status, err), (0, ""), err)
        self.assertEqual(
            set(Resident.objects.values_list("full_name", "unit", "relationship")),
            {("Hà Văn Tú", self.kp2.pk, "Chủ hộ"), ("Hà Thị Lan", self.kp2.pk, "Con")},
        )
        status, _, err = self.command(data, *CLI, "--map", "Tên người=tuoi", name="ds.xlsx")
        self.assertEqual(status, 2)
        self.assertIn("tuoi", err)

    def test_a_csv_with_vietnamese_headers_without_diacritics_and_every_date_form(self) -> None:
        text = (
            "STT,Ho ten,Ngay sinh,Gioi tinh,So dinh danh ca nhan,SDT,Khu pho,Ma ho gia dinh\n"
            "1,Vũ Văn Tân,01-02-1971,Nam,,0987 654 321,Khu phố 1,A7\n"
            "2,Vũ Thị Thu,03.04.1975,Nữ,,,Khu phố 1,A7\n"
            "3,Vũ Văn Lâm,05/06/2001,Nam,,,Khu phố 1,A7\n"
            "4,Vũ Văn Hải,1999,Nam,,,Khu phố 1,A7\n"
        )
        result = self.load(text)
        self.assertEqual(result.errors, [])
        self.assertEqual(
            set(Resident.objects.values_list("full_name", "birth_date", "birth_year_only")),
            {
                ("Vũ Văn Tân", dt.date(1971, 2, 1), False),
                ("Vũ Thị Thu", dt.date(1975, 4, 3), False),
                ("Vũ Văn Lâm", dt.date(2001, 6, 5), False),
                ("Vũ Văn Hải", dt.date(1999, 1, 1), True),
            },
        )
        self.assertEqual(Resident.objects.get(full_name="Vũ Văn Tân").phone, "0987654321")

    def test_a_header_found_below_30_rows_is_not_looked_for(self) -> None:
        data = ward_workbook({"Khu phố 1": KP1_ROWS}, top=32)
        with self.assertRaises(Problem) as caught:
            self.load(data, name="ds.xlsx")
        self.assertIn("thiếu cột bắt buộc", str(caught.exception))

    def test_a_neighbourhood_unit_takes_every_row_without_a_khu_pho_column(self) -> None:
        data = ward_workbook({"Danh sách": KP2_ROWS})
        result = self.load(data, name="ds.xlsx", unit=self.kp2, ignore=["Ghi chú"])
        self.assertEqual((result.errors, result.created), ([], 2))
        self.assertEqual(set(Resident.objects.values_list("unit", flat=True)), {self.kp2.pk})

    def test_without_a_neighbourhood_the_sheet_name_must_say_it(self) -> None:
        with self.assertRaises(Problem) as caught:
            self.load(ward_workbook({"Danh sách": KP2_ROWS}), name="ds.xlsx", ignore=["Ghi chú"])
        self.assertIn("khu_pho", str(caught.exception))

    def test_the_template_goes_through_without_mapping(self) -> None:
        from openpyxl import load_workbook

        for file_format in ("xlsx", "csv"):
            out = BytesIO()
            services.roster_template(out=out, file_format=file_format)
            if file_format == "csv":
                text = out.getvalue().decode("utf-8-sig")
                header = text.splitlines()[0]
                self.assertTrue(header.startswith("Mã hộ,Khu phố,Địa chỉ,Họ và tên,Ngày sinh"))
                self.assertIn("Quan hệ với chủ hộ", header)
                filled = text + "T9,Khu phố 1,Số 2,Đinh Văn Sơn,1980,Nam,,,,,có,2,,,,,,,,,Chủ hộ\n"
                result = self.load(filled.encode("utf-8-sig"), name="mau.csv")
            else:
                book = load_workbook(BytesIO(out.getvalue()))
                sheet = book.active
                assert sheet is not None
                headers = [c.value for c in sheet[1]]
                self.assertEqual(headers[:4], ["Mã hộ", "Khu phố", "Địa chỉ", "Họ và tên"])
                sheet.append(["T8", "Khu phố 2", "Số 1", "Đinh Thị Na", dt.datetime(1990, 3, 4)])
                filled_out = BytesIO()
                book.save(filled_out)
                result = self.load(filled_out.getvalue(), name="mau.xlsx")
            self.assertEqual((result.errors, result.created), ([], 1), file_format)
        self.assertEqual(Resident.objects.get(full_name="Đinh Văn Sơn").relationship, "Chủ hộ")
        self.assertEqual(
            Resident.objects.get(full_name="Đinh Thị Na").birth_date, dt.date(1990, 3, 4)
        )

    def test_the_relationship_is_exported_and_read_back(self) -> None:
        self.load(ward_file(), name="ds.xlsx", ignore=["Ghi chú"])
        out = BytesIO()
        services.roster_export(unit=self.ward, out=out, file_format="csv")
        lines = out.getvalue().decode().splitlines()
        self.assertIn("quan_he", lines[0].split(","))
        column = lines[0].split(",").index("quan_he")
        self.assertEqual(sorted(line.split(",")[column] for line in lines[1:]).count("Chủ hộ"), 3)
        again = self.load(out.getvalue(), name="back.csv")
        self.assertEqual((again.errors, again.unchanged), ([], 7))


class SheetNamesTestCase(RosterTestCase):
    def test_sheet_names_name_neighbourhoods_in_the_usual_ways(self) -> None:
        rows = [[1, "Mai Văn Phúc", 1980, "Nam", None, "Chủ hộ", None, "", ""]]
        data = ward_workbook(
            {
                "KP 01": rows,
                "Thôn Đông": [[1, "Mai Văn Quý", 1981, "Nam", None, "Chủ hộ", None, "", ""]],
            }
        )
        result = self.load(data, name="ds.xlsx", ignore=["Ghi chú"], as_of=AS_OF)
        self.assertEqual(result.errors, [])
        self.assertEqual(Resident.objects.get(full_name="Mai Văn Phúc").unit, self.kp1)
        dong = Resident.objects.get(full_name="Mai Văn Quý").unit
        self.assertEqual((dong.name, dong.parent), ("Thôn Đông", self.ward))  # created, reported
        self.assertEqual([name for _, name in result.new_units], ["Thôn Đông"])

    def test_an_empty_template_sheet_and_blank_columns_are_ignored(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Khu phố 2"
        sheet.append(["STT", None, "Họ và tên", "Năm sinh", None, "Quan hệ"])
        sheet.append([1, None, "Tô Văn Bảo", 1970, None, "Chủ hộ"])
        workbook.create_sheet("Sheet2")
        out = BytesIO()
        workbook.save(out)
        result = self.load(out.getvalue(), name="ds.xlsx")
        self.assertEqual((result.errors, result.created, result.skipped_sheets), ([], 1, []))
        self.assertEqual(Resident.objects.get().unit, self.kp2)

    def test_no_sheet_with_a_header_is_refused_with_one_line(self) -> None:
        data = ward_workbook({"*Bìa*": [["Danh sách"]], "*Ghi chú*": [["x", "y"]]})
        with self.assertRaises(Problem) as caught:
            self.load(data, name="ds.xlsx")
        self.assertIn("no sheet has a header row", str(caught.exception))
        self.assertEqual(self.counts(), (0, 0))


class WebImportTestCase(RosterTestCase):
    def url(self, name: str) -> str:
        from django.urls import reverse

        return reverse(f"registry:{name}", args=["L06700"])

    def upload(self, content: bytes, name: str = "ds.xlsx") -> Any:
        return self.client.post(
            self.url("import"), {"file": SimpleUploadedFile(name, content), "as_of": "2023-06-26"}
        )

    def test_outsiders_get_404_on_the_import_pages(self) -> None:
        for name in ("import", "import_mapping", "import_errors", "import_template"):
            self.assertNotFoundFor(self.charlie, self.url(name))
            self.assertNotFoundFor(self.bob, self.url(name))  # a team member of the ward

    def test_an_unknown_column_is_mapped_once_and_remembered_for_the_next_file(self) -> None:
        from gocua.registry.models import RosterMapping

        self.login(self.alice)
        response = self.upload(ward_file())
        self.assertRedirects(response, self.url("import_mapping"))
        page = self.client.get(self.url("import_mapping"))
        self.assertContains(page, "Ghi chú")
        self.assertContains(page, "đi làm xa")  # a sample value
        self.assertContains(page, "1 cột không nhận ra")
        rows = page.context["rows"]
        self.assertEqual([r["header"] for r in rows if not r["known"]], ["Ghi chú"])
        recognised = {r["header"]: r["chosen"] for r in rows if r["known"]}
        self.assertEqual(recognised["Số CCCD"], "so_dinh_danh")
        self.assertEqual(recognised["STT"], "-")  # ignored
        self.assertEqual(self.counts(), (0, 0))
        choices = {f"c{r['index']}": r["chosen"] or "-" for r in rows}
        preview = self.client.post(self.url("import_mapping"), choices)
        self.assertContains(preview, "confirm-import")
        self.assertContains(preview, "ghi 7 nhân khẩu")  # the button says what it writes
        self.assertEqual(self.counts(), (0, 0))
        self.assertEqual(
            list(RosterMapping.objects.values_list("ward", "header", "column")),
            [(self.ward.pk, "ghi_chu", "")],
        )
        self.client.post(self.url("import_confirm"), {"confirm": "1"})
        self.assertEqual(self.counts(), (3, 7))
        # The ward's next file goes straight to the preview: the choice is remembered.
        again = self.upload(ward_file())
        self.assertEqual(again.status_code, 200)
        self.assertContains(again, "không đổi 7")
        self.assertEqual(AuditEvent.objects.filter(action="roster.mapping").count(), 1)
        # Another ward does not inherit it.
        self.login(self.root)
        from django.urls import reverse

        other = self.client.post(
            reverse("registry:import", args=["L06679"]),
            {"file": SimpleUploadedFile("ds.xlsx", ward_file()), "as_of": "2023-06-26"},
        )
        self.assertRedirects(other, reverse("registry:import_mapping", args=["L06679"]))

    def test_templates_download_and_the_errors_file_lists_line_column_value_message(self) -> None:
        self.login(self.alice)
        xlsx = self.client.get(self.url("import_template") + "?format=xlsx")
        self.assertEqual(xlsx.status_code, 200)
        self.assertTrue(xlsx.content.startswith(b"PK"))
        csv = self.client.get(self.url("import_template") + "?format=csv")
        self.assertTrue(csv.content.decode("utf-8-sig").startswith("Mã hộ,Khu phố,Địa chỉ"))
        rows = "".join(f"H{n},Khu phố 1,Lý Văn {n},2099,0123\n" for n in range(300))
        page = self.upload(("Mã hộ,Khu phố,Họ và tên,Năm sinh,SĐT\n" + rows).encode(), "x.csv")
        self.assertContains(page, "300 lỗi")
        self.assertContains(page, "errors-file")
        self.assertNotContains(page, "import-good-rows")  # no good row to import
        errors = self.client.get(self.url("import_errors"))
        lines = errors.content.decode("utf-8-sig").splitlines()
        self.assertEqual(len(lines), 1 + 300 + 300)  # header, errors, phone warnings
        self.assertIn("dòng / line,cột / column,giá trị / value", lines[0])
        self.assertTrue(lines[1].startswith(",2,Năm sinh,2099,lỗi / error,"), lines[1])
        self.assertIn(",2,SĐT,0123,cảnh báo / warning,", lines[301])
        self.assertEqual(self.counts(), (0, 0))


class HeadRuleTestCase(RosterTestCase):
    def test_indicator_rules_can_count_the_heads_of_household(self) -> None:
        from gocua.indicators import engine, rules

        self.load(ward_file(), name="ds.xlsx", ignore=["Ghi chú"])
        parsed = rules.parse_rules(
            population=rules.RESIDENTS,
            numerator={"all": [{"head": True}, {"sex": "M"}]},
            denominator={"head": True},
        )
        self.assertEqual(rules.describe(parsed.denominator, "en"), "head of the household")
        compiled = engine.Compiled("heads", rules.RESIDENTS, parsed.numerator, parsed.denominator)
        counts = engine.registry_counts(
            root=self.ward, as_of=AS_OF, start=dt.date(2023, 1, 1), definitions=[compiled]
        )
        by_unit = {
            unit: (c.numerators["heads"], c.denominators["heads"]) for unit, c in counts.items()
        }
        self.assertEqual(by_unit, {self.kp1.pk: (2, 2), self.kp2.pk: (0, 1)})
        with self.assertRaises(rules.RuleProblem):
            rules.parse_rules(population=rules.RESIDENTS, numerator={"head": 1}, denominator=True)
