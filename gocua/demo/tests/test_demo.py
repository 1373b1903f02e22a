from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from gocua.accounts.models import Role, User
from gocua.orgunits.models import OrgUnit


class DemoTestCase(TestCase):
    def run_demo(self, *args: str) -> str:
        out = StringIO()
        call_command("demo", *args, stdout=out)
        return out.getvalue()

    def test_it_builds_tuan_chau_and_prints_the_logins(self) -> None:
        output = self.run_demo()
        ward = OrgUnit.objects.get(code="L06700")
        self.assertEqual(ward.name, "Phường Tuần Châu")
        self.assertEqual(
            [a.name for a in ward.ancestors()], ["Tỉnh Quảng Ninh", "Thành phố Hạ Long"]
        )
        self.assertEqual(
            list(ward.children.values_list("name", flat=True)),
            [f"Khu phố {n}" for n in range(1, 6)],
        )
        for role in Role.values:
            self.assertTrue(User.objects.filter(role=role).exists(), role)
        self.assertIn("tuanchau.kp1", output)
        self.assertIn("gocua-demo", output)

    def test_running_it_twice_changes_nothing(self) -> None:
        self.run_demo()
        counts = (OrgUnit.objects.count(), User.objects.count())
        self.run_demo()
        self.assertEqual((OrgUnit.objects.count(), User.objects.count()), counts)
