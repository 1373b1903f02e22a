"""Finding a household: every word of the query matches somewhere (code, address,
neighbourhood, a member's name), in any order, without diacritics, parts of words too; a
household found only through a member who moved out says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gocua.registry import selectors
from gocua.registry.models import Resident
from gocua.registry.tests.test_views import make_household
from gocua.testing import BaseTestCase


class SearchTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_household(
            cls.kp1, "HK-001", "Nguyễn Văn Hùng", "Lê Thị Đào", address="Số 5 ngõ Hạ Long"
        )
        make_household(cls.kp2, "HK-002", "Trần Hùng Nguyên", address="Số 7 đường Trần Phú")
        moved = make_household(cls.kp2, "HK-003", "Phạm Thị Mai", "Đỗ Văn Đức", address="Tổ 3")
        Resident.objects.filter(household=moved, full_name="Đỗ Văn Đức").update(
            moved_out=dt.date(2023, 5, 1)
        )
        make_household(
            cls.units["ward2_kp1"], "HK-004", "Nguyễn Văn Hùng", address="Số 5 ngõ Hạ Long"
        )

    def found(self, query: str) -> list[str]:
        return [h.code for h in selectors.household_search(unit=self.ward, query=query)]

    def test_the_matrix(self) -> None:
        cases = [
            ("", ["HK-001", "HK-002", "HK-003"]),
            ("nguyen hung", ["HK-001", "HK-002"]),  # both words, each anywhere
            ("hung nguyen", ["HK-001", "HK-002"]),  # any order
            ("Nguyễn Văn Hùng", ["HK-001"]),  # with diacritics
            ("NGUYEN   VAN hung", ["HK-001"]),  # case and spaces
            ("nguy hun", ["HK-001", "HK-002"]),  # parts of words
            ("hung ha long", ["HK-001"]),  # a name and the address together
            ("dao so 5", ["HK-001"]),  # another member and the address
            ("hung khu pho 2", ["HK-002"]),  # a name and the neighbourhood
            ("hk-002", ["HK-002"]),  # the code
            ("hk-00 tran phu", ["HK-002"]),
            ("do duc", ["HK-003"]),  # only through a member who moved out
            ("hung xyz", []),  # a word matching nothing refuses the household
            ("đ", ["HK-001", "HK-002", "HK-003"]),  # đ is d: Đào, đường, Đỗ/Đức
        ]
        for query, codes in cases:
            with self.subTest(query=query):
                self.assertEqual(self.found(query), codes)

    def test_a_household_found_through_a_moved_out_member_says_so(self) -> None:
        [household] = selectors.household_search(unit=self.ward, query="duc")
        found: Any = household
        self.assertFalse(found.live_match)
        self.assertEqual([r.full_name for r in found.found_through], ["Đỗ Văn Đức"])
        [household] = selectors.household_search(unit=self.ward, query="mai")
        found = household
        self.assertTrue(found.live_match)  # found through Mai, who lives there
        self.login(self.alice)
        page = self.client.get(reverse("registry:index", args=["L06700"]), {"q": "do van duc"})
        self.assertContains(page, "tìm thấy qua Đỗ Văn Đức (đã chuyển đi)")
        page = self.client.get(reverse("registry:index", args=["L06700"]), {"q": "pham mai"})
        self.assertContains(page, "HK-003")
        self.assertNotContains(page, "đã chuyển đi")

    def test_the_search_stays_in_the_unit(self) -> None:
        self.assertEqual(
            [h.code for h in selectors.household_search(unit=self.kp1, query="hung")], ["HK-001"]
        )
        self.login(self.carol)  # a member of Khu phố 2
        page = self.client.get(reverse("registry:index", args=["L06700.02"]), {"q": "hung"})
        self.assertContains(page, "HK-002")
        self.assertNotContains(page, "HK-001")
        self.assertNotFoundFor(self.carol, reverse("registry:index", args=["L06700.01"]))
        self.assertNotFoundFor(self.charlie, reverse("registry:index", args=["L06700"]))
