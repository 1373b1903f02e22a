"""Hostile roster files: each is refused with one clear line, nothing written, memory bounded.

The files are small on disk (a few MB) and inflate to gigabytes, or declare what the
reader must not do (entities, 17 million rows). They go through the real command and
the web upload.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gocua.registry.models import Household, Resident
from gocua.registry.tests import hostile
from gocua.registry.tests.helpers import RosterTestCase

CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "core.xml of 2 GB": (hostile.core_bomb, ""),  # never opened: the file imports
    "shared strings of 2 GB": (hostile.strings_bomb, "xl/sharedStrings.xml inflates to 2,048 MB"),
    "shared strings lying about their size": (
        lambda: hostile.strings_bomb(lying=True),
        "a string is longer than 32767 characters",
    ),
    "one row of 2 GB": (hostile.row_bomb, "sheet1.xml inflates to 2,048 MB"),
    "one row of 2 GB lying about its size": (
        lambda: hostile.row_bomb(lying=True),
        "a cell longer than 32767 characters",
    ),
    "17 million rows stated": (
        lambda: hostile.many_rows(dimension=True),
        "it has 17,000,000 rows (at most 1,048,576)",
    ),
    "a row numbered 17 million": (
        lambda: hostile.many_rows(dimension=False),
        "it has more than 1,048,576 rows",
    ),
    "entity declarations": (hostile.entities, "declares a DTD or XML entities"),
    "truncated XML": (hostile.truncated, "malformed or truncated"),
}
PEAK = 100 << 20  # bytes Python may allocate while refusing one of these files


class HostileXlsxTestCase(RosterTestCase):
    def test_each_hostile_workbook_is_refused_by_the_command_in_one_line(self) -> None:
        for label, (build, message) in CASES.items():
            with self.subTest(label):
                data = build()
                self.assertLess(len(data), 8 << 20, "the hostile file is small on disk")
                tracemalloc.start()
                try:
                    status, out, err = self.command(data, name="hostile.xlsx")
                    peak = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
                self.assertLess(peak, PEAK, f"{label}: {peak >> 20} MB")
                if not message:
                    self.assertEqual((status, err), (0, ""), err)
                    self.assertEqual(self.counts(), (1, 1))
                    Resident.objects.all().delete()
                    Household.objects.all().delete()
                    continue
                self.assertEqual(status, 1, f"{label}: {out} {err}")
                lines = err.strip().splitlines()
                self.assertEqual(len(lines), 1, f"{label}: {lines}")
                self.assertIn(message, lines[0])
                self.assertIn(" / ", lines[0])  # Vietnamese, then English
                self.assertEqual(self.counts(), (0, 0))

    def test_each_hostile_workbook_is_refused_by_the_web_upload(self) -> None:
        self.login(self.alice)
        url = reverse("registry:import", args=["L06700"])
        for label, (build, message) in CASES.items():
            if not message:
                continue
            with self.subTest(label):
                response = self.client.post(
                    url,
                    {"file": SimpleUploadedFile("x.xlsx", build()), "as_of": "2023-06-26"},
                    HTTP_ACCEPT_LANGUAGE="en",
                )
                self.assertEqual(response.status_code, 400, label)
                self.assertContains(response, 'data-testid="refusal"', status_code=400)
                self.assertEqual(self.counts(), (0, 0))

    def test_openpyxl_would_use_defusedxml(self) -> None:
        """What else reads XLSX here (the export's tests, openpyxl) refuses entities too."""
        from openpyxl.xml import DEFUSEDXML

        self.assertTrue(DEFUSEDXML)


class BoundedErrorsTestCase(RosterTestCase):
    def test_a_file_of_bad_rows_lists_a_bounded_number_and_counts_them_all(self) -> None:
        rows = "".join(f"H{n},Khu phố 1,Lý Văn {n},2099\n" for n in range(2500))
        with mock.patch("gocua.registry.import_result.MAX_LISTED", 100):
            result = self.load("ma_ho,khu_pho,ho_ten,ngay_sinh\n" + rows)
            status, _, err = self.command("ma_ho,khu_pho,ho_ten,ngay_sinh\n" + rows)
        self.assertEqual(
            (result.error_count, len(result.errors), result.unlisted), (2500, 100, 2400)
        )
        self.assertTrue(result.refused)
        self.assertIn("2500 errors", result.summary())
        lines = err.strip().splitlines()
        self.assertEqual(status, 1)
        self.assertEqual(len(lines), 100 + 2)  # the listed errors, how many more, the refusal
        self.assertIn("and 2400 more errors", lines[100])
        self.assertEqual(self.counts(), (0, 0))

    def test_the_web_preview_of_many_bad_rows_lists_a_bounded_number(self) -> None:
        rows = "".join(f"H{n},Khu phố 1,Lý Văn {n},2099\n" for n in range(2500))
        self.login(self.alice)
        with mock.patch("gocua.registry.import_result.MAX_LISTED", 100):
            page = self.client.post(
                reverse("registry:import", args=["L06700"]),
                {
                    "file": SimpleUploadedFile(
                        "x.csv", ("ma_ho,khu_pho,ho_ten,ngay_sinh\n" + rows).encode()
                    ),
                    "as_of": "2023-06-26",
                },
            )
            errors = self.client.get(reverse("registry:import_errors", args=["L06700"]))
        self.assertContains(page, "2500 lỗi")
        self.assertEqual(len(page.context["errors"]), 100)
        self.assertEqual(page.context["more"], 2400)
        lines = errors.content.decode("utf-8-sig").splitlines()
        self.assertEqual(len(lines), 1 + 100 + 1)
        self.assertIn("2400", lines[-1])
        self.assertEqual(self.counts(), (0, 0))
