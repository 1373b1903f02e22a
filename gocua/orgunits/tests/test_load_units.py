from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from gocua.orgunits.models import Level, OrgUnit, Source, Succession


class LoadUnitsTestCase(TestCase):
    def test_it_loads_both_official_lists_once(self) -> None:
        call_command("load_units", "--legacy", stdout=StringIO())
        current = OrgUnit.objects.filter(source=Source.OFFICIAL)
        legacy = OrgUnit.objects.filter(source=Source.LEGACY)
        self.assertEqual(current.filter(level=Level.PROVINCE).count(), 34)
        self.assertEqual(current.filter(level=Level.COMMUNE).count(), 3321)
        self.assertEqual(legacy.filter(level=Level.PROVINCE).count(), 63)
        self.assertEqual(legacy.filter(level=Level.DISTRICT).count(), 696)
        self.assertEqual(legacy.filter(level=Level.COMMUNE).count(), 10051)

        # 06706 is Tuần Châu today and was Đại Yên before: two codes, no clash.
        self.assertEqual(OrgUnit.objects.get(code="06706").name, "Phường Tuần Châu")
        self.assertEqual(OrgUnit.objects.get(code="L06706").name, "Phường Đại Yên")
        old_tuan_chau = OrgUnit.objects.get(code="L06700")
        self.assertEqual(old_tuan_chau.ancestors()[-1].name, "Thành phố Hạ Long")
        self.assertEqual(list(old_tuan_chau.successors.values_list("code", flat=True)), ["06706"])

        counts = (OrgUnit.objects.count(), Succession.objects.count())
        out = StringIO()
        call_command("load_units", "--legacy", stdout=out)
        self.assertEqual((OrgUnit.objects.count(), Succession.objects.count()), counts)
        self.assertIn("+0 ~0", out.getvalue())
