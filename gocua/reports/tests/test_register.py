"""The register of outgoing letters: the year's next number, never twice."""

from __future__ import annotations

import threading
from unittest import mock

from django.db import connection, connections
from django.db.models import QuerySet
from django.test import TransactionTestCase, skipUnlessDBFeature

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.reports.models import IssuedNumber
from gocua.reports.selectors import issued_number_find, issued_numbers
from gocua.reports.services import letter_number_issue, letter_number_reserve
from gocua.testing import BaseTestCase, make_hierarchy


class RegisterTestCase(BaseTestCase):
    def test_it_issues_the_years_numbers_one_after_another_with_leading_zeros(self) -> None:
        numbers = [
            letter_number_issue(unit=self.ward, year=2024, symbol="UBND-VHTT", user=self.alice)
            for _ in range(10)
        ]
        self.assertEqual([n.sequence for n in numbers], list(range(1, 11)))
        self.assertEqual(numbers[4].text, "05/UBND-VHTT")
        self.assertEqual(numbers[9].text, "10/UBND-VHTT")
        self.assertEqual(numbers[0].issued_by, self.alice)
        self.assertFalse(numbers[0].reserved)
        self.assertEqual(
            AuditEvent.objects.filter(action="reports.letter_number.issue").count(), 10
        )

    def test_it_counts_each_unit_and_each_year_apart(self) -> None:
        letter_number_issue(unit=self.ward, year=2023, symbol="UBND-VHTT")
        letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        self.assertEqual(
            letter_number_issue(unit=self.ward, year=2024, symbol="UBND-VHTT").text,
            "01/UBND-VHTT",
        )
        self.assertEqual(
            letter_number_issue(unit=self.ward2, year=2023, symbol="UBND-VHTT").text,
            "01/UBND-VHTT",
        )
        third = letter_number_issue(unit=self.ward, year=2023, symbol="UBND-VHTT")
        self.assertEqual(third.text, "03/UBND-VHTT")

    def test_it_reserves_an_explicit_number_and_continues_after_it(self) -> None:
        seed = letter_number_reserve(
            unit=self.ward, year=2023, sequence=297, symbol="ubnd – vhtt", subject="Báo cáo"
        )
        self.assertEqual((seed.text, seed.reserved), ("297/UBND-VHTT", True))
        following = letter_number_issue(unit=self.ward, year=2023, symbol="UBND-VHTT")
        self.assertEqual(following.text, "298/UBND-VHTT")
        self.assertEqual(issued_number_find(unit=self.ward, year=2023, sequence=297), seed)
        self.assertEqual(list(issued_numbers(unit=self.ward)), [following, seed])

    def test_it_refuses_to_reserve_a_number_already_issued(self) -> None:
        letter_number_reserve(unit=self.ward, year=2023, sequence=297, symbol="UBND-VHTT")
        with self.assertRaises(Problem) as caught:
            letter_number_reserve(unit=self.ward, year=2023, sequence=297, symbol="UBND")
        self.assertIn("297/UBND-VHTT", caught.exception.vi)
        self.assertIn("đã được cấp", caught.exception.vi)
        self.assertIn("has already been issued", caught.exception.en)
        issued = letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        with self.assertRaises(Problem):
            letter_number_reserve(unit=self.ward, year=2023, sequence=issued.sequence, symbol="X")
        # Another year or another unit may use it.
        letter_number_reserve(unit=self.ward, year=2022, sequence=297, symbol="UBND-VHTT")
        letter_number_reserve(unit=self.ward2, year=2023, sequence=297, symbol="UBND-VHTT")
        self.assertEqual(IssuedNumber.objects.filter(sequence=297).count(), 3)

    def test_it_refuses_bad_symbols_years_and_numbers(self) -> None:
        for symbol in ["", "UBND/VHTT", "UBND VHTT", "-UBND", "<b>"]:
            with self.assertRaises(Problem, msg=symbol):
                letter_number_issue(unit=self.ward, year=2023, symbol=symbol)
        with self.assertRaises(Problem):
            letter_number_issue(unit=self.ward, year=23, symbol="UBND")
        for sequence in [0, -1, 100_000]:
            with self.assertRaises(Problem, msg=sequence):
                letter_number_reserve(unit=self.ward, year=2023, sequence=sequence, symbol="UBND")
        self.assertFalse(IssuedNumber.objects.exists())

    def test_it_takes_the_next_number_when_another_officer_took_ours(self) -> None:
        letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        real = IssuedNumber.objects.filter
        reads: list[int] = []

        def stale_once(*args: object, **kwargs: object) -> QuerySet[IssuedNumber]:
            # Our first read of the year's highest number predates another officer's
            # number 1, as in a race; the insert then meets that number.
            reads.append(1)
            found = real(*args, **kwargs)
            return found.none() if len(reads) == 1 else found

        with mock.patch.object(IssuedNumber.objects, "filter", side_effect=stale_once):
            number = letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        self.assertEqual(len(reads), 2)
        self.assertEqual(number.text, "02/UBND")
        self.assertEqual(sorted(IssuedNumber.objects.values_list("sequence", flat=True)), [1, 2])

    def test_it_gives_up_clearly_when_the_number_stays_taken(self) -> None:
        letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        with mock.patch.object(IssuedNumber.objects, "filter") as always_stale:
            always_stale.return_value.aggregate.return_value = {"highest": 0}
            with self.assertRaises(Problem) as caught:
                letter_number_issue(unit=self.ward, year=2023, symbol="UBND")
        self.assertIn("try again", caught.exception.en)
        self.assertEqual(always_stale.call_count, 5)
        self.assertEqual(IssuedNumber.objects.count(), 1)


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentRegisterTestCase(TransactionTestCase):
    """Real concurrent officers, each on its own connection (PostgreSQL)."""

    def test_it_never_issues_a_number_twice(self) -> None:
        units = make_hierarchy()
        ward = units["ward"]
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def officer() -> None:
            try:
                barrier.wait()
                for _ in range(5):
                    letter_number_issue(unit=ward, year=2025, symbol="UBND-VHTT")
            except BaseException as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=officer) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        sequences = list(
            IssuedNumber.objects.filter(unit=ward, year=2025).values_list("sequence", flat=True)
        )
        self.assertEqual(sorted(sequences), list(range(1, 41)))
        self.assertEqual(connection.vendor, "postgresql")
