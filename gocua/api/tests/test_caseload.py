"""GET /api/v1/caseload and GET /api/v1/units/{code}/indicators."""

from __future__ import annotations

import datetime as dt
import json

from gocua.api.tests.helpers import ApiTestCase
from gocua.registry.models import Household, Resident
from gocua.registry.tests.helpers import make_household
from gocua.testing import run_console


class CaseloadTests(ApiTestCase):
    h1: Household
    h2: Household
    other: Household

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.h1 = make_household(
            cls.kp1, "H001", "Nguyễn Văn Hùng", "Trần Thị Đào", address="Số 5 ngõ Hạ"
        )
        cls.h2 = make_household(cls.kp2, "H002", "Lê Văn Dũng")
        cls.other = make_household(cls.units["ward2_kp1"], "X001", "Phạm Văn Xa")
        gone = Resident.objects.get(full_name="Trần Thị Đào")
        gone.smartphone_since = dt.date(2022, 3, 4)
        gone.eid_level = 2
        gone.eid_since = dt.date(2021, 1, 1)
        gone.eid2_since = dt.date(2022, 1, 1)
        gone.save()

    def test_member_gets_own_neighbourhood(self) -> None:
        response = self.get(self.bob, "/api/v1/caseload", unit=self.kp1.code)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(
            body["unit"], {"code": self.kp1.code, "name": "Khu phố 1", "level": "neighbourhood"}
        )
        self.assertEqual([h["code"] for h in body["households"]], ["H001"])
        household = body["households"][0]
        self.assertEqual(household["address"], "Số 5 ngõ Hạ")
        self.assertEqual(household["neighbourhood"], "Khu phố 1")
        self.assertEqual(household["version"], 1)
        self.assertEqual(household["facts"], {"household_skills": None})
        self.assertEqual(household["search"], "so 5 ngo ha")
        hung, dao = household["residents"]
        self.assertEqual(hung["full_name"], "Nguyễn Văn Hùng")
        self.assertEqual(hung["search"], "nguyen van hung")
        self.assertEqual(hung["birth_date"], "1980-01-02")
        self.assertEqual(hung["sex"], "M")
        self.assertTrue(hung["personal_id"].startswith("••••••••"))
        self.assertEqual(hung["phone"], "••••••••5678")
        self.assertNotIn("0912345678", response.content.decode())
        self.assertEqual(
            dao["facts"],
            {
                "smartphone": "2022-03-04",
                "eid_level": 2,
                "vssid": None,
                "ehealth": None,
                "payment_account": None,
            },
        )
        codes = [s["code"] for s in body["services"]]
        self.assertIn("vneid", codes)
        self.assertTrue(all(s["name"] for s in body["services"]))

    def test_gzipped_for_clients_that_accept_it(self) -> None:
        import gzip

        plain = self.get(self.alice, "/api/v1/caseload", unit=self.ward.code)
        self.assertNotIn("Content-Encoding", plain)
        packed = self.client.get(
            "/api/v1/caseload",
            {"unit": self.ward.code},
            headers={**self.bearer(self.alice), "Accept-Encoding": "gzip"},
        )
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertEqual(json.loads(gzip.decompress(packed.content)), plain.json())

    def test_default_unit_and_moved_out_left_out(self) -> None:
        Resident.objects.filter(full_name="Trần Thị Đào").update(moved_out=dt.date(2023, 1, 1))
        body = self.get(self.bob, "/api/v1/caseload").json()
        self.assertEqual(body["unit"]["code"], self.kp1.code)
        self.assertEqual(
            [r["full_name"] for r in body["households"][0]["residents"]], ["Nguyễn Văn Hùng"]
        )

    def test_the_residents_are_those_living_there_today_by_the_registry_rule(self) -> None:
        from gocua.lib.dates import today

        day = today()
        later = day + dt.timedelta(days=3)
        Resident.objects.filter(full_name="Trần Thị Đào").update(moved_out=later)  # still here
        Resident.objects.create(
            household=self.h1, ward=self.ward, unit=self.kp1, full_name="Lý Văn Đến", moved_in=later
        )
        Resident.objects.create(
            household=self.h1, ward=self.ward, unit=self.kp1, full_name="Lý Văn Ở", moved_in=day
        )
        body = self.get(self.bob, "/api/v1/caseload").json()
        self.assertEqual(body["as_of"], day.isoformat())
        self.assertEqual(
            [r["full_name"] for r in body["households"][0]["residents"]],
            ["Nguyễn Văn Hùng", "Trần Thị Đào", "Lý Văn Ở"],
        )

    def test_ward_officer_gets_ward(self) -> None:
        body = self.get(self.alice, "/api/v1/caseload", unit=self.ward.code).json()
        self.assertEqual([h["code"] for h in body["households"]], ["H001", "H002"])

    def test_outsiders_404(self) -> None:
        for user, code in (
            (self.carol, self.kp1.code),
            (self.bob, self.kp2.code),
            (self.charlie, self.kp1.code),
            (self.bob, self.ward.code),
            (self.alice, self.units["ward2_kp1"].code),
        ):
            self.assertError(self.get(user, "/api/v1/caseload", unit=code), 404, "not_found")

    def test_above_commune_refused(self) -> None:
        self.assertError(
            self.get(self.dave, "/api/v1/caseload", unit=self.units["city"].code), 422, "invalid"
        )
        self.assertError(self.get(self.dave, "/api/v1/caseload"), 422, "invalid")


class IndicatorTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_household(cls.kp1, "H001", "Nguyễn Văn Hùng", "Trần Thị Đào")
        make_household(cls.kp2, "H002", "Lê Văn Dũng")

    def test_same_json_as_the_command(self) -> None:
        for as_of, start in (("2023-06-26", None), ("2024-03-01", "2023-07-01")):
            args = ["indicators", "--unit", self.ward.code, "--as-of", as_of, "--format", "json"]
            params = {"as_of": as_of}
            if start:
                args += ["--from", start]
                params["from"] = start
            status, out, err = run_console(*args)
            self.assertEqual(status, 0, err)
            response = self.get(self.alice, f"/api/v1/units/{self.ward.code}/indicators", **params)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.json(), json.loads(out))
            self.assertEqual(response.json()["from"], start or "2023-01-01")

    def test_scoped(self) -> None:
        url = f"/api/v1/units/{self.ward.code}/indicators"
        self.assertError(self.get(self.charlie, url), 404, "not_found")
        self.assertError(self.get(self.bob, url), 404, "not_found")
        self.assertEqual(self.get(self.dave, url).status_code, 200)
        self.assertEqual(
            self.get(self.bob, f"/api/v1/units/{self.kp1.code}/indicators").status_code, 200
        )

    def test_from_after_as_of(self) -> None:
        url = f"/api/v1/units/{self.ward.code}/indicators"
        response = self.get(self.alice, url, **{"as_of": "2023-01-01", "from": "2023-02-01"})
        self.assertError(response, 422, "invalid")
