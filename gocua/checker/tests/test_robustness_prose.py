"""The wordings of real letters, shuffled: the checker answers with findings, a coverage
that adds up, or a Problem, never a traceback."""

from __future__ import annotations

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from gocua.checker.checks import check_letter
from gocua.lib.errors import Problem

PIECES = st.sampled_from(
    [
        "1.204",
        " cụm loa",
        "/",
        "1.310",
        " thôn, bản",
        ", đạt tỷ lệ ",
        "91,9",
        "%",
        " trong đó có ",
        " trong số ",
        " còn ",
        " chưa có",
        ", chiếm ",
        " gồm: ",
        " và ",
        "Tổng số ",
        " hộ",
        " người",
        ": ",
        "; ",
        ". ",
        "\n",
        "\t",
        "|",
        " xếp thứ ",
        "/100 dân",
        " kế hoạch",
        " tăng ",
        " so với ",
        " tương đương ",
        " trên tổng số ",
        "(",
        ")",
        "0",
        "100",
    ]
)


class ProseRobustnessTestCase(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(st.lists(PIECES | st.text(max_size=4), max_size=60))
    def test_it_never_breaks_and_its_coverage_adds_up(self, pieces: list[str]) -> None:
        data = "".join(pieces).encode("utf-8", errors="ignore")
        try:
            result = check_letter("letter.txt", data)
        except Problem:
            return
        coverage = result.as_json()["coverage"]
        self.assertEqual(
            coverage["percents_stated"],
            coverage["verified"] + coverage["wrong"] + coverage["unverifiable"],
        )
        self.assertEqual(len(coverage["percents"]), coverage["percents_stated"])
