"""`gocua demo` writes public passwords and synthetic residents: never into a real install."""

from django.test import SimpleTestCase

from gocua.tests.fresh import FreshDatabase

COUNTS = (
    "from gocua.accounts.models import User; from gocua.orgunits.models import OrgUnit; "
    "from gocua.registry.models import Resident; "
    "print(sorted(User.objects.values_list('username', flat=True)), OrgUnit.objects.count(), "
    "Resident.objects.count())"
)


class DemoGuardTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.db = FreshDatabase()
        self.addCleanup(self.db.close)
        self.assertEqual(self.db.gocua("migrate", "--noinput").returncode, 0)

    def assertRefused(self, *args: str) -> str:
        result = self.db.gocua("demo", *args)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(" / ", lines[0])
        self.assertNotIn("Traceback", result.stderr)
        return lines[0]

    def test_units_or_a_real_administrator_stop_every_run_and_nothing_is_added(self) -> None:
        # Units of a real install, no login yet.
        self.db.python(
            "from gocua.orgunits.services import UnitRow, orgunits_upsert; "
            "orgunits_upsert([UnitRow('T01', 'Tỉnh Thử', 'province', 'tỉnh', None, 'legacy', "
            "'01', None, None)])"
        )
        line = self.assertRefused()
        self.assertIn("1 đơn vị", line)
        self.assertIn("1 units", line)
        self.assertEqual(self.db.python(COUNTS), "[] 1 0")
        # Then its first administrator: refused by name, with or without --reset.
        self.db.env["DJANGO_SUPERUSER_PASSWORD"] = "Tuan-Chau-2023!"
        made = self.db.gocua("createsuperuser", "--noinput", "--username", "root", "--email", "")
        self.assertEqual(made.returncode, 0, made.stderr)
        for args in ((), ("--reset",)):
            line = self.assertRefused(*args)
            self.assertIn("root", line)
            self.assertIn("real accounts", line)
        self.assertEqual(self.db.python(COUNTS), "['root'] 1 0")
