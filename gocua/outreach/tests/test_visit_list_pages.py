"""The printable visit list of a ward comes a page at a time (one view was 12 s, 18 MB)."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse

from gocua.outreach.tests.helpers import OutreachTestCase, household


class VisitListPagesTestCase(OutreachTestCase):
    def test_the_list_is_paged_and_counts_every_household(self) -> None:
        for n in range(5):
            household(self.kp1, f"H{n}", f"Người Số {n}")
        self.login(self.alice)
        url = reverse("outreach:visits", args=["L06700"])
        with mock.patch("gocua.outreach.views.VISIT_LIST_PAGE", 2):
            first = self.client.get(url, {"year": "2023"})
            last = self.client.get(url, {"year": "2023", "page": "3"})
            beyond = self.client.get(url, {"year": "2023", "page": "99"})
        self.assertContains(first, "5 hộ")
        self.assertContains(first, "Người Số 0")
        self.assertNotContains(first, "Người Số 2")
        self.assertContains(first, "Trang 1/3")
        self.assertContains(first, "page=2")
        self.assertContains(last, "Người Số 4")
        self.assertNotContains(last, "Người Số 0")
        self.assertContains(beyond, "Người Số 4")  # past the end: the last page
