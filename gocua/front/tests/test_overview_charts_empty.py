"""An overview with no figure yet: the charts say so in words, not with empty axes."""

from __future__ import annotations

from gocua.testing import BaseTestCase


class EmptyChartsTestCase(BaseTestCase):
    def test_it_says_there_is_no_figure_instead_of_drawing_empty_axes(self) -> None:
        self.login(self.alice)
        response = self.client.get("/u/L06700/?as_of=2024-03-31")
        self.assertContains(response, 'data-testid="trend"')
        self.assertContains(response, "Chưa có số liệu trong 12 tháng này")
        self.assertContains(response, "Các đơn vị trực thuộc chưa có số liệu đến ngày này.")
        self.assertNotContains(response, 'class="chart trend"')
