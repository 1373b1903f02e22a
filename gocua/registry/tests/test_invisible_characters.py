"""Zero-width and direction characters do not survive in names or their search copy."""

from __future__ import annotations

from django.urls import reverse

from gocua.lib.text import INVISIBLE
from gocua.registry import services
from gocua.registry.models import Household, Resident
from gocua.registry.tests.helpers import HEADER, RosterTestCase

SPOOFED = "Nguy\u200bễn Văn\u202e An\u2066\u200d"


class InvisibleCharactersTestCase(RosterTestCase):
    def assertClean(self, resident: Resident) -> None:
        self.assertEqual(resident.full_name, "Nguyễn Văn An")
        self.assertEqual(resident.search_name, "nguyen van an")
        self.assertIsNone(INVISIBLE.search(resident.full_name + resident.search_name))

    def test_the_import_removes_them(self) -> None:
        result = self.load(
            HEADER + "\n" + f"H\u200b001,Khu phố 1,Số\u202e 5,{SPOOFED}" + ",,,,,,,,,,,,,,,,\n"
        )
        self.assertEqual(result.errors, [])
        self.assertClean(Resident.objects.get())
        household = Household.objects.get()
        self.assertEqual((household.code, household.address), ("H001", "Số 5"))

    def test_the_services_remove_them(self) -> None:
        household = services.household_add(
            unit=self.kp1, code="H1", address="\u200bSố 5", user=self.alice
        )
        self.assertEqual(household.address, "Số 5")
        resident = services.resident_add(household=household, full_name=SPOOFED, user=self.alice)
        self.assertClean(resident)
        services.resident_update(
            resident=resident,
            version=resident.version,
            full_name="Trần\ufeff Thị\u2067 Bình",
            user=self.alice,
        )
        resident.refresh_from_db()
        self.assertEqual(
            (resident.full_name, resident.search_name), ("Trần Thị Bình", "tran thi binh")
        )

    def test_a_search_with_them_finds_the_name(self) -> None:
        self.load(HEADER + "\nH001,Khu phố 1,,Nguyễn Văn An,,,,,,,,,,,,,,,,\n")
        self.login(self.alice)
        response = self.client.get(
            reverse("registry:index", args=[self.ward.code]), {"q": "nguy\u200ben\u202e van an"}
        )
        self.assertContains(response, "Nguyễn Văn An")
