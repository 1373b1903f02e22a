import json
from io import StringIO

from django.core.management import call_command

from gocua.lib.errors import UsageProblem
from gocua.orgunits.models import OrgUnit
from gocua.testing import BaseTestCase


class UnitsCommandTestCase(BaseTestCase):
    def run_units(self, *args: str) -> str:
        out = StringIO()
        call_command("units", *args, stdout=out)
        return out.getvalue()

    def test_it_lists_the_wards_of_a_city_as_json(self) -> None:
        rows = json.loads(self.run_units("list", "--under", "Hạ Long", "--format", "json"))
        self.assertEqual({r["code"] for r in rows}, {"L06700", "L06679"})
        self.assertEqual({r["level"] for r in rows}, {"commune"})
        self.assertEqual(rows[0]["parent"], "L193")

    def test_it_lists_all_levels_with_depth_zero(self) -> None:
        rows = json.loads(
            self.run_units("list", "--under", "ha long", "--depth", "0", "--format", "json")
        )
        self.assertEqual(len(rows), 5)

    def test_it_prints_a_table(self) -> None:
        text = self.run_units("list", "--under", "tuan chau")
        self.assertIn("L06700.01", text)
        self.assertIn("Khu phố 2", text)

    def test_it_adds_a_unit_and_prints_its_code(self) -> None:
        code = self.run_units("add", "Khu phố 7", "--parent", "tuan chau").strip()
        self.assertEqual(OrgUnit.objects.get(code=code).name, "Khu phố 7")

    def test_an_unknown_parent_is_refused(self) -> None:
        with self.assertRaises(UsageProblem):
            self.run_units("add", "Khu phố 7", "--parent", "nowhere")
