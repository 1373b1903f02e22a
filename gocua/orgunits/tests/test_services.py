from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.services import orgunit_add
from gocua.testing import BaseTestCase


class OrgUnitAddTestCase(BaseTestCase):
    def test_it_adds_a_neighbourhood_with_the_next_code(self) -> None:
        unit = orgunit_add(name="Khu phố 3", parent=self.ward)
        self.assertEqual(unit.code, "L06700.03")
        self.assertEqual(unit.level, Level.NEIGHBOURHOOD)
        self.assertEqual(unit.path, "/L22/L193/L06700/L06700.03/")
        self.assertIn(unit, OrgUnit.objects.under(self.ward))

    def test_it_adds_a_missing_ward_under_a_city(self) -> None:
        unit = orgunit_add(name="Phường Mới", parent=self.units["city"], code="X001")
        self.assertEqual(unit.level, Level.COMMUNE)
        self.assertEqual(unit.short_name, "Mới")

    def test_it_refuses_a_duplicate_name_under_the_same_parent(self) -> None:
        with self.assertRaises(Problem) as caught:
            orgunit_add(name="khu pho 1", parent=self.ward)
        self.assertIn("L06700.01", str(caught.exception))

    def test_it_refuses_a_used_code_and_a_bad_code(self) -> None:
        with self.assertRaises(Problem):
            orgunit_add(name="Khu phố 9", parent=self.ward, code="L06700.01")
        with self.assertRaises(Problem) as caught:
            orgunit_add(name="Khu phố 9", parent=self.ward, code="a/b")
        self.assertIn(" / ", str(caught.exception))
        self.assertFalse(OrgUnit.objects.filter(name="Khu phố 9").exists())

    def test_it_refuses_a_level_above_its_parent(self) -> None:
        with self.assertRaises(Problem):
            orgunit_add(name="Tỉnh Lạ", parent=self.ward, level=Level.PROVINCE)
        with self.assertRaises(Problem):
            orgunit_add(name="Tổ 1", parent=self.kp1)

    def test_subtree_is_one_query_and_excludes_siblings(self) -> None:
        with self.assertNumQueries(1):
            codes = list(OrgUnit.objects.under(self.ward).values_list("code", flat=True))
        self.assertEqual(codes, ["L06700", "L06700.01", "L06700.02"])
        self.assertNotIn("L06679.01", codes)
