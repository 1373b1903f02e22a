"""Coverage: every stated percent listed as verified, wrong or unverifiable, in the JSON,
the table output and the web page; "nothing could be checked" is never a clean result."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from gocua.checker.checks import check_lines
from gocua.checker.services import letters_check
from gocua.checker.tests.helpers import LETTERS
from gocua.testing import BaseTestCase

CORPUS = LETTERS.parent / "corpus"
PLAN_ONLY = "Tỷ lệ hộ dân sử dụng dịch vụ công trực tuyến đạt 45%; đạt 112,4% kế hoạch năm."
MIXED = (
    "Tỷ lệ hồ sơ trực tuyến đạt 45,6% (912/2.000 hồ sơ); tỷ lệ định danh điện tử đạt "
    "104%; thanh toán không dùng tiền mặt tăng 3,1% so với cùng kỳ; 1.204 cụm loa/1.310 "
    "thôn, đạt tỷ lệ 91,2%."
)


class CoverageTestCase(SimpleTestCase):
    def test_every_stated_percent_has_a_status(self) -> None:
        coverage = check_lines([MIXED], file="m.txt").as_json()["coverage"]
        statuses = {p["value"]: (p["status"], p["reason"]) for p in coverage["percents"]}
        self.assertEqual(
            statuses,
            {
                45.6: ("verified", None),
                104: ("wrong", None),  # a share above 100%
                3.1: ("unverifiable", "relative"),
                91.2: ("wrong", None),  # 1.204/1.310 = 91,91%
            },
        )
        self.assertEqual(
            {k: coverage[k] for k in ("percents_stated", "verified", "wrong", "unverifiable")},
            {"percents_stated": 4, "verified": 1, "wrong": 2, "unverifiable": 1},
        )
        self.assertFalse(coverage["nothing_checked"])

    def test_percents_alone_are_not_a_clean_result(self) -> None:
        result = check_lines([PLAN_ONLY], file="p.txt")
        self.assertEqual(result.errors, [])
        coverage = result.as_json()["coverage"]
        self.assertTrue(coverage["nothing_checked"])
        self.assertEqual((coverage["verified"], coverage["unverifiable"]), (0, 2))

    def test_the_table_output_lists_the_percents_and_says_nothing_was_checked(self) -> None:
        out = StringIO()
        call_command("check_report", str(CORPUS / "38_unverifiable.txt"), stdout=out)
        text = out.getvalue()
        self.assertIn("không kiểm tra được / unverifiable", text)
        self.assertIn("1 đã nêu, 0 đúng, 0 sai, 1 không kiểm tra được", text)
        self.assertIn("nothing could be checked", text)
        self.assertNotIn("nothing wrong found", text)
        out = StringIO()
        call_command("check_report", str(CORPUS / "01_slash_words.txt"), stdout=out)
        self.assertIn("đúng / verified", out.getvalue())
        self.assertNotIn("nothing could be checked", out.getvalue())

    def test_the_json_keeps_the_contract_and_adds_the_coverage(self) -> None:
        out = StringIO()
        call_command(
            "check_report", str(CORPUS / "02_slash_words_wrong.txt"), "--format", "json", stdout=out
        )
        data = json.loads(out.getvalue())
        self.assertEqual(
            {k: data["figures"][0][k] for k in ("numerator", "denominator", "stated_percent")},
            {"numerator": 842, "denominator": 1015, "stated_percent": 82.7},
        )
        self.assertEqual(data["coverage"]["wrong"], 1)
        self.assertEqual(data["coverage"]["percents"][0]["status"], "wrong")


class CoveragePageTestCase(BaseTestCase):
    def test_the_batch_page_never_shows_nothing_checked_as_clean(self) -> None:
        batch = letters_check(
            scope=self.units["city"],
            files=[("plan.txt", PLAN_ONLY.encode())],
            user=self.dave,
        )
        url = reverse("checker:batch", args=[batch.pk])
        self.login(self.dave)
        page = self.client.get(url)
        self.assertContains(page, 'data-testid="nothing-checked"')
        self.assertContains(page, "không kiểm tra được số liệu nào")
        self.assertContains(page, "Đây không phải là kết quả “không có sai sót”")
        self.assertNotContains(page, 'class="badge ok"')
        self.assertContains(page, "không kiểm tra được: so với kế hoạch")

    def test_the_batch_page_lists_the_coverage_of_a_checked_letter(self) -> None:
        batch = letters_check(
            scope=self.units["city"], files=[("mixed.txt", MIXED.encode())], user=self.dave
        )
        self.login(self.dave)
        page = self.client.get(reverse("checker:batch", args=[batch.pk]))
        self.assertContains(page, "1 đúng, 2 sai trong 4")
        self.assertNotContains(page, 'data-testid="nothing-checked"')

    def test_an_officer_of_another_ward_gets_404(self) -> None:
        batch = letters_check(
            scope=self.units["city"], files=[("plan.txt", PLAN_ONLY.encode())], user=self.dave
        )
        self.login(self.charlie)  # an officer of another ward
        self.assertEqual(
            self.client.get(reverse("checker:batch", args=[batch.pk])).status_code, 404
        )
