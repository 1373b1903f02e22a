"""Our own letters, read back by the report checker as a city would read them: every
figure found and right, the number and date in the Decree's form."""

from __future__ import annotations

from django.test import SimpleTestCase

from gocua.checker.checks import check_letter
from gocua.reports.tests.helpers import seed_docx, seed_pdf

# What remains is the seed's own data (1,246,000 guided, 2,525 aged 18+ above 1,929
# aged 14+, as many households as residents): the letter states it, the checker flags it.
SEED_DATA_FINDINGS = {
    "guided_above_population",
    "population_contradiction",
    "households_equal_residents",
}


class ReadBackTestCase(SimpleTestCase):
    def test_it_reads_the_word_and_pdf_letters_without_a_form_finding(self) -> None:
        for name, data in (("r.docx", seed_docx()), ("r.pdf", seed_pdf())):
            result = check_letter(name, data)
            self.assertEqual({f.code for f in result.findings}, SEED_DATA_FINDINGS, name)
            figures = {f.indicator: f for f in result.reading.figures}
            self.assertEqual(len(figures), 6, name)
            self.assertEqual(
                (figures["eid"].numerator, figures["eid"].denominator), (1328, 1929), name
            )
            self.assertEqual(str(figures["cashless"].stated_percent), "55.92", name)
            self.assertEqual(result.reading.facts.number, "297/UBND-VHTT", name)

    def test_the_pdf_gives_the_place_and_date_line_as_the_word_file_does(self) -> None:
        word = check_letter("r.docx", seed_docx()).reading.facts
        pdf = check_letter("r.pdf", seed_pdf()).reading.facts
        self.assertEqual(pdf.date_text, "Tuần Châu, ngày 26 tháng 6 năm 2023")
        self.assertEqual(
            (pdf.date_text, pdf.place, pdf.date, pdf.number),
            (word.date_text, word.place, word.date, word.number),
        )
