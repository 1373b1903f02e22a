"""The seed-shaped letter built from plain inputs."""

import dataclasses
import datetime as dt

from django.test import SimpleTestCase

from gocua.lib.errors import Problem
from gocua.reports.letters import (
    IndicatorFigure,
    compose_report_letter,
    legal_basis_texts,
)
from gocua.reports.letters.examples import seed_content
from gocua.reports.letters.model import BlockKind, Image, Paragraph, Signature, SigningPrefix
from gocua.reports.tests.helpers import seed_letter


def texts(letter: object) -> list[str]:
    return [block.text for block in letter.body if isinstance(block, Paragraph)]  # type: ignore[attr-defined]


class ComposeTestCase(SimpleTestCase):
    def test_it_builds_the_seeds_header(self) -> None:
        header = seed_letter().header
        self.assertEqual(header.parent_authority, "UBND thành phố Hạ Long")
        self.assertEqual(header.authority, "Ủy ban nhân dân phường Tuần Châu")
        self.assertEqual(header.number_line, "Số: 297/UBND-VHTT")
        self.assertEqual(header.place_line, "Tuần Châu, ngày 26 tháng 6 năm 2023")
        self.assertEqual(
            header.summary_line,
            "V/v báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên địa "
            "bàn phường Tuần Châu",
        )

    def test_it_follows_the_seeds_order(self) -> None:
        body = texts(seed_letter())
        self.assertTrue(body[0].startswith("Thực hiện Công văn số 389/UBND-VHTT ngày 26/6/2023"))
        self.assertTrue(body[0].endswith("; UBND phường Tuần Châu báo cáo như sau:"))
        order = [
            "1. Kết quả công tác tuyên truyền, hướng dẫn người dân, gồm:",
            "- Thực hiện Kế hoạch số 48/UBND ngày 10/3/2023",
            "- UBND phường đã ban hành Quyết định số 235/QĐ-UBND ngày 01/4/2022",
            "- Các Quyết định số 237, 238, 239, 240, 241/QĐ-UBND ngày 04/4/2022",
            "- Tổ Công nghệ số cộng đồng phường Tuần Châu đã tổ chức 35 buổi tuyên truyền "
            "thông qua cuộc họp (13 buổi), hội nghị (3 buổi)",
            "- Tổ Công nghệ số cộng đồng phường Tuần Châu đã hướng dẫn 1.246.000 người dân",
            "2. Kết quả thực hiện các mục tiêu, chỉ tiêu:",
            "- Số lượng người dân từ 14 tuổi trở lên",
            "* Các hoạt động, những bài học kinh nghiệm và cách làm hay",
            "3. Những khó khăn, vướng mắc, kiến nghị, đề xuất",
            "* Khó khăn, vướng mắc",
            "* Kiến nghị, đề xuất",
        ]
        positions = [next(i for i, t in enumerate(body) if t.startswith(s)) for s in order]
        self.assertEqual(positions, sorted(positions))
        self.assertTrue(any(t.endswith("Tỷ lệ 1.328/1.929 (đạt 68,84%);") for t in body))
        self.assertTrue(any(t.endswith("Tỷ lệ 1.412/2.525 (đạt 55,92%);") for t in body))
        self.assertTrue(any(t.endswith("Tỷ lệ 2.525/2.525 (đạt 100%).") for t in body))

    def test_it_closes_naming_the_recipients(self) -> None:
        letter = seed_letter()
        self.assertEqual(
            letter.closing,
            "UBND phường Tuần Châu báo cáo UBND thành phố Hạ Long, Phòng Văn hoá - Thông tin "
            "thành phố biết, tổng hợp./.",
        )
        self.assertEqual(
            letter.distribution, ("Như trên", "TT. Đảng ủy, HĐND, UBND phường", "Lưu: VT")
        )
        self.assertEqual(letter.signature.lines, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])

    def test_it_marks_headings_bold_and_lessons_lead_in_part(self) -> None:
        letter = seed_letter()
        headings = [b for b in letter.body if getattr(b, "kind", None) == BlockKind.HEADING]
        self.assertEqual(len(headings), 5)
        lead = next(
            b for b in letter.body if isinstance(b, Paragraph) and b.text.startswith("* Các")
        )
        self.assertTrue(lead.runs[0].bold)
        self.assertFalse(lead.runs[1].bold)

    def test_it_adds_the_chart_after_the_indicator_lines(self) -> None:
        body = seed_letter().body
        index = next(i for i, b in enumerate(body) if isinstance(b, Image))
        self.assertTrue(body[index - 1].text.endswith("(đạt 100%)."))  # type: ignore[union-attr]
        image = body[index]
        assert isinstance(image, Image)
        self.assertTrue(image.png.startswith(b"\x89PNG"))
        self.assertIn("theo khu phố", image.caption)
        self.assertFalse(any(isinstance(b, Image) for b in seed_letter(with_chart=False).body))

    def test_it_makes_each_typed_line_a_bullet(self) -> None:
        content = dataclasses.replace(
            seed_content(), lessons=["Dòng một\n\n- Dòng hai\n  "], difficulties=[], proposals=[]
        )
        body = texts(compose_report_letter(content))
        self.assertIn("- Dòng một", body)
        self.assertIn("- Dòng hai", body)
        self.assertFalse(any(t.startswith("3. ") for t in body))

    def test_it_reports_without_a_request_or_indicators(self) -> None:
        content = dataclasses.replace(seed_content(), request=None, indicators=())
        body = texts(compose_report_letter(content))
        self.assertEqual(
            body[0],
            "UBND phường Tuần Châu báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số "
            "cộng đồng trên địa bàn phường Tuần Châu như sau:",
        )
        self.assertFalse(any(t.startswith("2. ") for t in body))

    def test_it_takes_the_legal_basis_from_citations(self) -> None:
        @dataclasses.dataclass
        class Citation:
            kind: str
            text: str

        plans, decisions = legal_basis_texts(
            [Citation("plan", "Kế hoạch số 48/UBND"), Citation("decision", "Quyết định số 235")]
        )
        self.assertEqual((plans, decisions), (["Kế hoạch số 48/UBND"], ["Quyết định số 235"]))

    def test_it_writes_an_unknown_indicator_by_its_name(self) -> None:
        content = dataclasses.replace(
            seed_content(),
            indicators=[IndicatorFigure("x", 1, 4, name="Số hộ dùng ví điện tử")],
            day=dt.date(2024, 1, 5),
        )
        letter = compose_report_letter(content)
        self.assertIn("- Số hộ dùng ví điện tử. Tỷ lệ 1/4 (đạt 25%).", texts(letter))
        self.assertEqual(letter.header.place_line, "Tuần Châu, ngày 05 tháng 01 năm 2024")

    def test_it_refuses_a_letter_nobody_can_sign_or_receive(self) -> None:
        for signature, en in [
            (Signature(name="  "), "no signer is set for the letters of Phường Tuần Châu"),
            (Signature(name="A", title=""), "lacks the head's title"),
            (Signature(name="A", prefix=SigningPrefix.KT), "needs the signer's own title"),
        ]:
            with self.assertRaises(Problem) as caught:
                compose_report_letter(dataclasses.replace(seed_content(), signature=signature))
            self.assertIn(en, caught.exception.en)
            self.assertTrue(caught.exception.vi)
        with self.assertRaises(Problem) as caught:
            compose_report_letter(dataclasses.replace(seed_content(), recipients=[" - ;"]))
        self.assertIn("Kính gửi", caught.exception.vi)
        deputy = Signature(name="A", prefix=SigningPrefix.KT, signer_title="Phó Chủ tịch")
        letter = compose_report_letter(dataclasses.replace(seed_content(), signature=deputy))
        self.assertEqual(
            letter.signature.lines, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        )
