"""Whatever the text, the checker answers with findings or a Problem, never a traceback."""

from __future__ import annotations

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from gocua.checker.checks import check_letter
from gocua.lib.errors import Problem

PIECES = st.sampled_from(
    [
        "Tỷ lệ ",
        "1.328",
        "/",
        "1.929",
        " (đạt ",
        "68,84",
        "%)",
        " người",
        " hộ",
        " trên tổng số ",
        "ngày ",
        " tháng ",
        " năm ",
        "2023",
        "Số: ",
        "UBND phường ",
        "Tuần Châu",
        ", ",
        "; ",
        ". ",
        "\n",
        "|",
        " 14 tuổi",
        " 18 tuổi",
        "hướng dẫn ",
        "0",
        "00",
        "buổi",
        "Khu phố 1",
        "Tổng cộng",
        "ỦY BAN NHÂN DÂN",
        "-",
        "=",
    ]
)


class RobustnessTestCase(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(st.lists(PIECES | st.text(max_size=6), max_size=60))
    def test_it_never_breaks(self, pieces: list[str]) -> None:
        data = "".join(pieces).encode("utf-8", errors="ignore")
        for name in ("letter.txt", "letter.md"):
            try:
                result = check_letter(name, data)
            except Problem:
                continue
            for finding in result.findings:
                self.assertIn(finding.severity, ("error", "warning"))
            result.as_json()
