"""Subtree selection is a byte-order range on the path, whatever the database's collation.

``scripts/with-postgres`` creates its server with the Vietnamese ICU collation, where "~" sorts
before letters and case and punctuation are weighed differently: the same counts must come out
there as on SQLite. Expected sets are computed from the paths in Python (prefix test).
"""

from __future__ import annotations

from django.db import connection

from gocua.orgunits.models import Level, OrgUnit, Source
from gocua.orgunits.services import UnitRow, orgunits_upsert
from gocua.registry.models import Household
from gocua.registry.selectors import households_in
from gocua.testing import BaseTestCase

# Codes that a locale-aware order puts in other places than bytes do: case, digits, ".", "-", "_".
TRICKY = ["a", "A-1", "A.1", "A_1", "A1", "Z", "z9", "0"]


class SubtreeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rows = [
            UnitRow(
                f"T{code}",
                f"Tổ {code}",
                Level.NEIGHBOURHOOD,
                "",
                "L06700",
                Source.LOCAL,
                "",
                None,
                None,
            )
            for code in TRICKY
        ] + [
            UnitRow(
                f"U{code}",
                f"Tổ {code}",
                Level.NEIGHBOURHOOD,
                "",
                "L06679",
                Source.LOCAL,
                "",
                None,
                None,
            )
            for code in TRICKY
        ]
        orgunits_upsert(rows)
        neighbourhoods = OrgUnit.objects.filter(level=Level.NEIGHBOURHOOD).select_related("parent")
        for n, unit in enumerate(neighbourhoods):
            assert unit.parent is not None
            Household.objects.create(code=f"H{n:03}", unit=unit, ward=unit.parent, address="")

    def test_it_selects_exactly_the_units_whose_path_starts_with_the_unit_path(self) -> None:
        units = list(OrgUnit.objects.all())
        for unit in units:
            expected = {u.code for u in units if u.path.startswith(unit.path)}
            with self.subTest(unit=unit.code):
                self.assertEqual({u.code for u in OrgUnit.objects.under(unit)}, expected)
                self.assertEqual(
                    {u.code for u in OrgUnit.objects.filter(unit.subtree_q(include_self=False))},
                    expected - {unit.code},
                )

    def test_it_counts_households_through_a_foreign_key(self) -> None:
        # Tuần Châu: KP1, KP2 and the 8 tricky ones; Hùng Thắng: KP1 and its 8; the city both.
        self.assertEqual(households_in(self.ward).count(), 10)
        self.assertEqual(households_in(self.ward2).count(), 9)
        self.assertEqual(households_in(self.units["city"]).count(), 19)
        self.assertEqual(Household.objects.filter(self.kp1.subtree_q("unit")).count(), 1)

    def test_the_path_column_compares_bytes(self) -> None:
        # Ordering by path is the byte order on every database ("~" last, capitals first).
        paths = list(OrgUnit.objects.order_by("path").values_list("path", flat=True))
        self.assertEqual(paths, sorted(paths))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT collation_name FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = 'path'",
                    [OrgUnit._meta.db_table],
                )
                self.assertEqual(cursor.fetchone(), ("C",))
