"""The texts of a letter written the Decree 30 way."""

import datetime as dt
import unicodedata

from django.test import SimpleTestCase

from gocua.reports.letters.compose import IndicatorFigure, in_sentence, indicator_line
from gocua.reports.letters.model import Signature, SigningPrefix, bullet
from gocua.reports.letters.texts import (
    authority_lines,
    committee,
    letter_number,
    listed,
    place_and_date,
    printable,
    single_recipient,
    upper_vi,
)


class TextsTestCase(SimpleTestCase):
    def test_it_writes_numbers_with_a_leading_zero_below_ten(self) -> None:
        self.assertEqual(letter_number(297, "UBND-VHTT"), "297/UBND-VHTT")
        self.assertEqual(letter_number(5, "UBND-VHTT"), "05/UBND-VHTT")
        self.assertEqual(letter_number(10, "UBND"), "10/UBND")

    def test_it_writes_the_place_and_date_line(self) -> None:
        self.assertEqual(
            place_and_date("Tuần Châu", dt.date(2023, 6, 26)),
            "Tuần Châu, ngày 26 tháng 6 năm 2023",
        )
        self.assertEqual(
            place_and_date("Hạ Long", dt.date(2022, 2, 5)), "Hạ Long, ngày 05 tháng 02 năm 2022"
        )

    def test_it_upper_cases_vietnamese_whole(self) -> None:
        self.assertEqual(
            upper_vi("Ủy ban nhân dân phường Tuần Châu"), "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU"
        )
        self.assertEqual(upper_vi("UBND thành phố Hạ Long"), "UBND THÀNH PHỐ HẠ LONG")
        decomposed = unicodedata.normalize("NFD", "đường Hạ Long")
        self.assertEqual(upper_vi(decomposed), "ĐƯỜNG HẠ LONG")
        self.assertTrue(unicodedata.is_normalized("NFC", upper_vi(decomposed)))

    def test_it_names_the_committee_of_a_unit(self) -> None:
        self.assertEqual(committee("Phường Tuần Châu"), "Ủy ban nhân dân phường Tuần Châu")
        self.assertEqual(committee("Thành phố Hạ Long", short=True), "UBND thành phố Hạ Long")

    def test_it_punctuates_lists_the_decree_way(self) -> None:
        self.assertEqual(
            listed(["UBND thành phố Hạ Long", "- Phòng Văn hoá - Thông tin thành phố;"]),
            ["- UBND thành phố Hạ Long;", "- Phòng Văn hoá - Thông tin thành phố."],
        )
        self.assertEqual(listed(["Như trên", "", "Lưu: VT."]), ["- Như trên;", "- Lưu: VT."])
        self.assertEqual(single_recipient("UBND thành phố Hạ Long;"), "UBND thành phố Hạ Long.")

    def test_it_breaks_the_authority_where_a_header_does(self) -> None:
        self.assertEqual(
            authority_lines("ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU"),
            ["ỦY BAN NHÂN DÂN", "PHƯỜNG TUẦN CHÂU"],
        )
        self.assertEqual(authority_lines("UBND PHƯỜNG A"), ["UBND PHƯỜNG A"])
        lines = authority_lines("PHÒNG VĂN HÓA VÀ THÔNG TIN THÀNH PHỐ HẠ LONG")
        self.assertGreater(len(lines), 1)
        self.assertTrue(all(len(line) <= 26 for line in lines), lines)
        self.assertEqual(" ".join(lines), "PHÒNG VĂN HÓA VÀ THÔNG TIN THÀNH PHỐ HẠ LONG")

    def test_it_removes_what_word_cannot_hold(self) -> None:
        self.assertEqual(printable("a\x00b\x0bc\ud800d\ufffee\x7f"), "abcde")
        self.assertEqual(printable("dòng\tmột\ndòng hai"), "dòng\tmột\ndòng hai")
        self.assertEqual(printable(unicodedata.normalize("NFD", "Hạ")), "Hạ")

    def test_it_writes_indicator_lines_in_the_seeds_words(self) -> None:
        self.assertEqual(
            indicator_line(IndicatorFigure("eid", 1328, 1929)),
            "Số lượng người dân từ 14 tuổi trở lên trên địa bàn được cấp, kích hoạt tài khoản "
            "định danh điện tử mức độ 1, 2. Tỷ lệ 1.328/1.929 (đạt 68,84%)",
        )
        self.assertTrue(
            indicator_line(IndicatorFigure("cashless", 1412, 2525)).endswith(
                "Tỷ lệ 1.412/2.525 (đạt 55,92%)"
            )
        )
        self.assertEqual(
            indicator_line(IndicatorFigure("new", 3, 0, name="Chỉ tiêu mới.")),
            "Chỉ tiêu mới. Tỷ lệ 3/0",
        )

    def test_it_puts_names_inside_a_sentence(self) -> None:
        self.assertEqual(in_sentence("Cuộc họp"), "cuộc họp")
        self.assertEqual(in_sentence("Cổng thông tin điện tử"), "cổng thông tin điện tử")
        self.assertEqual(in_sentence("Cổng Dịch vụ công quốc gia"), "Cổng Dịch vụ công quốc gia")
        self.assertEqual(in_sentence("Zalo"), "Zalo")
        self.assertEqual(in_sentence("VNeID"), "VNeID")

    def test_it_writes_the_signature_block_for_each_way_of_signing(self) -> None:
        self.assertEqual(
            Signature(name="Nguyễn Song Giang").lines, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        )
        self.assertEqual(
            Signature(name="A", prefix=SigningPrefix.KT, signer_title="Phó Chủ tịch").lines,
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        )
        self.assertEqual(
            Signature(name="A", prefix=SigningPrefix.Q).lines,
            ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"],
        )
        self.assertEqual(
            Signature(
                name="A",
                collective="",
                title="Chủ tịch",
                prefix=SigningPrefix.TL,
                signer_title="Chánh Văn phòng",
            ).lines,
            ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
        )

    def test_it_adds_one_dash_to_a_bullet(self) -> None:
        self.assertEqual(bullet("Một ý").text, "- Một ý")
        self.assertEqual(bullet("- Một ý").text, "- Một ý")
