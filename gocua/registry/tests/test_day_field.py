import datetime as dt

from django.db import connection

from gocua.registry.models import Household, Resident
from gocua.testing import BaseTestCase


class DayFieldTestCase(BaseTestCase):
    def test_it_stores_yyyymmdd_and_compares_dates(self) -> None:
        household = Household.objects.create(ward=self.ward, unit=self.kp1, code="H1")
        resident = Resident.objects.create(
            household=household,
            ward=self.ward,
            unit=self.kp1,
            full_name="Nguyễn Văn A",
            birth_date=dt.date(2009, 6, 26),
        )
        resident.refresh_from_db()
        self.assertEqual(resident.birth_date, dt.date(2009, 6, 26))
        with connection.cursor() as cursor:
            cursor.execute("SELECT birth_date FROM registry_resident WHERE id = %s", [resident.pk])
            self.assertEqual(cursor.fetchone()[0], 20090626)
        aged_14 = Resident.objects.filter(birth_date__lte=dt.date(2009, 6, 26))
        self.assertEqual(list(aged_14), [resident])
        self.assertFalse(Resident.objects.filter(birth_date__lte=dt.date(2009, 6, 25)).exists())
        self.assertIsNone(Resident.objects.get().eid_since)
