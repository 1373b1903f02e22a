import unicodedata

from django.test import SimpleTestCase

from gocua.lib.text import fold


class FoldTestCase(SimpleTestCase):
    def test_it_drops_diacritics_and_case(self) -> None:
        self.assertEqual(fold("Phường Tuần Châu"), "phuong tuan chau")
        self.assertEqual(fold("ĐẠI YÊN"), "dai yen")
        self.assertEqual(fold("  Hạ   Long "), "ha long")

    def test_it_folds_decomposed_input_the_same(self) -> None:
        decomposed = unicodedata.normalize("NFD", "Quảng Ninh")
        self.assertEqual(fold(decomposed), "quang ninh")


class CleanTextTestCase(SimpleTestCase):
    def test_it_removes_zero_width_and_direction_characters(self) -> None:
        from gocua.lib.text import clean_text

        typed = "Nguy\u200bễn\u00a0 Văn\u202e \u2066An\u2069\ufeff\x00"
        self.assertEqual(clean_text(typed), "Nguyễn Văn An")
        self.assertEqual(fold(typed), "nguyen van an")
        decomposed = unicodedata.normalize("NFD", "Trần Thị Bình")
        self.assertEqual(clean_text(decomposed), "Trần Thị Bình")

    def test_the_list_is_every_invisible_character_of_unicodedata(self) -> None:
        import sys

        from gocua.lib.text import INVISIBLE

        for code in range(sys.maxunicode + 1):
            char = chr(code)
            expected = unicodedata.category(char) in ("Cf", "Cc") and not char.isspace()
            self.assertEqual(bool(INVISIBLE.match(char)), expected, hex(code))
