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
