"""The chart of indicators by neighbourhood."""

from __future__ import annotations

import io
import socket
from unittest import mock

from django.test import SimpleTestCase

from gocua.reports.letters import ChartSeries, indicator_chart_png
from gocua.reports.letters.chart import COLOURS, bar_label
from gocua.reports.letters.fonts import font_path


class ChartTestCase(SimpleTestCase):
    def test_it_draws_a_png_of_the_asked_size_without_the_network(self) -> None:
        from PIL import Image

        def no_network(*args: object, **kwargs: object) -> None:
            raise AssertionError("the chart must not touch the network")

        with mock.patch.object(socket, "socket", no_network):
            png = indicator_chart_png(
                groups=["Khu phố 1", "Khu phố 2", "Khu phố 3"],
                series=[
                    ChartSeries("Định danh điện tử mức 1, 2", [68.84, 55.0, None]),
                    ChartSeries("Hộ có kỹ năng số", [100.0, 97.5, 12.25]),
                ],
                title="Tỷ lệ đạt theo khu phố",
                width_mm=160,
                height_mm=95,
                dpi=100,
            )
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        with Image.open(io.BytesIO(png)) as image:
            self.assertAlmostEqual(image.width, 160 / 25.4 * 100, delta=2)
            self.assertAlmostEqual(image.height, 95 / 25.4 * 100, delta=2)
            counted = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert counted is not None
        colours = {colour for _, colour in counted}
        for hex_colour in COLOURS[:2]:
            rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
            self.assertIn(rgb, colours)

    def test_it_uses_liberation_2_which_covers_vietnamese(self) -> None:
        from fontTools.ttLib import TTFont

        path = font_path("Sans")
        self.assertIn("liberation2", str(path))
        cmap = TTFont(str(path)).getBestCmap()
        for letter in "ĐđệữỗẢỷ":
            self.assertIn(ord(letter), cmap, letter)

    def test_it_labels_bars_the_vietnamese_way(self) -> None:
        self.assertEqual(bar_label(68.84), "68,8")
        self.assertEqual(bar_label(55.95), "56")
        self.assertEqual(bar_label(100.0), "100")
        self.assertEqual(bar_label(0.05), "0,1")

    def test_it_draws_an_empty_chart_without_failing(self) -> None:
        png = indicator_chart_png(groups=[], series=[], dpi=50)
        self.assertTrue(png.startswith(b"\x89PNG"))
