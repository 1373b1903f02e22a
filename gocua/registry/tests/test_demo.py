"""The demo's registry: a few thousand residents in Hùng Thắng, none in Tuần Châu; twice is once."""

from gocua.audit.models import AuditEvent
from gocua.orgunits.demo import REPORT_DAY, DemoContext
from gocua.registry import demo
from gocua.registry.models import Change, Household, Resident
from gocua.testing import BaseTestCase


class RegistryDemoTestCase(BaseTestCase):
    def test_it_loads_hung_thang_once(self) -> None:
        ctx = DemoContext(units={"ward": self.ward, "ward2": self.ward2})
        demo.build(ctx)
        residents = Resident.objects.filter(ward=self.ward2)
        self.assertEqual(residents.count(), demo.RESIDENTS)
        self.assertFalse(Resident.objects.filter(ward=self.ward).exists())
        self.assertEqual(
            sorted(set(residents.values_list("unit__name", flat=True))),
            [f"Khu phố {n}" for n in range(1, 6)],
        )
        self.assertFalse(residents.filter(smartphone_since__gt=REPORT_DAY).exists())
        self.assertTrue(residents.filter(eid_since__lte=REPORT_DAY).exists())
        counts = (
            Household.objects.count(),
            Change.objects.count(),
            AuditEvent.objects.count(),
            list(residents.order_by("id").values_list("version", flat=True)),
        )
        demo.build(DemoContext(units={"ward": self.ward, "ward2": self.ward2}))
        self.assertEqual(
            (
                Household.objects.count(),
                Change.objects.count(),
                AuditEvent.objects.count(),
                list(residents.order_by("id").values_list("version", flat=True)),
            ),
            counts,
        )
        self.assertIn("3000", ctx.notes[0])
